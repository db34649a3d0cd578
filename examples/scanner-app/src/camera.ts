/**
 * Camera scanning: the native `BarcodeDetector` where the browser has one, else the
 * `barcode-detector` polyfill (ZXing compiled to WebAssembly). The WASM file is bundled with the
 * app and served from its own origin, never fetched from a CDN.
 */
import zxingReaderWasm from 'zxing-reader-wasm?url';

/** What the camera found. */
export interface Detected {
  readonly rawValue: string;
  readonly format: string;
}

interface Detector {
  detect(source: ImageBitmapSource): Promise<Detected[]>;
}

const FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'itf', 'data_matrix', 'qr_code'] as const;

let detector: Promise<{ detector: Detector; native: boolean }> | undefined;

/** The detector, created once: native when it supports our formats, else the polyfill. */
export function getDetector(): Promise<{ detector: Detector; native: boolean }> {
  detector ??= (async () => {
    const Native = (globalThis as { BarcodeDetector?: { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> } })
      .BarcodeDetector;
    if (Native !== undefined) {
      const supported = await Native.getSupportedFormats().catch((): string[] => []);
      const formats = FORMATS.filter((format) => supported.includes(format));
      if (formats.length > 0) return { detector: new Native({ formats }), native: true };
    }
    const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
    prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(zxingReaderWasm, document.baseURI).href : prefix + path) },
    });
    return { detector: new BarcodeDetector({ formats: [...FORMATS] }), native: false };
  })();
  return detector;
}

/** The AIM symbology identifier of a detected format, where the format implies one. */
export function symbologyOf(format: string): string | undefined {
  return format === 'ean_13' ? ']E0' : format === 'ean_8' ? ']E4' : format === 'itf' ? ']I1' : undefined;
}

/** A running camera scanner. */
export interface CameraScanner {
  stop(): void;
}

/**
 * Starts the camera and reports each barcode once while it stays in view.
 *
 * @param video - where the preview shows
 * @param onDetect - called with each new barcode
 * @returns a handle to stop the camera
 */
export async function startCamera(video: HTMLVideoElement, onDetect: (found: Detected) => void): Promise<CameraScanner> {
  const { detector: active } = await getDetector();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  await video.play();
  let stopped = false;
  const lastSeen = new Map<string, number>();
  const loop = async (): Promise<void> => {
    while (!stopped) {
      if (video.readyState >= 2) {
        const found = await active.detect(video).catch(() => []);
        const now = Date.now();
        for (const barcode of found) {
          const seen = lastSeen.get(barcode.rawValue);
          lastSeen.set(barcode.rawValue, now);
          if (seen === undefined || now - seen > 2000) onDetect(barcode);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  void loop();
  return {
    stop() {
      stopped = true;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
