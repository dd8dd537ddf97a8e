/** GET /api/methodologies/:id/tests: the shipped golden tests of a methodology, run on request. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { initStore } from '../services/store.js';
import type * as C from './contract/index.js';
import { testClient } from './testing.js';
import { withCheckChar } from '../domain/uscc.js';

const store = await initStore(await openDatabase({ dataDir: ':memory:' }));

describe('a methodology’s tests over the API', () => {
  it('runs the worked examples for any role and says each passed', async () => {
    const e = await testClient(store, 'enterprise', { uscc: withCheckChar('91330402MA2A00001') });
    const r = await e.request('/api/methodologies/huangyan-2023/tests');
    expect(r.status).toBe(200);
    const report = (await r.json()) as C.MethodologyTestReport;
    expect(report.file).toBe('tests/huangyan-2023.tests.yaml');
    expect(report.methodology?.id).toBe('huangyan-2023');
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(report.outcomes.length);
    expect(report.outcomes.map((o) => o.name.split(' ')[0])).toContain('例1');
    expect(report.outcomes.every((o) => o.checks > 0 && o.failures.length === 0)).toBe(true);
  });

  it('answers 404 for a methodology that does not exist, in both languages', async () => {
    const a = await testClient(store);
    const r = await a.request('/api/methodologies/nosuch/tests');
    expect(r.status).toBe(404);
    const { error } = (await r.json()) as C.ApiError;
    expect(error.message).toMatch(/没有评价办法.* \/ no methodology/);
  });
});
