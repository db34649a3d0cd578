/**
 * Scan input: a keyboard-wedge scanner (every keydown goes to the library's wedge decoder) and the
 * camera. Both hand complete scans to the counting screen.
 */
import { createWedgeDecoder, type ScanEvent, type WedgeOutput } from 'stocktake/scanner';
import { startCamera, symbologyOf, type CameraScanner } from './camera.js';
import { t } from './i18n.js';

/** Scanners send the GS1 group separator as Ctrl+] (always understood) or a key such as F8; list yours here. */
export const GS_KEYS = ['F8'];
/**
 * `'codes'` when the scanner's keyboard country is USA and the device's keyboard layout is not
 * (German, French, ...); `'keys'` when they match. Set per device: `localStorage['stocktake.keyboard']`.
 */
const KEYBOARD = localStorage.getItem('stocktake.keyboard') === 'codes' ? 'codes' : 'keys';

/**
 * A new scan event id, unique on this device.
 *
 * @returns the id
 */
export function newEventId(device: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${device}-${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** What {@link connectInput} needs from the screen. */
export interface InputOptions {
  readonly device: string;
  readonly video: HTMLVideoElement;
  readonly cameraButton: HTMLButtonElement;
  readonly handleScan: (event: ScanEvent) => Promise<void>;
  readonly say: (tone: 'info' | 'error', ...lines: string[]) => void;
}

/** Listens to the wedge scanner and wires the camera button. */
export function connectInput({ device, video, cameraButton, handleScan, say }: InputOptions): void {
  const m = t();
  // The decoder's defaults keep a Bluetooth scanner's stalls (up to 300 ms) inside one scan and
  // read Ctrl+] as GS, CapsLock as the scanner meant it, and the layout as KEYBOARD says.
  const wedge = createWedgeDecoder({ device, gsKeys: GS_KEYS, keyboard: KEYBOARD, createEventId: () => newEventId(device) });
  let chain = Promise.resolve();
  const handleWedge = (outputs: WedgeOutput[]): void => {
    for (const out of outputs) {
      if (out.type === 'scan') chain = chain.then(() => handleScan(out.event)).catch((error: unknown) => say('error', m.scanFailed, String(error)));
      else if (out.text.trim() !== '') say('info', m.typingIgnored, m.typingIgnoredHelp);
    }
  };
  const onKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target?.closest('dialog') != null) return;
    // Keys belong to the scanner here: keep Enter from clicking the focused button.
    if (event.key.length === 1 || event.key === 'Enter' || GS_KEYS.includes(event.key)) event.preventDefault();
    handleWedge(wedge.feed(event));
  };
  document.addEventListener('keydown', onKey);
  // The same clock as feed's (the decoder's own), and every scan it completes is delivered.
  setInterval(() => handleWedge(wedge.tick()), 100);

  let camera: CameraScanner | undefined;
  cameraButton.addEventListener('click', () => void toggleCamera());
  async function toggleCamera(): Promise<void> {
    if (camera !== undefined) {
      camera.stop();
      camera = undefined;
      video.hidden = true;
      cameraButton.textContent = m.camera;
      return;
    }
    try {
      video.hidden = false;
      cameraButton.textContent = m.stopCamera;
      camera = await startCamera(video, (found) => {
        const symbology = symbologyOf(found.format);
        chain = chain.then(() => handleScan({ eventId: newEventId(device), source: 'camera', raw: found.rawValue, ...(symbology ? { symbology } : {}), time: new Date().toISOString(), device }));
      });
    } catch (error) {
      video.hidden = true;
      cameraButton.textContent = m.camera;
      say('error', m.cameraUnavailable, String((error as Error).message ?? error));
    }
  }
}
