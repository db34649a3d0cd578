/** The ZXing reader WASM, aliased in vite.config.ts and imported as a URL. */
declare module 'zxing-reader-wasm?url' {
  const url: string;
  export default url;
}
