/**
 * Lookups in the generated Application Identifier table.
 *
 * @module
 */
import { aiTable } from './ai-table.generated.js';
import type { AiDefinition } from './ai-types.js';

/**
 * The definition of an AI, or `undefined` when the dictionary has no such AI.
 *
 * @param ai - the AI, e.g. `'01'` or `'3103'`
 * @returns its definition
 * @example
 * ```ts
 * getAiDefinition('10')?.title; // 'BATCH/LOT'
 * ```
 */
export function getAiDefinition(ai: string): AiDefinition | undefined {
  return Object.hasOwn(aiTable, ai) ? aiTable[ai] : undefined;
}

/**
 * Finds the AI that starts at `position` in a string of element strings. GS1 AIs are
 * prefix-free, so at most one of the two-, three- and four-digit prefixes is an AI.
 *
 * @internal
 */
export function aiAt(data: string, position: number): AiDefinition | undefined {
  for (const length of [2, 3, 4]) {
    const candidate = data.slice(position, position + length);
    if (candidate.length < length || !/^[0-9]+$/.test(candidate)) return undefined;
    const definition = getAiDefinition(candidate);
    if (definition !== undefined) return definition;
  }
  return undefined;
}

/**
 * The data length of a pre-defined length AI (the dictionary's `*` flag).
 *
 * @internal
 */
export function predefinedLengthOf(definition: AiDefinition): number {
  return definition.components.reduce((sum, c) => sum + c.max, 0);
}

/**
 * Whether an AI matches a dictionary pattern, where `n` stands for any digit (`310n`, `31nn`).
 *
 * @internal
 */
export function aiMatches(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) {
    const p = pattern.charAt(i);
    if (p !== 'n' && p !== ai.charAt(i)) return false;
  }
  return true;
}
