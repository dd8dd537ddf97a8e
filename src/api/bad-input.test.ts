/**
 * Bad input on every route, on PGlite and PostgreSQL: SQL and script injection and other hostile
 * strings in every query parameter, path parameter and JSON field; malformed JSON; wrong content types;
 * oversized bodies and uploads; path traversal in uploaded file names. Each answer is a 4xx with a
 * clear two-language message (or, for a free-text search, an empty answer), never a 500; nothing is
 * stored; no error shows a stack, a file path or SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { safeFileName } from '../services/files.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

const HOSTILE = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1; SELECT pg_sleep(5)--',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '\u0000',
  '\u202eexe.pdf',
  '{{7*7}}${7*7}',
  'x'.repeat(5000),
];

/** Every query parameter some route reads. */
const QUERY_PARAMS = [
  'q',
  'division',
  'industry',
  'group',
  'class',
  'initialClass',
  'status',
  'flags',
  'order',
  'dir',
  'basis',
  'from',
  'to',
  'lang',
  'level',
  'parent',
  'year',
  'size',
  'limit',
  'offset',
  'run',
  'actor',
  'action',
  'subject',
  'draft',
  'affected',
  'fields',
  'uscc',
  'profile',
];

/** Every JSON field some route reads. */
const BODY_FIELDS = [
  'methodology',
  'year',
  'datasetId',
  'noticeDays',
  'uscc',
  'toClass',
  'reason',
  'username',
  'password',
  'current',
  'role',
  'division',
  'displayName',
  'disabled',
  'decision',
  'correctedValue',
  'policy',
  'text',
  'draft',
  'save',
  'limit',
  'lang',
  'methodologyB',
  'policyB',
  'dataFields',
  'run',
  'draws',
  'weights',
  'data',
  'seed',
  'minStability',
];

/** Tables whose row counts must not change. */
const TABLES = [
  'users',
  'api_tokens',
  'runs',
  'datasets',
  'class_adjustments',
  'objections',
  'policy_applications',
  'audit_log',
];

/** What an error must never show. */
const LEAKS = [
  /\bat .*\.(ts|js):\d+/,
  /node_modules/,
  /\/work\//,
  /\bSELECT\b/,
  /\bINSERT\b/,
  /syntax error/i,
  /stack/i,
  /pg_/,
];

describeEachDatabase('bad input', ({ db }) => {
  let store: Store;
  let dir: string;
  let run2022: number;
  let analyst: TestClient;
  let enterprise: TestClient;
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES)
      out[t] = (await db().query<{ n: number }>(`SELECT count(*)::int4 AS n FROM ${t}`))[0]!.n;
    return out;
  };
  /** The answer is a handled one: < 500, a 4xx is `{error: {code, message}}` in both languages, nothing leaks. */
  async function handled(res: Response, what: string, problems: string[], input?: unknown): Promise<void> {
    if (res.status >= 500) {
      problems.push(`${what}: ${res.status}`);
      return;
    }
    if (res.status < 400) return;
    const text = await res.text();
    let body: C.ApiError | null = null;
    try {
      body = JSON.parse(text) as C.ApiError;
    } catch {
      problems.push(`${what}: ${res.status} not JSON: ${text.slice(0, 80)}`);
      return;
    }
    // a file validated and found wrong: the answer is the list of its issues (each in both languages)
    if (res.status === 422 && (body as unknown as { valid?: boolean }).valid === false) return;
    const m = body.error?.message ?? '';
    if (!body.error?.code || !/[\u4e00-\u9fff]/.test(m) || !/ ?\/ [A-Za-z]/.test(m))
      problems.push(`${what}: ${res.status} message not in both languages: ${m.slice(0, 100)}`);
    // the caller's own input may be repeated back (it is theirs); nothing else of ours may show
    const own = typeof input === 'string' && input !== '' ? m.split(input).join('') : m;
    for (const leak of LEAKS)
      if (leak.test(own.replace(/“[^”]*”|"[^"]*"/g, '')))
        problems.push(`${what}: message shows ${leak}: ${m.slice(0, 100)}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-bad-'));
    store = await initStore(db());
    run2022 = (await loadWebFixture(store, dir)).y2022.runId;
    analyst = await testClient(store, 'analyst', { username: 'city' });
    enterprise = clientFor(
      analyst.app,
      await testAccount(store, 'enterprise', { username: 'e6', uscc: E.E6 }),
    );
    const p = await analyst.request(`/api/runs/${run2022}/publish`, {
      method: 'POST',
      body: JSON.stringify({ noticeDays: 7 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(p.status).toBe(200);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const routes = () =>
    analyst.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => [r.method, r.path] as const);
  const concrete = (p: string, value?: string) =>
    p.replace(/:(\w+)/g, (_, name: string) =>
      value !== undefined
        ? encodeURIComponent(value)
        : name === 'uscc'
          ? E.E6
          : name === 'run' || name === 'a' || name === 'b'
            ? String(run2022)
            : name === 'policyId'
              ? 'jiaxing-demo-2024'
              : name === 'username'
                ? 'nobody-here'
                : name === 'token'
                  ? 'a'.repeat(32)
                  : p.startsWith('/api/tokens/')
                    ? '999999' // not the analyst's own token: revoking it would end the test's access
                    : '1',
    );

  it('handles hostile strings in every query parameter and every path parameter', async () => {
    const before = await counts();
    const problems: string[] = [];
    for (const [method, p] of routes()) {
      if (method !== 'GET') continue;
      for (const v of HOSTILE) {
        // the query sweep is the largest: a few strings stand for the rest there
        for (const q of [0, 3, 5, 6, 9].includes(HOSTILE.indexOf(v)) ? QUERY_PARAMS : []) {
          const url = `${concrete(p)}?${q}=${encodeURIComponent(v)}`;
          await handled(await analyst.request(url), `GET ${url.slice(0, 90)}`, problems, v);
        }
        if (p.includes(':')) {
          const url = concrete(p, v);
          await handled(await analyst.request(url), `GET ${url.slice(0, 90)}`, problems, v);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await counts()).toEqual(before);
    // a search for an injection finds nothing, and the tables are all there
    const r = (await (
      await analyst.request(`/api/runs/${run2022}/results?q=${encodeURIComponent("' OR '1'='1")}`)
    ).json()) as C.ResultsPage;
    expect(r.total).toBe(0);
  });

  it('handles hostile values in every JSON field of every write, storing nothing', async () => {
    const before = await counts();
    const problems: string[] = [];
    for (const [method, p] of routes()) {
      if (method === 'GET' || p === '/api/auth/logout') continue;
      for (const field of BODY_FIELDS)
        for (const v of [...HOSTILE, -1, 1e308, true, null, [], { $ne: 1 }]) {
          // the run of the address is published already: publishing again is refused whatever the body
          const res = await analyst.request(concrete(p), {
            method,
            body: JSON.stringify({ [field]: v }),
            headers: { 'content-type': 'application/json' },
          });
          await handled(
            res,
            `${method} ${p} ${field}=${String(JSON.stringify(v)).slice(0, 30)}`,
            problems,
            v,
          );
        }
    }
    expect(problems).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('answers malformed JSON, wrong content types and oversized bodies with a clear 4xx', async () => {
    const problems: string[] = [];
    const jsonRoutes = routes().filter(
      ([m, p]) =>
        m !== 'GET' && m !== 'DELETE' && !/imports$|preview$|objections$|validate$|logout$|commit$/.test(p),
    );
    expect(jsonRoutes.length).toBeGreaterThan(8);
    for (const [method, p] of jsonRoutes)
      for (const body of ['{"a":', '[1,2]', 'null', '"text"', '\u0000', 'ü'.repeat(10)]) {
        const res = await analyst.request(concrete(p), {
          method,
          body,
          headers: { 'content-type': 'application/json' },
        });
        if (res.status !== 400 && res.status !== 404)
          problems.push(`${method} ${p} ${JSON.stringify(body)}: ${res.status}`);
        await handled(res, `${method} ${p} malformed`, problems);
      }
    expect(problems).toEqual([]);
    // too large (2 MB is the limit outside uploads)
    const big = await analyst.request('/api/runs', {
      method: 'POST',
      body: JSON.stringify({ methodology: 'x'.repeat(3 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as C.ApiError).error.message).toMatch(/过大.*too large/);
    // an upload that says it is over 512 MB is refused before it is read
    const huge = await analyst.request('/api/imports?year=2023', {
      method: 'POST',
      body: 'x',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(600 * 1024 * 1024),
      },
    });
    expect(huge.status).toBe(413);
    // JSON where a file upload is expected
    for (const p of ['/api/imports?year=2023', '/api/imports/preview?year=2023'])
      expect(
        (
          await analyst.request(p, {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(415);
    const obj = await enterprise.request(`/api/runs/${run2022}/objections`, {
      method: 'POST',
      body: '{"field":"tax"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(obj.status).toBe(415);
    expect(((await obj.json()) as C.ApiError).error.message).toMatch(/multipart\/form-data/);
  });

  it('keeps hostile multipart fields out, and stores accepted text verbatim (never run)', async () => {
    const before = await counts();
    const problems: string[] = [];
    for (const field of ['field', 'claimedValue', 'explanation'])
      for (const v of HOSTILE) {
        const fd = new FormData();
        fd.append('field', field === 'field' ? v : 'tax');
        fd.append('claimedValue', field === 'claimedValue' ? v : '30');
        fd.append('explanation', field === 'explanation' ? (v === HOSTILE[9] ? v.repeat(1) : v) : '理由');
        const res = await enterprise.request(`/api/runs/${run2022}/objections`, { method: 'POST', body: fd });
        if (field !== 'explanation' || v === '\u0000') {
          if (res.status !== 400) problems.push(`${field}=${JSON.stringify(v).slice(0, 30)}: ${res.status}`);
          await handled(res, `objection ${field}`, problems);
        } else if (res.status === 201) {
          // an explanation is free text: kept as written, shown as text by the page
          const o = (await res.json()) as C.ObjectionView;
          if (o.explanation !== v.trim()) problems.push(`explanation changed: ${o.explanation.slice(0, 30)}`);
          await db().query(`DELETE FROM objections WHERE id = $1`, [o.id]);
        } else await handled(res, `objection explanation`, problems);
      }
    expect(problems).toEqual([]);
    const after = await counts();
    // accepted explanations were removed again; their audit entries stay (append-only)
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('answers deep nesting, impossible dates and YAML alias bombs with a 4xx, not a 500 (issue 11 item 10)', async () => {
    const problems: string[] = [];
    const deep = '['.repeat(40_000) + ']'.repeat(40_000);
    // no login needed: the login body itself, as an array, inside an object, and unclosed
    for (const body of [
      deep,
      `{"username":${deep},"password":"x"}`,
      `{"username":"a","x":${deep}}`,
      '['.repeat(40_000),
    ]) {
      const res = await analyst.app.request('/api/auth/login', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      if (res.status !== 400 && res.status !== 413) problems.push(`login ${body.slice(-20)}: ${res.status}`);
      await handled(res, `login nested ${body.length}`, problems);
    }
    // the same through a route that takes a JSON object, as a logged-in analyst
    const nested = await analyst.request('/api/runs', {
      method: 'POST',
      body: `{"methodology":${deep}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as C.ApiError).error.message).toMatch(/嵌套.*nest/);
    // dates that do not exist, in both filters of the audit log
    for (const q of [
      'to=2026-02-30',
      'from=2025-13-01',
      'to=2024-04-31',
      'from=2023-02-29',
      'to=2024-05-01T25:00:00Z',
    ]) {
      const res = await analyst.request(`/api/audit?${q}`);
      if (res.status !== 400) problems.push(`audit ${q}: ${res.status}`);
      await handled(res, `audit ${q}`, problems);
    }
    // a leap day and a time with a zone are dates
    expect((await analyst.request('/api/audit?from=2024-02-29&to=2024-03-01T08:00:00%2B08:00')).status).toBe(
      200,
    );
    // a billion laughs in YAML: aliases of aliases
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    for (const p of ['/api/methodologies/validate', '/api/policies/validate']) {
      const res = await analyst.request(p, {
        method: 'POST',
        body: bomb,
        headers: { 'content-type': 'text/yaml' },
      });
      if (res.status >= 500 || res.status < 400) problems.push(`${p} alias bomb: ${res.status}`);
      const text = await res.text();
      if (!/别名.*alias/s.test(text)) problems.push(`${p} alias bomb answer: ${text.slice(0, 160)}`);
    }
    expect(problems).toEqual([]);
  });

  it('parses ids and numbers strictly, bounds text fields and refuses a no-op adjustment (issue 11 item 13)', async () => {
    const before = await counts();
    const problems: string[] = [];
    const json = (body: unknown): RequestInit => ({
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    // ids that Number() would take: hexadecimal, blanks, exponents, signs, fractions
    for (const id of ['0x2', '%202', '2%20', '2e0', '+2', '2.0', '0b10', '1_0']) {
      for (const url of [`/api/runs/${id}`, `/api/runs/${id}/adjustments`, `/api/runs/${id}/counties`]) {
        const res = await analyst.request(url);
        if (res.status !== 400) problems.push(`GET ${url}: ${res.status}`);
        await handled(res, `GET ${url}`, problems);
      }
      const res = await analyst.request(
        `/api/runs/${id}/adjustments`,
        json({ uscc: E.E6, toClass: 'A', reason: 'strict ids' }),
      );
      if (res.status !== 400) problems.push(`POST /api/runs/${id}/adjustments: ${res.status}`);
      await handled(res, `POST /api/runs/${id}/adjustments`, problems);
      const limit = await analyst.request(`/api/runs/${run2022}/results?limit=${id}`);
      if (limit.status !== 400) problems.push(`limit=${id}: ${limit.status}`);
    }
    // a number as a string in a JSON body: decimal digits only
    const hex = await analyst.request(`/api/runs/${run2022}/publish`, json({ noticeDays: '0x5' }));
    expect(hex.status).toBe(400);
    // a claimed figure in an objection: decimal as written
    for (const v of ['0x10', '1e3', 'Infinity', '1,000', '0b1', '.5e1']) {
      const fd = new FormData();
      fd.append('field', 'tax');
      fd.append('claimedValue', v);
      fd.append('explanation', '理由');
      const res = await enterprise.request(`/api/runs/${run2022}/objections`, { method: 'POST', body: fd });
      if (res.status !== 400) problems.push(`claimedValue=${v}: ${res.status}`);
      await handled(res, `claimedValue=${v}`, problems);
    }
    // text fields have a length: a reason of 99,000 characters, an explanation of 9,000
    const long = await analyst.request(
      `/api/runs/${run2022}/adjustments`,
      json({ uscc: E.E6, toClass: 'A', reason: '理'.repeat(99_000) }),
    );
    expect(long.status).toBe(400);
    expect(((await long.json()) as C.ApiError).error.message).toMatch(/reason.*2,000/);
    const decision = await analyst.request(
      '/api/objections/1/decision',
      json({ decision: 'reject', reason: 'x'.repeat(2001) }),
    );
    expect(decision.status).toBe(400);
    const fd = new FormData();
    fd.append('field', 'tax');
    fd.append('claimedValue', '30');
    fd.append('explanation', '说'.repeat(9_000));
    const explanation = await enterprise.request(`/api/runs/${run2022}/objections`, {
      method: 'POST',
      body: fd,
    });
    expect(explanation.status).toBe(400);
    expect(((await explanation.json()) as C.ApiError).error.message).toMatch(/explanation.*5,000/);
    expect(problems).toEqual([]);
    expect(await counts()).toEqual(before);
    // an adjustment to the class the enterprise has already is refused, and nothing is recorded
    const current = (await (
      await analyst.request(`/api/runs/${run2022}/enterprises/${E.E6}`)
    ).json()) as C.Explanation;
    const same = await analyst.request(
      `/api/runs/${run2022}/adjustments`,
      json({ uscc: E.E6, toClass: current.adjustedClass, reason: 'no change' }),
    );
    expect(same.status).toBe(409);
    expect(((await same.json()) as C.ApiError).error.message).toMatch(/无需调整.*nothing to adjust/);
    expect(await counts()).toEqual(before);
  });

  it('keeps uploaded file names inside our folder and free of markup and direction tricks', () => {
    expect(safeFileName('../../etc/passwd', 0)).toBe('passwd');
    expect(safeFileName('..\\..\\windows\\system32\\cmd.exe', 0)).toBe('cmd.exe');
    expect(safeFileName('/absolute/path/x.pdf', 0)).toBe('x.pdf');
    expect(safeFileName('a\u0000b.pdf', 0)).toBe('a_b.pdf');
    expect(safeFileName('invoice\u202efdp.exe', 0)).toBe('invoice_fdp.exe');
    expect(safeFileName('<script>.pdf', 0)).toBe('_script_.pdf');
    expect(safeFileName('..', 1)).toBe('file-2');
    expect(safeFileName('', 0)).toBe('file-1');
    expect([...safeFileName('长'.repeat(500) + '.pdf', 0)].length).toBe(200);
    expect(safeFileName('长'.repeat(500) + '.pdf', 0).endsWith('.pdf')).toBe(true);
  });
});
