/**
 * Shared types of the scanner subpath: the scan event, parse results and errors.
 *
 * @module
 */

/** Where a scan came from. */
export type ScanSource = 'wedge' | 'camera' | 'rfid' | 'manual';

/**
 * One scan, whatever produced it (DESIGN §6: one event shape for every source).
 *
 * `eventId` must be unique per scan and stable across resends: entry ids derive from it, so
 * resending a queued event cannot count twice.
 */
export interface ScanEvent {
  /** A unique, stable id of this scan. */
  readonly eventId: string;
  /** The input that produced it. */
  readonly source: ScanSource;
  /** The data as the device delivered it, including an AIM symbology identifier if it sent one. */
  readonly raw: string;
  /** The AIM symbology identifier (e.g. `]C1`) when the device reports it apart from `raw`. */
  readonly symbology?: string;
  /** When the scan happened, as an ISO 8601 timestamp. */
  readonly time: string;
  /** The device that scanned, when known. */
  readonly device?: string;
}

/** One GS1 element: an Application Identifier and its value. */
export interface Gs1Element {
  /** The Application Identifier (two to four digits). */
  readonly ai: string;
  /** The value, without separators. */
  readonly value: string;
}

/** A symbology named by an AIM identifier. */
export interface AimSymbology {
  /** The identifier as transmitted, e.g. `]C1`. */
  readonly id: string;
  /** A readable name, e.g. `GS1-128`. */
  readonly name: string;
  /** How stocktake reads the data that follows it. */
  readonly content: 'gs1' | 'gtin' | 'uri_or_text' | 'text';
}

/** Stable codes of a failed parse. */
export type ScanErrorCode =
  | 'empty_input'
  | 'invalid_symbology_identifier'
  | 'unknown_ai'
  | 'invalid_bracketed_syntax'
  | 'value_too_short'
  | 'value_too_long'
  | 'invalid_character'
  | 'invalid_check_digit'
  | 'invalid_date'
  | 'invalid_value'
  | 'duplicate_ai'
  | 'missing_required_ai'
  | 'excluded_ai_combination'
  | 'invalid_digital_link'
  | 'invalid_gtin'
  | 'invalid_epc'
  | 'unknown_epc_header'
  | 'invalid_epc_partition';

/** Why a scan could not be parsed. */
export interface ScanParseError {
  /** The stable code; match on this. */
  readonly code: ScanErrorCode;
  /** A sentence for people, naming the AI where there is one. */
  readonly message: string;
  /** The index in the raw input where the problem was found. */
  readonly position: number;
  /** The Application Identifier at fault, when there is one. */
  readonly ai?: string;
}

/** A net weight or other measure carried by AI 310n / 320n. */
export interface ScanMeasure {
  /** The value as a decimal string, with the decimals the AI encodes (`001500` in 3103 is `1.500`). */
  readonly value: string;
  /** The unit. */
  readonly unit: 'kg' | 'lb';
  /** The AI it came from. */
  readonly ai: string;
}

/** An EPC decoded from an RFID tag's EPC memory. */
export type DecodedEpc = DecodedSgtin | DecodedSscc;

/** An SGTIN (a serialised GTIN) from an SGTIN-96 or SGTIN-198 tag. */
export interface DecodedSgtin {
  /** The EPC scheme. */
  readonly scheme: 'sgtin-96' | 'sgtin-198';
  /** The filter value (0 to 7; 1 = point of sale item, 2 = case, ...). */
  readonly filter: number;
  /** The GS1 Company Prefix, with its leading zeros. */
  readonly companyPrefix: string;
  /** The item reference, with the indicator digit first. */
  readonly itemReference: string;
  /** The GTIN-14, check digit computed. */
  readonly gtin: string;
  /** The serial number (AI 21). */
  readonly serial: string;
  /** The pure identity URI, e.g. `urn:epc:id:sgtin:0614141.812345.6789`. */
  readonly uri: string;
  /** The tag URI, e.g. `urn:epc:tag:sgtin-96:3.0614141.812345.6789`. */
  readonly tagUri: string;
}

/** An SSCC from an SSCC-96 tag. */
export interface DecodedSscc {
  /** The EPC scheme. */
  readonly scheme: 'sscc-96';
  /** The filter value (0 to 7). */
  readonly filter: number;
  /** The GS1 Company Prefix, with its leading zeros. */
  readonly companyPrefix: string;
  /** The serial reference, with the extension digit first. */
  readonly serialReference: string;
  /** The SSCC (18 digits, check digit computed). */
  readonly sscc: string;
  /** The pure identity URI, e.g. `urn:epc:id:sscc:0614141.1234567890`. */
  readonly uri: string;
  /** The tag URI, e.g. `urn:epc:tag:sscc-96:3.0614141.1234567890`. */
  readonly tagUri: string;
}

/**
 * Something the app should know about how a scan was read, though it was read: a hint to
 * configure the scanner better, or an ambiguity that was resolved.
 *
 * - `gs1_without_symbology_identifier`: GS1 element strings arrived without an AIM identifier
 *   and were read as GS1 because they validate and carry a key with a check digit; enable AIM
 *   identifiers on the scanner so this never depends on the data.
 * - `possibly_gs1`: the data starts with a GS1 key and a valid check digit (e.g. `01` and a GTIN)
 *   but does not validate as element strings, so it was read as text: if it is a GS1 barcode,
 *   enable AIM identifiers and GS transmission on the scanner.
 * - `upc_e_or_ean_8`: eight bare digits that are both a valid UPC-E and a valid EAN-8 were read
 *   as UPC-E (an EAN-8 starting with 0 is a restricted circulation number); the EAN-8 reading is
 *   in `alternativeGtins`.
 */
export interface ScanWarning {
  /** The stable code; match on this. */
  readonly code: 'gs1_without_symbology_identifier' | 'possibly_gs1' | 'upc_e_or_ean_8';
  /** A sentence for people. */
  readonly message: string;
}

/** How the scanned data was written. */
export type ScanFormat = 'element_string' | 'bracketed' | 'digital_link' | 'gtin' | 'sscc' | 'epc' | 'text';

/** A successful parse: every AI plus the named fields counting needs. */
export interface ScanData {
  /** Always true. */
  readonly ok: true;
  /** How the data was written; `text` for data that is not GS1 (a location label, a free text). */
  readonly format: ScanFormat;
  /** The data after the symbology identifier, GS substitutes replaced by GS (ASCII 29). */
  readonly data: string;
  /** The symbology, when an AIM identifier was sent or given. */
  readonly symbology?: AimSymbology;
  /** Every GS1 element in the order read (empty for `text`). */
  readonly elements: readonly Gs1Element[];
  /** Every GS1 element as a map from AI to value. */
  readonly ais: Readonly<Record<string, string>>;
  /** The GTIN of the item (AI 01, or from an SGTIN), always 14 digits. */
  readonly gtin?: string;
  /** The GTIN of contained items (AI 02), 14 digits. */
  readonly contentGtin?: string;
  /** The batch or lot (AI 10). */
  readonly lot?: string;
  /** The serial number (AI 21, or from an SGTIN). */
  readonly serial?: string;
  /** The expiry date (AI 17) as an ISO date; day `00` means the last day of the month. */
  readonly expiry?: string;
  /** A count of items (AI 30 variable count, or AI 37 count of contained items). */
  readonly count?: number;
  /** The net weight (AI 310n in kg, 320n in lb). */
  readonly netWeight?: ScanMeasure;
  /** The SSCC (AI 00, or from an SSCC-96 tag). */
  readonly sscc?: string;
  /** A physical location GLN (AI 414). */
  readonly gln?: string;
  /** The decoded EPC, for RFID data. */
  readonly epc?: DecodedEpc;
  /** The URI, for a GS1 Digital Link. */
  readonly digitalLink?: string;
  /**
   * Other GTINs the same data can stand for, when it is ambiguous (eight bare digits that are
   * both a UPC-E and an EAN-8). A resolver tries them when `gtin` is unknown.
   */
  readonly alternativeGtins?: readonly string[];
  /** How the data was read, when the app should know (see {@link ScanWarning}). */
  readonly warnings?: readonly ScanWarning[];
}

/** A failed parse. */
export interface ScanFailure {
  /** Always false. */
  readonly ok: false;
  /** What went wrong and where. */
  readonly error: ScanParseError;
}

/** The result of {@link parseScan}. */
export type ParseScanResult = ScanData | ScanFailure;

/**
 * Builds a failure result.
 *
 * @internal
 */
export function scanFailure(code: ScanErrorCode, message: string, position: number, ai?: string): ScanFailure {
  return { ok: false, error: ai === undefined ? { code, message, position } : { code, message, position, ai } };
}
