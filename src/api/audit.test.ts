/**
 * The audit trail over HTTP, on PGlite and PostgreSQL: writes and logins recorded with who, when, what
 * and before/after; filtered pages and the XLSX for the city analyst only; append-only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { openTable } from '../ingest/readers/index.js';
import { createUser, login } from '../services/accounts.service.js';
import { initStore, type Store } from '../services/store.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, testClient, type TestClient } from './testing.js';
import { E, loadWebFixture } from './web-fixture.js';

describeEachDatabase('audit trail', ({ db }) => {
  let store: Store;
  let dir: string;
  let li: TestClient;
  let run2022: number;
  const json = async <T>(r: Response) => ({ status: r.status, body: (await r.json()) as T });
  const post = (client: TestClient, url: string, body: unknown) =>
    client.request(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-audit-'));
    store = await initStore(db());
    run2022 = (await loadWebFixture(store, dir)).y2022.runId;
    li = await testClient(store, 'analyst', { username: 'li' });
    await createUser(store, { username: 'zhao', role: 'leader', password: 'Leader-pass-2024' }, 'li');
    await login(store, { username: 'zhao', password: 'Leader-pass-2024', ip: '192.0.2.9', userAgent: null });
    await login(store, {
      username: 'zhao',
      password: 'wrong-password',
      ip: '192.0.2.9',
      userAgent: null,
    }).catch(() => undefined);
    expect((await post(li, `/api/runs/${run2022}/publish`, { noticeDays: 5 })).status).toBe(200);
    expect(
      (await post(li, `/api/runs/${run2022}/adjustments`, { uscc: E.E6, toClass: 'B', reason: '核查后调整' }))
        .status,
    ).toBe(201);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records each write with who, when, what and before/after, newest first', async () => {
    const { status, body } = await json<C.AuditPage>(await li.request('/api/audit?limit=100'));
    expect(status).toBe(200);
    const actions = body.items.map((e) => e.action);
    // newest first: the adjustment, the publication, the logins, the accounts, the runs of the fixture
    expect(actions.slice(0, 4)).toEqual(['class.adjust', 'run.publish', 'auth.login_failed', 'auth.login']);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'token.create', 'run.create', 'dataset.import']),
    );
    const adjust = body.items[0]!;
    expect(adjust).toMatchObject({
      actor: 'li',
      subject: `run:${run2022}/enterprise:${E.E6}`,
      before: { adjustedClass: 'C' },
      after: { adjustedClass: 'B', reason: '核查后调整' },
      label: { zh: '人工调档', en: 'class adjusted' },
    });
    expect(Date.now() - Date.parse(adjust.at)).toBeLessThan(120_000);
    const publish = body.items[1]!;
    expect(publish).toMatchObject({
      actor: 'li',
      before: { status: 'draft' },
      after: { status: 'published', noticeDays: 5 },
    });
    const failed = body.items[2]!;
    expect(failed).toMatchObject({ actor: 'zhao', after: { reason: 'password', ip: '192.0.2.9' } });
    expect(JSON.stringify(body.items)).not.toMatch(/wrong-password|Leader-pass-2024|scrypt\$/);
    expect(body.total).toBe(body.items.length);
  });

  it('filters by action family, actor, subject and time, and pages', async () => {
    const auth = await json<C.AuditPage>(await li.request('/api/audit?action=auth.*'));
    expect(auth.body.items.map((e) => e.action).sort()).toEqual(['auth.login', 'auth.login_failed']);
    const byLi = await json<C.AuditPage>(await li.request('/api/audit?actor=li'));
    expect(new Set(byLi.body.items.map((e) => e.action))).toEqual(
      new Set(['class.adjust', 'run.publish', 'user.create']),
    );
    const subject = await json<C.AuditPage>(await li.request(`/api/audit?subject=run:${run2022}`));
    expect(subject.body.items.map((e) => e.action).sort()).toEqual(['run.create', 'run.publish']);
    const future = await json<C.AuditPage>(await li.request('/api/audit?from=2999-01-01'));
    expect(future.body).toMatchObject({ total: 0, items: [] });
    const page = await json<C.AuditPage>(await li.request('/api/audit?limit=2&offset=1'));
    expect(page.body.items.map((e) => e.action)).toEqual(['run.publish', 'auth.login_failed']);
    expect(page.body.total).toBeGreaterThan(4);
    for (const bad of [
      'from=yesterday',
      'to=2024-13-45',
      "action=run.publish';DROP",
      'limit=0',
      `actor=${'x'.repeat(300)}`,
    ]) {
      const r = await json<C.ApiError>(await li.request(`/api/audit?${bad}`));
      expect(r.status, bad).toBe(400);
      expect(r.body.error.message).toMatch(/参数 .*parameter /);
    }
  });

  it('exports the filtered log as XLSX', async () => {
    const res = await li.request('/api/audit.xlsx?actor=li');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const file = path.join(dir, 'audit.xlsx');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const rows: (readonly unknown[])[] = [];
    for await (const r of (await openTable(file)).rows) rows.push(r.cells);
    expect(rows[0]).toEqual([
      '编号',
      '时间（UTC）',
      '操作人',
      '操作',
      '操作说明',
      '对象',
      '操作前',
      '操作后',
    ]);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['class.adjust', 'run.publish', 'user.create']);
    expect(JSON.parse(String(rows[1]![7]))).toMatchObject({ adjustedClass: 'B' });
  });

  it('is for the city analyst only', async () => {
    const app = li.app;
    for (const [role, extra] of [
      ['leader', {}],
      ['county', { division: '330402' }],
      ['enterprise', { uscc: E.E1 }],
    ] as const) {
      const c = clientFor(app, await testAccount(store, role, extra));
      expect((await c.request('/api/audit')).status, role).toBe(403);
      expect((await c.request('/api/audit.xlsx')).status, role).toBe(403);
    }
    expect((await app.request('/api/audit')).status).toBe(401);
  });

  it('cannot be changed or emptied', async () => {
    await expect(db().query(`UPDATE audit_log SET actor = 'nobody'`)).rejects.toThrow(/append-only/);
    await expect(db().query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db().query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});
