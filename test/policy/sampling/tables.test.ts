import { describe, expect, it } from 'vitest';
import {
  MUS_CONFIDENCE_FACTORS,
  MUS_CONFIDENCE_LEVELS,
  MUS_EXPANSION_FACTORS,
  musConfidenceFactor,
  musExpansionFactor,
  type MusConfidence,
} from '../../../src/index.js';
import { normalQuantile, poissonUpperLimit, studentTQuantile } from '../../../src/policy/sampling/distributions.js';

/** The Poisson upper limit rounded up to cents, as the AICPA guide prints its factors. */
function roundedUp(errors: number, confidence: number): string {
  return (Math.ceil(poissonUpperLimit(errors, confidence) * 100 - 1e-7) / 100).toFixed(2);
}

describe('MUS confidence factors (AICPA Audit Sampling guide)', () => {
  it('are the Poisson upper limits rounded up to two decimals, for 0 … 20 errors at 80, 90, 95 and 99 %', () => {
    for (const [level, column] of Object.entries(MUS_CONFIDENCE_FACTORS)) {
      expect(column).toHaveLength(21);
      column!.forEach((factor, errors) => expect(factor, `${errors} errors at ${level}`).toBe(roundedUp(errors, Number(level))));
    }
  });

  it('match the values quoted from the guide: 3.00 / 4.75 / 6.30 at 95 %, 2.31 / 3.89 at 90 %, 1.61 / 3.00 at 80 %, 4.61 at 99 %', () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => musConfidenceFactor(k, 0.95))).toEqual(['3.00', '4.75', '6.30', '7.76', '9.16', '10.52']);
    expect([0, 1, 2, 3, 4].map((k) => musConfidenceFactor(k, 0.9))).toEqual(['2.31', '3.89', '5.33', '6.69', '8.00']);
    expect([0, 1, 2, 3, 4].map((k) => musConfidenceFactor(k, 0.8))).toEqual(['1.61', '3.00', '4.28', '5.52', '6.73']);
    expect(musConfidenceFactor(0, 0.99)).toBe('4.61');
    // The guide's other risk levels, computed: 15 %, 25 %, 30 %, 37 %, 50 % for zero errors.
    expect([0.85, 0.75, 0.7, 0.63, 0.5].map((c) => musConfidenceFactor(0, c as MusConfidence))).toEqual(['1.90', '1.39', '1.21', '1.00', '0.70']);
  });

  it('are computed the same way beyond the table and grow with the number of errors', () => {
    expect(musConfidenceFactor(21, 0.95)).toBe(roundedUp(21, 0.95));
    expect(musConfidenceFactor(40, 0.9)).toBe(roundedUp(40, 0.9));
    for (const level of MUS_CONFIDENCE_LEVELS) {
      for (let k = 1; k < 30; k++) expect(Number(musConfidenceFactor(k, level))).toBeGreaterThan(Number(musConfidenceFactor(k - 1, level)) + 0.9);
    }
  });

  it('have the guide’s expansion factors for expected errors', () => {
    expect(MUS_EXPANSION_FACTORS).toEqual({ 0.99: '1.9', 0.95: '1.6', 0.9: '1.5', 0.85: '1.4', 0.8: '1.3', 0.75: '1.25', 0.7: '1.2', 0.63: '1.15', 0.5: '1' });
    expect(musExpansionFactor(0.95)).toBe('1.6');
  });
});

describe('distributions', () => {
  it('normal quantiles match the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('Student t quantiles match the tables, also for fractional degrees of freedom', () => {
    const table: Array<[number, number, number]> = [
      [0.975, 1, 12.7062], [0.975, 2, 4.3027], [0.975, 5, 2.5706], [0.975, 10, 2.2281], [0.975, 30, 2.0423], [0.975, 120, 1.9799],
      [0.95, 4, 2.1318], [0.995, 3, 5.8409], [0.9, 20, 1.3253],
    ];
    for (const [p, df, t] of table) expect(studentTQuantile(p, df), `${p} at ${df}`).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.975, 2.5)).toBeGreaterThan(studentTQuantile(0.975, 3));
    expect(studentTQuantile(0.975, 2.5)).toBeLessThan(studentTQuantile(0.975, 2));
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
  });

  it('Poisson limits: −ln(1 − c) for no event, and P(X ≤ k | limit) = 1 − c', () => {
    expect(poissonUpperLimit(0, 0.95)).toBeCloseTo(-Math.log(0.05), 12);
    for (const k of [1, 5, 20, 80]) {
      const limit = poissonUpperLimit(k, 0.9);
      let term = Math.exp(-limit);
      let cdf = term;
      for (let i = 1; i <= k; i++) {
        term *= limit / i;
        cdf += term;
      }
      expect(cdf).toBeCloseTo(0.1, 9);
    }
  });
});
