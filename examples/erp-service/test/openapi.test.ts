import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movementInputSchema } from 'stocktake';
import { createApp } from '../app.js';
import { startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => service.close());

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document generated from the request schemas', async () => {
    const response = await service.call('GET', '/openapi.json', { actor: null });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const movement = doc.components.schemas.MovementInput;
    expect(movement.required).toEqual(expect.arrayContaining(['kind', 'lines']));
    // The service fills in the id (Idempotency-Key) and the actor (the caller).
    expect(movement.required).not.toContain('id');
    expect(movement.required).not.toContain('actor');
    expect(movement.properties.kind.enum).toEqual(movementInputSchema.shape.kind.options);
    expect(movement.additionalProperties).toBe(false);
    expect(doc.components.schemas.EntriesBatch.properties.entries.items.required).toEqual(expect.arrayContaining(['entryId', 'qty', 'countedAt']));
    // Every success response has a schema, and every schema it names exists.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          if (!status.startsWith('2')) continue;
          for (const [type, media] of Object.entries(response.content as Record<string, any>)) {
            expect(media.schema, `${method} ${path} ${status} ${type}`).not.toEqual({});
          }
        }
      }
    }
    expect(doc.paths['/counts/{id}/review'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Review' });
    expect(doc.components.schemas.Review.properties).not.toHaveProperty('fingerprint');
    const post = doc.paths['/movements'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/MovementInput' });
    expect(post.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]);
    expect(post.responses['409'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.paths['/on-hand'].get.parameters.map((p: any) => [p.name, p.required])).toEqual([
      ['sku', true],
      ['location', true],
      ['lot', false],
      ['serial', false],
      ['asOf', false],
    ]);
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });

  it('documents exactly the routes the app serves', async () => {
    const doc = (await (await service.call('GET', '/openapi.json', { actor: null })).json()) as any;
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((method) => `${method.toUpperCase()} ${path}`));
    const app = createApp({ st: service.st, authenticate: () => undefined });
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
    expect(new Set(served)).toEqual(new Set(documented));
  });
});
