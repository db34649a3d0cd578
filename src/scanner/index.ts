/**
 * `stocktake/scanner`: scanner input for counting apps. Parses GS1 barcodes (element strings,
 * the bracketed form, Digital Link URIs, EAN/UPC), RFID EPCs (SGTIN-96, SGTIN-198, SSCC-96) and
 * keyboard-wedge input, resolves GTINs to items and packs, and turns scans into count entries.
 *
 * This entry point does not import the storage, ledger or count code and runs in a browser.
 *
 * @module stocktake/scanner
 */
export { parseScan, parseScanOptionsSchema, type ParseScanOptions } from './parse-scan.js';
export { expandUpcE, gtinCheckDigit, isValidGtin, normalizeGtin } from './gtin.js';
export { decodeEpc, type DecodeEpcResult } from './epc.js';
export { aimSymbology, parseAimIdentifier } from './aim.js';
export { formatBracketed, formatElementString, GS } from './gs1/element-string.js';
export { formatDigitalLink, type FormatDigitalLinkOptions } from './gs1/digital-link.js';
export { getAiDefinition } from './gs1/ai.js';
export { syntaxDictionaryRelease } from './gs1/ai-table.generated.js';
export type { AiComponent, AiDefinition, Gs1CharacterSet } from './gs1/ai-types.js';
export type {
  AimSymbology,
  DecodedEpc,
  DecodedSgtin,
  DecodedSscc,
  Gs1Element,
  ParseScanResult,
  ScanData,
  ScanErrorCode,
  ScanFailure,
  ScanFormat,
  ScanMeasure,
  ScanEvent,
  ScanParseError,
  ScanSource,
  ScanWarning,
} from './types.js';
export {
  createWedgeDecoder,
  createWedgeDecoderOptionsSchema,
  type CreateWedgeDecoderOptions,
  type WedgeDecoder,
  type WedgeKey,
  type WedgeKeyEvent,
  type WedgeOutput,
} from './wedge.js';
export {
  createItemResolver,
  scanCatalogItemSchema,
  type ItemResolver,
  type ScanCatalogItem,
  type ScanResolution,
  type ScanResolved,
  type ScanUnresolved,
} from './resolver.js';
export {
  applyScanPipelineChanges,
  createScanPipeline,
  createScanPipelineOptionsSchema,
  rfidReadSchema,
  scanEntryId,
  scanEventSchema,
  scanPipelineChangesSchema,
  scanPipelineStateSchema,
  scanPipelineStateV1Schema,
  type CreateScanPipelineOptions,
  type RfidRead,
  type ScanBuiltEntry,
  type ScanCancelledMultiplier,
  type ScanCountEntry,
  type ScanEntrySink,
  type ScanFlagReason,
  type ScanHeldEntry,
  type ScanLastPlain,
  type ScanLocationBarcode,
  type ScanOptions,
  type ScanOutcome,
  type ScanOutcomeEntry,
  type ScanPipeline,
  type ScanPipelineChanges,
  type ScanPipelineState,
  type ScanPipelineStateV1,
  type ScanRememberedEvent,
  type ScanUndoOptions,
  type ScanUndoOutcome,
  type ScanVoidInput,
} from './pipeline.js';
