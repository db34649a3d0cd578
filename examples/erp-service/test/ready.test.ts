/** The service says once, in one line, that it is ready: started as `main.ts` is started. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readyLine } from '../server.js';
import { TEST_SECRET } from './service.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

describe('the ready line', () => {
  it('names the URL, the storage, the authentication, the OpenAPI document and the scanner app when served', () => {
    const line = readyLine({ url: 'http://127.0.0.1:8080', storage: 'PGlite in memory://', authentication: 'JWT (HS256 secret)', scannerApp: true });
    expect(line).toBe(
      'erp-service ready on http://127.0.0.1:8080 (PGlite in memory://; auth: JWT (HS256 secret); OpenAPI: http://127.0.0.1:8080/openapi.json; scanner app: http://127.0.0.1:8080/scanner/)',
    );
    expect(readyLine({ url: 'http://h:1', storage: 's', authentication: 'a', scannerApp: false })).not.toContain('scanner');
  });

  it('is the one line main.ts logs, once the service answers', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/erp-service/main.ts'], {
      cwd: repo,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STOCKTAKE_DATA_DIR: 'memory://', ERP_JWT_SECRET: TEST_SECRET, STOCKTAKE_PG_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (out += chunk));
      const firstLine = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        child.once('exit', (code) => reject(new Error(`main.ts exited with ${code}: ${out}`)));
      });
      expect(firstLine).toMatch(/^erp-service ready on http:\/\/127\.0\.0\.1:\d+ \(PGlite in memory:\/\/; auth: .+; OpenAPI: http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
      const url = /on (http:\/\/\S+)/.exec(firstLine)![1]!;
      expect((await fetch(`${url}/health`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(out.trim().split('\n')).toEqual([firstLine]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
