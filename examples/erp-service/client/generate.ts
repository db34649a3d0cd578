/**
 * Generates `openapi.d.ts`, the TypeScript types of the service's OpenAPI document, for typed
 * clients (`openapi-fetch`): `npm run generate:erp-client`. A test fails while the committed
 * file differs from a fresh generation.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApi } from '../openapi.js';

/** Where the generated types live. */
export const clientTypesFile = fileURLToPath(new URL('./openapi.d.ts', import.meta.url));

/**
 * The types of the current OpenAPI document, as the file's text.
 *
 * @returns the text of `openapi.d.ts`
 */
export async function generateClientTypes(): Promise<string> {
  // Defaults do not make a field required: a request may leave out what the service defaults.
  const ast = await openapiTS(buildOpenApi() as unknown as Parameters<typeof openapiTS>[0], { defaultNonNullable: false });
  return `/** Generated from the service's OpenAPI document by \`npm run generate:erp-client\`: do not edit. */\n${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(clientTypesFile, await generateClientTypes());
  console.log(`wrote ${clientTypesFile}`);
}
