/**
 * The OpenAPI 3.1 document of the service, generated from the same zod schemas that validate the
 * requests (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 */
import {
  approveInputSchema,
  completeLocationInputSchema,
  excludeLocationInputSchema,
  itemInputSchema,
  locationInputSchema,
  movementInputSchema,
  openCountInputSchema,
  postCountInputSchema,
  recordEntryInputSchema,
  reportInputSchema,
  voidEntryInputSchema,
} from 'stocktake';
import * as z from 'zod';
import { responses as responseSchemas, type ResponseName } from './responses.js';
import {
  balancesQuerySchema,
  closeRoundInputSchema,
  countsQuerySchema,
  entriesBatchSchema,
  locationsQuerySchema,
  metricsQuerySchema,
  movementsQuerySchema,
  onHandQuerySchema,
} from './schemas.js';
import { countingBodies, countingOperations } from './counting-routes.js';

/** Request bodies, by the name they get under `components.schemas`. */
const bodies = {
  ItemInput: itemInputSchema,
  LocationInput: locationInputSchema,
  MovementInput: movementInputSchema,
  OpenCountInput: openCountInputSchema,
  RecordEntryInput: recordEntryInputSchema,
  EntriesBatch: entriesBatchSchema,
  VoidEntryInput: voidEntryInputSchema,
  CompleteLocationInput: completeLocationInputSchema,
  ExcludeLocationInput: excludeLocationInputSchema,
  ApproveInput: approveInputSchema,
  PostCountInput: postCountInputSchema,
  CloseRoundInput: closeRoundInputSchema,
  ...countingBodies,
} satisfies Record<string, z.ZodType>;

type BodyName = keyof typeof bodies;

/**
 * Fields of the library's input schemas that the service fills in over HTTP, so a request may
 * leave them out: the authenticated actor, and ids taken from the path or the Idempotency-Key.
 */
const filledIn: Partial<Record<BodyName, readonly string[]>> = {
  ItemInput: ['sku', 'actor'],
  LocationInput: ['id', 'actor'],
  MovementInput: ['id', 'actor'],
  OpenCountInput: ['actor'],
  VoidEntryInput: ['actor'],
  CompleteLocationInput: ['actor'],
  ExcludeLocationInput: ['actor'],
  ApproveInput: ['actor'],
  PostCountInput: ['actor'],
};

function withOptional(schema: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const required = schema['required'];
  if (!Array.isArray(required)) return schema;
  return { ...schema, required: required.filter((field) => !fields.includes(field as string)) };
}

/** One operation of the API. */
export interface OperationDoc {
  readonly method: 'get' | 'put' | 'post';
  /** The path in OpenAPI form, e.g. `/counts/{id}/review`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly body?: BodyName;
  /** The body may be left out (an empty body is the same as `{}`). */
  readonly bodyOptional?: boolean;
  readonly query?: z.ZodObject;
  readonly idempotencyKey?: boolean;
  /** Success responses by status. */
  readonly responses: Readonly<Record<string, string>>;
  /** The schema of the success body (every success status of the operation has it), from `responses.ts`. */
  readonly schema?: ResponseName;
  /** Error statuses this operation answers with besides 400, 401 and 503. */
  readonly errors?: readonly number[];
  readonly public?: boolean;
  readonly stream?: boolean;
  /** Answers JSON, CSV or Markdown by the `format` query parameter. */
  readonly report?: boolean;
  /** Answers text in one of these media types, by the `format` query parameter. */
  readonly contentTypes?: readonly string[];
}

/** Every operation of the service (the tests check this list against the app's routes). */
export const operations: readonly OperationDoc[] = [
  { method: 'get', path: '/openapi.json', operationId: 'getOpenApi', schema: 'OpenApiDocument', summary: 'This document', responses: { 200: 'The OpenAPI document' }, public: true },
  { method: 'get', path: '/health', operationId: 'getHealth', schema: 'Health', summary: 'Liveness', responses: { 200: 'The service is up' }, public: true },
  { method: 'put', path: '/items/{sku}', operationId: 'putItem', schema: 'Item', summary: 'Define or redefine an item', body: 'ItemInput', responses: { 200: 'The item' }, errors: [403, 409, 422] },
  { method: 'get', path: '/items', operationId: 'listItems', schema: 'Items', summary: 'Every item', responses: { 200: 'The items' } },
  { method: 'get', path: '/items/{sku}', operationId: 'getItem', schema: 'Item', summary: 'One item', responses: { 200: 'The item' }, errors: [404] },
  { method: 'put', path: '/locations/{location}', operationId: 'putLocation', schema: 'Location', summary: 'Define a location (the id may contain `/`, raw or as %2F)', body: 'LocationInput', responses: { 200: 'The location' }, errors: [403] },
  { method: 'get', path: '/locations', operationId: 'listLocations', schema: 'Locations', summary: 'Locations, optionally of a subtree', query: locationsQuerySchema, responses: { 200: 'The locations in walking order' } },
  { method: 'get', path: '/locations/{location}', operationId: 'getLocation', schema: 'Location', summary: 'One location', responses: { 200: 'The location' }, errors: [404] },
  {
    method: 'post',
    path: '/movements',
    operationId: 'postMovement', schema: 'PostResult',
    summary: 'Post a movement; the Idempotency-Key header becomes its id (required unless the body has an id)',
    body: 'MovementInput',
    idempotencyKey: true,
    responses: { 201: 'Created', 200: 'The same movement was posted before (Idempotent-Replayed: true)' },
    errors: [403, 409, 422],
  },
  { method: 'get', path: '/movements', operationId: 'listMovements', schema: 'Movements', summary: 'Movements in store order', query: movementsQuerySchema, responses: { 200: 'The movements' } },
  { method: 'get', path: '/movements/{id}', operationId: 'getMovement', schema: 'Movement', summary: 'One movement', responses: { 200: 'The movement' }, errors: [404] },
  { method: 'get', path: '/balances', operationId: 'listBalances', schema: 'Balances', summary: 'Balances, optionally as of a business time', query: balancesQuerySchema, responses: { 200: 'The balances' } },
  { method: 'get', path: '/on-hand', operationId: 'getOnHand', schema: 'OnHand', summary: 'The quantity of a key', query: onHandQuerySchema, responses: { 200: 'The key and its quantity' } },
  { method: 'post', path: '/counts', operationId: 'openCount', schema: 'Session', summary: 'Open a count session', body: 'OpenCountInput', responses: { 201: 'The session' }, errors: [403, 404, 409] },
  { method: 'get', path: '/counts', operationId: 'listCounts', schema: 'Sessions', summary: 'Count sessions', query: countsQuerySchema, responses: { 200: 'The sessions' } },
  { method: 'get', path: '/counts/{id}', operationId: 'getCount', schema: 'Session', summary: 'One count session with its tasks', responses: { 200: 'The session' }, errors: [404] },
  { method: 'get', path: '/counts/{id}/tasks/{taskId}/sheet', operationId: 'getSheet', schema: 'Sheet', summary: "A counter's sheet: locations in walking order", responses: { 200: 'The sheet (blind: no book quantities)' }, errors: [404] },
  {
    method: 'post',
    path: '/counts/{id}/entries',
    operationId: 'recordEntries', schema: 'BatchResult',
    summary: 'Record a batch of entries (idempotent by entryId); one result per entry',
    body: 'EntriesBatch',
    responses: { 200: 'One result per entry: created, exists, exists_with_different_payload or error (with a problem)' },
    errors: [404],
  },
  { method: 'get', path: '/counts/{id}/entries', operationId: 'listEntries', schema: 'Entries', summary: 'Every entry of the session in store order', responses: { 200: 'The entries' }, errors: [404] },
  { method: 'post', path: '/counts/{id}/voids', operationId: 'voidEntry', schema: 'RecordResult', summary: 'Void an entry (appends a voiding entry)', body: 'VoidEntryInput', responses: { 201: 'Voided', 200: 'Voided before' }, errors: [403, 404, 409] },
  { method: 'post', path: '/counts/{id}/locations/{location}/complete', operationId: 'completeLocation', schema: 'LocationMark', summary: 'Mark a location complete (the id may contain `/`, raw or as %2F)', body: 'CompleteLocationInput', responses: { 200: 'The mark' }, errors: [403, 404, 409] },
  { method: 'post', path: '/counts/{id}/locations/{location}/exclude', operationId: 'excludeLocation', schema: 'LocationMark', summary: 'Exclude a location with a reason (the id may contain `/`, raw or as %2F)', body: 'ExcludeLocationInput', responses: { 200: 'The mark' }, errors: [403, 404, 409] },
  { method: 'get', path: '/counts/{id}/review', operationId: 'getReview', schema: 'Review', summary: 'The review as the session stands; a safe read that changes nothing', responses: { 200: 'The review' }, errors: [403, 404, 409] },
  {
    method: 'post',
    path: '/counts/{id}/close-round',
    operationId: 'closeRound', schema: 'Review',
    summary: 'Close the current round once every location is complete or excluded: lines that need it get recount tasks, otherwise the session moves to reviewing',
    body: 'CloseRoundInput',
    bodyOptional: true,
    responses: { 200: 'The review after closing (recountTasks lists the tasks it opened)' },
    errors: [403, 404, 409],
  },
  { method: 'post', path: '/counts/{id}/approve', operationId: 'approveCount', schema: 'Session', summary: 'Approve the current review', body: 'ApproveInput', responses: { 200: 'The session' }, errors: [403, 404, 409] },
  { method: 'post', path: '/counts/{id}/post', operationId: 'postCount', schema: 'PostCountResult', summary: 'Post an approved session (atomic, idempotent)', body: 'PostCountInput', responses: { 201: 'Posted', 200: 'Posted before' }, errors: [403, 404, 409] },
  {
    method: 'get',
    path: '/counts/{id}/report',
    operationId: 'getCountReport', schema: 'Report',
    summary: 'The session report: variances with attributions, reasons, people and posted movements',
    query: reportInputSchema,
    responses: { 200: 'The report as JSON, CSV (text/csv) or Markdown (text/markdown)' },
    errors: [404, 409],
    report: true,
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics', schema: 'Metrics',
    summary: 'Counting metrics over a period: record accuracy, variance rate by value, shrinkage, coverage, counters, risk, slow and dead stock (the last 30 days when the query names no period)',
    query: metricsQuerySchema,
    responses: { 200: 'The metrics, per group' },
    errors: [400],
  },
  {
    method: 'post',
    path: '/events/tokens',
    operationId: 'issueEventToken', schema: 'EventToken',
    summary: 'A token that opens /events for 60 s, for EventSource (which cannot send headers)',
    responses: { 201: '{ token, expiresIn }' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/events',
    operationId: 'streamEvents',
    summary:
      'Server-sent events from the durable event feed: ready, movement.posted, count.variance, each with its feed cursor as the event id; a reconnect with Last-Event-ID (or ?lastEventId=) gets every event after it; authenticate with a bearer token or ?access_token=<event token>',
    responses: { 200: 'An event stream' },
    errors: [400, 403, 429],
    stream: true,
  },
  ...countingOperations,
];

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details with the stocktake error code, its type and the path of the bad field',
  required: ['type', 'title', 'status', 'detail', 'code', 'errorType', 'path'],
  properties: {
    type: { type: 'string', description: 'urn:stocktake:error:<code>' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'The stable error code, e.g. invalid_input, session_not_found, insufficient_stock' },
    errorType: { type: 'string', enum: ['invalid_input', 'not_found', 'conflict', 'not_allowed', 'storage', 'unauthenticated', 'limit', 'internal'] },
    path: { type: 'array', items: { type: ['string', 'integer'] } },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'array', items: { type: ['string', 'integer'] } }, message: { type: 'string' } } },
    },
    details: { type: 'object' },
  },
} as const;

const errorText: Record<number, string> = {
  400: 'The request failed validation',
  401: 'No authenticated actor',
  403: 'The actor may not do this',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'The body is larger than the service accepts',
  414: 'The URL is longer than the service accepts',
  415: 'The body is not application/json',
  422: 'Well-formed but refused',
  429: 'Too many event streams for this user',
  503: 'Storage unavailable, or no event stream free',
};

function ref(op: OperationDoc): Record<string, unknown> {
  if (op.schema === undefined) throw new Error(`${op.operationId} has no response schema`);
  return { $ref: `#/components/schemas/${op.schema}` };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out['$schema'];
  return out;
}

/**
 * Builds the OpenAPI 3.1 document.
 *
 * @returns the document as plain JSON
 */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
      parameters.push({ name: name.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
    }
    if (op.query !== undefined) {
      for (const [name, field] of Object.entries(op.query.shape)) {
        const schema = field as z.ZodType;
        parameters.push({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: jsonSchema(schema) });
      }
    }
    if (op.idempotencyKey === true) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Becomes the movement id; required unless the body has an "id" (a body id that differs is a 400)',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(op.responses)) {
      responses[status] = op.stream
        ? { description, content: { 'text/event-stream': { schema: { type: 'string' } } } }
        : op.contentTypes
          ? { description, content: Object.fromEntries(op.contentTypes.map((type) => [type, { schema: { type: 'string' } }])) }
          : op.report
            ? {
                description,
                content: {
                  'application/json': { schema: ref(op) },
                  'text/csv': { schema: { type: 'string' } },
                  'text/markdown': { schema: { type: 'string' } },
                  'text/html': { schema: { type: 'string' } },
                },
              }
            : { description, content: { 'application/json': { schema: ref(op) } } };
    }
    const bodyErrors = op.method === 'get' ? [] : [413, 415];
    const errors = op.public === true ? [] : [...new Set([400, 401, 414, ...bodyErrors, ...(op.errors ?? []), 503])].sort();
    for (const status of errors) {
      responses[String(status)] = { description: errorText[status] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body === undefined
        ? {}
        : { requestBody: { required: op.bodyOptional !== true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } } } }),
      responses,
      ...(op.public === true ? { security: [] } : {}),
    };
  }
  const schemas: Record<string, unknown> = { Problem: problemSchema };
  for (const [name, schema] of Object.entries(bodies)) schemas[name] = withOptional(jsonSchema(schema), filledIn[name as BodyName] ?? []);
  // Each entry of a batch is counted by the caller: "counter" is theirs when left out.
  const batch = schemas['EntriesBatch'] as { properties: { entries: { items: Record<string, unknown> } } };
  batch.properties.entries.items = withOptional(batch.properties.entries.items, ['counter']);
  for (const [name, schema] of Object.entries(responseSchemas)) schemas[name] = jsonSchema(schema, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'stocktake ERP service',
      version: '0.1.0',
      description: 'Inventory counting over HTTP: catalog, ledger, count sessions, live events.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT naming the user in sub and their roles (counter, supervisor, approver) in roles; /events also takes ?access_token=<event token>',
        },
      },
    },
  };
}
