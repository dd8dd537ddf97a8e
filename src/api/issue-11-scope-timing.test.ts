/**
 * Issue 11, item 6: a county operator asking for another county's enterprise gets the answer an unknown
 * code gets, after the same work — the same queries, in the same order — so that the time of the answer
 * cannot tell "exists elsewhere" from "does not exist". The work is counted on the real database (PGlite
 * and PostgreSQL) through a wrapper that records each statement the app sends; no time is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database, Sql } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { initStore, type Store } from '../services/store.js';
import { createApp } from './app.js';
import type * as C from './contract/index.js';
import { clientFor, testAccount, type TestClient } from './testing.js';
import { E, loadWebFixture, uscc } from './web-fixture.js';

/** `db` with every statement recorded in `log` while `on()` is true. */
function recording(db: Database, log: string[], on: () => boolean): Database {
  const wrap = (s: Sql): Sql => ({
    kind: s.kind,
    query: <T>(text: string, params?: readonly unknown[]) => {
      if (on()) log.push(text.replace(/\s+/g, ' ').trim());
      return s.query<T>(text, params);
    },
    exec: (script: string) => {
      if (on()) log.push(script.replace(/\s+/g, ' ').trim());
      return s.exec(script);
    },
  });
  return {
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

describeEachDatabase('a county operator asking for enterprises outside its county', ({ db }) => {
  let dir: string;
  let store: Store;
  let run2022: number;
  let nanhu: TestClient;
  const log: string[] = [];
  let on = false;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-timing-'));
    const real = await initStore(db());
    run2022 = (await loadWebFixture(real, dir)).y2022.runId;
    store = { db: recording(db(), log, () => on) };
    const account = await testAccount(store, 'county', { username: 'nanhu', division: '330402' });
    nanhu = clientFor(createApp(store), account);
    expect((await nanhu.request('/api/auth/me')).status).toBe(200); // the token is remembered from here on
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The statements one request sends, and its answer. */
  async function work(url: string): Promise<{ status: number; message: string; queries: string[] }> {
    log.length = 0;
    on = true;
    const res = await nanhu.request(url);
    on = false;
    const body = (await res.json()) as C.ApiError;
    return { status: res.status, message: body.error?.message ?? '', queries: [...log] };
  }

  // 秀洲区's enterprises of the fixture, and codes that nobody has (in either county, valid check digit)
  const FOREIGN = [E.E5, E.E8];
  const UNKNOWN = [uscc('330402', 9), uscc('330411', 9)];

  it('answers another county’s enterprise as an unknown code, after the same queries', async () => {
    for (const form of [
      (u: string) => `/api/enterprises/${u}`,
      (u: string) => `/api/enterprises/${u}?year=2022`,
      (u: string) => `/api/runs/${run2022}/enterprises/${u}`,
      (u: string) => `/api/runs/latest/enterprises/${u}`,
    ]) {
      const unknown = await work(form(UNKNOWN[0]!));
      expect(unknown.status).toBe(404);
      for (const code of [...FOREIGN, ...UNKNOWN]) {
        const w = await work(form(code));
        expect(w.status, form(code)).toBe(404);
        // the same words (but for the code asked about), after the same statements
        expect(w.message.split(code).join('<code>'), form(code)).toBe(
          unknown.message.split(UNKNOWN[0]!).join('<code>'),
        );
        expect(w.queries, form(code)).toEqual(unknown.queries);
      }
      // the refusal is decided before anything about the enterprise is read: the run asked for (for
      // `latest`, the latest published one, else the latest), then one lookup of the code in the county
      expect(unknown.queries.length, form(UNKNOWN[0]!)).toBeLessThanOrEqual(3);
      expect(unknown.queries.at(-1), form(UNKNOWN[0]!)).toMatch(/^SELECT EXISTS/);
    }
  });

  it('still shows the county its own enterprises', async () => {
    const own = await nanhu.request(`/api/enterprises/${E.E6}`);
    expect(own.status).toBe(200);
    expect(((await own.json()) as C.EnterpriseView).identity.division).toBe('330402');
    expect((await nanhu.request(`/api/runs/${run2022}/enterprises/${E.E6}`)).status).toBe(200);
  });
});
