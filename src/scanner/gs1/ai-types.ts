/**
 * Types of the generated GS1 Application Identifier table.
 *
 * @module
 */

/**
 * A GS1 character set: `N` digits, `X` CSET 82, `Y` CSET 39, `Z` CSET 64 (base64url).
 */
export type Gs1CharacterSet = 'N' | 'X' | 'Y' | 'Z';

/** One component of an AI's data field, as the Barcode Syntax Dictionary specifies it. */
export interface AiComponent {
  /** The character set of the component. */
  readonly cset: Gs1CharacterSet;
  /** The minimum length (equal to `max` for a fixed-length component). */
  readonly min: number;
  /** The maximum length. */
  readonly max: number;
  /** Whether the component may be absent once the data is exhausted (`[...]` in the dictionary). */
  readonly optional: boolean;
  /** The names of the dictionary's linters applied to the component, in order. */
  readonly linters: readonly string[];
}

/** The definition of one Application Identifier, generated from the Barcode Syntax Dictionary. */
export interface AiDefinition {
  /** The AI itself, two to four digits. */
  readonly ai: string;
  /** The dictionary's short title (e.g. `BATCH/LOT`). */
  readonly title: string;
  /**
   * The dictionary's `*` flag: a pre-defined length AI that never needs an FNC1 (GS) separator
   * after it. This is not the same as "fixed length": some fixed-length AIs still need one.
   */
  readonly predefinedLength: boolean;
  /** The dictionary's `?` flag: the AI may appear as a GS1 Digital Link data attribute (query). */
  readonly dlDataAttribute: boolean;
  /** The components of the data field, in order. */
  readonly components: readonly AiComponent[];
  /**
   * Required associations: every inner list is one `req=` attribute and must be satisfied; it is
   * satisfied when all AIs of one of its `+`-joined groups are present. Groups may hold patterns
   * where `n` stands for any digit (e.g. `31nn`).
   */
  readonly req: readonly (readonly (readonly string[])[])[];
  /** Invalid pairings: every inner list is one `ex=` attribute; none of its AIs or patterns may be present. */
  readonly ex: readonly (readonly string[])[];
  /**
   * When the AI is a GS1 Digital Link primary key: the alternative ordered sequences of key
   * qualifiers (`[[]]` for a key that takes none). Absent when the AI is not a primary key.
   */
  readonly dlpkey?: readonly (readonly string[])[];
}
