/**
 * The contract and the server agree: the committed OpenAPI document is the one the definitions make
 * (`npm run schema` rewrites it; `npm run lint` lints it with Redocly), the server serves it, every
 * definition is a registered route, and a bad request part is a 400 that names it in both languages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { initStore } from '../services/store.js';
import { createApp } from './app.js';
import { ENDPOINTS, routeKey } from './contract/index.js';
import { operationId } from './contract/openapi.js';
import { apiDocument } from './routes/meta.routes.js';
import { testClient } from './testing.js';

const store = await initStore(await openDatabase({ dataDir: ':memory:' }));
const app = createApp(store);

describe('the API contract', () => {
  it('is committed as docs/openapi.json exactly as the definitions make it (npm run schema)', () => {
    const committed: unknown = JSON.parse(readFileSync(path.resolve('docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(apiDocument());
  });

  it('is served at /api/openapi.json to anybody', async () => {
    const r = await app.request('/api/openapi.json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/reference/industries']).toBeDefined();
  });

  it('registers every definition as a route, each with a unique operation id', () => {
    const registered = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
    expect(ENDPOINTS.map(routeKey).filter((k) => !registered.has(k))).toEqual([]);
    const ids = ENDPOINTS.map(operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationId({ method: 'GET', path: '/api/runs/:run/results.xlsx' })).toBe('getRunsRunResultsXlsx');
  });

  it('refuses a query value outside its schema with a 400 naming it, in Chinese and English', async () => {
    const analyst = await testClient(store);
    const r = await analyst.request('/api/reference/industries?level=7');
    expect(r.status).toBe(400);
    const { error } = (await r.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/^查询参数 level：.* \/ query parameter level: /);
    const ok = await analyst.request('/api/reference/industries?level=2&parent=C');
    expect(ok.status).toBe(200);
    const { items } = (await ok.json()) as { items: { code: string; level: number }[] };
    expect(items.length).toBe(31); // manufacturing (C) has 大类 13–43
    expect(items.every((i) => i.level === 2)).toBe(true);
  });
});
