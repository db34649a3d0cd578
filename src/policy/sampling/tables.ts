/**
 * The published constants of monetary-unit sampling (MUS), in one place with their source.
 *
 * Source: AICPA Audit Guide *Audit Sampling* (2008 edition; the 2012 edition's statistical tables
 * are the same), its MUS tables "Confidence Factors for Sample Size Design", "Monetary Unit Sampling —
 * Confidence Factors for Sample Evaluation" and "Expansion Factors for Expected Misstatements",
 * documented by T. R. Stewart, *Technical Notes on the AICPA Audit Guide Audit Sampling* (AICPA,
 * 2012). The confidence factors are the upper limits of the Poisson mean for k observed errors at
 * the stated confidence, rounded **up** to two decimals (e.g. 2.9957 is printed as 3.00 and 7.9936
 * as 8.00); `test/policy/sampling/tables.test.ts` recomputes every value below from the Poisson
 * distribution to show that.
 *
 * @module
 */
import { poissonUpperLimit } from './distributions.js';

/**
 * The confidence levels MUS plans accept: the risk-of-incorrect-acceptance columns of the guide's
 * tables (1 %, 5 %, 10 %, 15 %, 20 %, 25 %, 30 %, 37 % and 50 %), as confidence = 1 − risk.
 */
export const MUS_CONFIDENCE_LEVELS = [0.99, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.63, 0.5] as const;

/** A confidence level MUS accepts; see {@link MUS_CONFIDENCE_LEVELS}. */
export type MusConfidence = (typeof MUS_CONFIDENCE_LEVELS)[number];

/**
 * Expansion factors for expected misstatements (the guide's table of that name), by confidence:
 * the sample size with an expected error `EE` is `BV × CF(0) / (TE − EE × EF)`.
 */
export const MUS_EXPANSION_FACTORS: Readonly<Record<MusConfidence, string>> = {
  0.99: '1.9',
  0.95: '1.6',
  0.9: '1.5',
  0.85: '1.4',
  0.8: '1.3',
  0.75: '1.25',
  0.7: '1.2',
  0.63: '1.15',
  0.5: '1',
};

/**
 * Confidence factors for 0 … 20 errors at 80, 90, 95 and 99 % confidence. The 80, 90 and 95 %
 * columns are the guide's evaluation table (risk 20, 10 and 5 %); the 99 % column is computed the
 * same way (the guide's sample-size table prints its first value, 4.61). Row `k` is the factor
 * for `k` errors; the first row is the factor for sample size design.
 */
export const MUS_CONFIDENCE_FACTORS: Readonly<Partial<Record<MusConfidence, readonly string[]>>> = {
  0.8: [
    '1.61', '3.00', '4.28', '5.52', '6.73', '7.91', '9.08', '10.24', '11.38', '12.52', '13.66',
    '14.78', '15.90', '17.02', '18.13', '19.24', '20.34', '21.44', '22.54', '23.64', '24.73',
  ],
  0.9: [
    '2.31', '3.89', '5.33', '6.69', '8.00', '9.28', '10.54', '11.78', '13.00', '14.21', '15.41',
    '16.60', '17.79', '18.96', '20.13', '21.30', '22.46', '23.61', '24.76', '25.91', '27.05',
  ],
  0.95: [
    '3.00', '4.75', '6.30', '7.76', '9.16', '10.52', '11.85', '13.15', '14.44', '15.71', '16.97',
    '18.21', '19.45', '20.67', '21.89', '23.10', '24.31', '25.50', '26.70', '27.88', '29.07',
  ],
  0.99: [
    '4.61', '6.64', '8.41', '10.05', '11.61', '13.11', '14.58', '16.00', '17.41', '18.79', '20.15',
    '21.49', '22.83', '24.14', '25.45', '26.75', '28.04', '29.31', '30.59', '31.85', '33.11',
  ],
};

/**
 * The confidence factor for `errors` errors: the table's value where it has one, else the Poisson
 * upper limit rounded up to two decimals, as the guide computes its tables.
 *
 * @param errors - the number of errors (0 for sample size design)
 * @param confidence - a level of {@link MUS_CONFIDENCE_LEVELS}
 * @returns the factor as a decimal string, e.g. `'3.00'` for no error at 95 %
 * @example
 * ```ts
 * musConfidenceFactor(0, 0.95); // '3.00'
 * musConfidenceFactor(1, 0.95); // '4.75'
 * ```
 */
export function musConfidenceFactor(errors: number, confidence: MusConfidence): string {
  const tabled = MUS_CONFIDENCE_FACTORS[confidence]?.[errors];
  if (tabled !== undefined) return tabled;
  // Rounded up in hundredths; the small tolerance keeps an exact limit such as 16.0000 at 16.00.
  return (Math.ceil(poissonUpperLimit(errors, confidence) * 100 - 1e-7) / 100).toFixed(2);
}

/**
 * The expansion factor of a confidence level.
 *
 * @param confidence - a level of {@link MUS_CONFIDENCE_LEVELS}
 * @returns the factor as a decimal string, e.g. `'1.6'` at 95 %
 * @example
 * ```ts
 * musExpansionFactor(0.95); // '1.6'
 * ```
 */
export function musExpansionFactor(confidence: MusConfidence): string {
  return MUS_EXPANSION_FACTORS[confidence];
}

/**
 * Tells whether a number is one of the MUS confidence levels.
 *
 * @internal
 */
export function isMusConfidence(value: number): value is MusConfidence {
  return (MUS_CONFIDENCE_LEVELS as readonly number[]).includes(value);
}
