/**
 * Sound and vibration when a scan is accepted or refused, so a counter need not look at the
 * screen: a short high beep and one buzz for accepted, two low beeps and a long buzz for refused.
 * Each is skipped where the browser has no Web Audio or no `navigator.vibrate`.
 */

/** What the counter is told. */
export type Signal = 'accept' | 'reject';

const TONES: Record<Signal, { frequency: number; beeps: number; ms: number }> = {
  accept: { frequency: 1760, beeps: 1, ms: 80 },
  reject: { frequency: 330, beeps: 2, ms: 160 },
};
const VIBRATION: Record<Signal, number[]> = { accept: [40], reject: [200, 80, 200] };

type AudioContextClass = typeof AudioContext;
let audio: AudioContext | undefined;

function audioContext(): AudioContext | undefined {
  if (audio !== undefined) return audio;
  const Ctor = (globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass }).AudioContext ??
    (globalThis as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  if (Ctor === undefined) return undefined;
  try {
    audio = new Ctor();
  } catch {
    return undefined;
  }
  return audio;
}

function beep(signal: Signal): void {
  const ctx = audioContext();
  if (ctx === undefined) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const { frequency, beeps, ms } = TONES[signal];
  for (let i = 0; i < beeps; i++) {
    const start = ctx.currentTime + (i * ms * 1.6) / 1000;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.08;
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + ms / 1000);
  }
}

function vibrate(signal: Signal): void {
  if (typeof navigator.vibrate !== 'function') return;
  try {
    navigator.vibrate(VIBRATION[signal]);
  } catch {
    // Some browsers refuse without a user gesture: the beep still tells.
  }
}

/**
 * Beeps and buzzes for a scan.
 *
 * @param signal - `accept` or `reject`
 */
export function signal(signal: Signal): void {
  beep(signal);
  vibrate(signal);
  document.body.dataset['signal'] = signal;
}
