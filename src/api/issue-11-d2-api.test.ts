/**
 * Issue 11, the API side of items 21, 23, 29, 30 and 33, through `app.request()` on PGlite and
 * PostgreSQL over the hand-computed city of web-fixture.ts (2022: 8 records, run of huangyan-2023, a
 * draft; E2 is graded B):
 * - 23: the cockpit's coverage says what share LACKS a field; a county's cockpit names its county;
 * - 30: an identical repeat run is refused with 409 and the existing run unless `force`; the runs list
 *   counts the classes after a manual adjustment;
 * - 29: the comparison marks an enterprise whose class a manual adjustment set;
 * - 21/33: the XLSX of a draft says 草稿 in its file and sheet names, its 说明 sheet shows the filters in
 *   words and the export time in Beijing time, and its zip entries carry the day they were written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.js';
import { openTable, readSheetNames } from '../ingest/readers/index.js';
import { jobsOf } from '../services/jobs.service.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import type * as C from './contract/index.js';
import { E, loadWebFixture } from './web-fixture.js';

/** The date and time of each entry of a ZIP's central directory (MS-DOS fields). */
function zipEntryDates(
  zip: Buffer,
): { name: string; y: number; mo: number; d: number; h: number; mi: number }[] {
  const out = [];
  for (let i = zip.length - 22; i >= 0; i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      let p = zip.readUInt32LE(i + 16);
      const n = zip.readUInt16LE(i + 10);
      for (let k = 0; k < n; k++) {
        const time = zip.readUInt16LE(p + 12);
        const date = zip.readUInt16LE(p + 14);
        const nameLen = zip.readUInt16LE(p + 28);
        const extra = zip.readUInt16LE(p + 30);
        const comment = zip.readUInt16LE(p + 32);
        out.push({
          name: zip.toString('utf8', p + 46, p + 46 + nameLen),
          y: (date >> 9) + 1980,
          mo: (date >> 5) & 15,
          d: date & 31,
          h: time >> 11,
          mi: (time >> 5) & 63,
        });
        p += 46 + nameLen + extra + comment;
      }
      return out;
    }
  throw new Error('no end of central directory');
}

/** Now in Beijing time as [y, m, d, h, min]. */
const beijing = (at = Date.now()) => {
  const t = new Date(at + 8 * 3_600_000);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()];
};

describeEachDatabase(
  'issue 11 (D2): cockpit words, repeat runs, counts, comparison, XLSX notes',
  ({ db }) => {
    let store: Store;
    let app: TestClient;
    let nanhu: TestClient;
    let dir: string;
    let run2021: number;
    let run2022: number;
    const call = async <T>(method: string, url: string, body?: unknown, who: TestClient = app) => {
      const res = await who.request(url, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headers: { 'content-type': 'application/json' },
      });
      return { status: res.status, body: (await res.json()) as T };
    };

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-i11-d2-'));
      store = await initStore(db());
      const runs = await loadWebFixture(store, dir);
      run2021 = runs.y2021.runId;
      run2022 = runs.y2022.runId;
      app = await testClient(store, 'analyst', { username: 'li' });
      nanhu = await testClient(store, 'county', { division: '330402', app: app.app });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('cockpit coverage: the share of records LACKING a field, the most missing first (item 23)', async () => {
      const k = (await call<C.Cockpit>('GET', `/api/runs/${run2022}/cockpit`)).body;
      // web-fixture: E4 has no land (1 of 8 lack it); only the 4 above-scale firms report employees
      const land = k.coverage.fields.find((f) => f.field === 'land_mu')!;
      expect(land).toMatchObject({ present: 7, records: 8, missing: 1, missingShare: 0.125 });
      const employees = k.coverage.fields.find((f) => f.field === 'employees')!;
      expect(employees).toMatchObject({ present: 4, missing: 4, missingShare: 0.5 });
      const most = k.coverage.mostMissing;
      expect(most.length).toBeGreaterThan(0);
      expect(most.length).toBeLessThanOrEqual(3);
      const shares = most.map((f) => f.missingShare!);
      expect([...shares].sort((a, b) => b - a)).toEqual(shares);
      const left = k.coverage.fields.filter((f) => !most.some((m) => m.field === f.field));
      for (const f of left) expect(f.missingShare!).toBeLessThanOrEqual(shares[shares.length - 1]!);
      expect(k.area).toMatchObject({ kind: 'city', name: { zh: '全市' } });
      expect(k.classes.source.published).toBe(false);
      expect(k.methodologyTitle.zh).toContain('黄岩');
    });

    it('a county operator’s cockpit names its county, not 全市 (item 23)', async () => {
      const k = (await call<C.Cockpit>('GET', `/api/runs/${run2022}/cockpit`, undefined, nanhu)).body;
      expect(k.area).toEqual({ kind: 'county', division: '330402', name: { zh: '南湖区', en: '南湖区' } });
    });

    it('refuses an identical repeat run with 409 and the existing run, starts it with force (item 30)', async () => {
      const again = await call<C.RepeatRunConflict>('POST', '/api/runs', {
        methodology: 'huangyan-2023',
        year: 2022,
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('repeat_run');
      expect(again.body.run.id).toBe(run2022);
      expect(again.body.error.message).toMatch(new RegExp(`第 ${run2022} 批.* / run #${run2022}`));
      const before = (await call<C.RunList>('GET', '/api/runs')).body.items.length;
      expect(before).toBe(2); // nothing was started
      // another methodology on the same data is not a repeat
      const other = await call<C.JobAccepted>('POST', '/api/runs', {
        methodology: 'jiaxing-demo-2024',
        year: 2022,
      });
      expect(other.status).toBe(202);
      await jobsOf(store).idle();
      const forced = await call<C.JobAccepted>('POST', '/api/runs', {
        methodology: 'huangyan-2023',
        year: 2022,
        force: true,
      });
      expect(forced.status).toBe(202);
      await jobsOf(store).idle();
      expect((await call<C.RunList>('GET', '/api/runs')).body.items).toHaveLength(4);
      const bad = await call<C.ApiError>('POST', '/api/runs', {
        methodology: 'huangyan-2023',
        year: 2022,
        force: 'yes',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/force.*\/ .*force/);
    });

    it('the runs list counts classes after a manual adjustment; the comparison marks it (items 29, 30)', async () => {
      const listed = async () =>
        (await call<C.RunList>('GET', '/api/runs')).body.items.find((r) => r.id === run2022)!.summary!
          .classes;
      // 2022: E1 B, E2 B, E8 B, E6 C, E5 C (vetoed)
      expect(await listed()).toEqual({ A: 0, B: 3, C: 2, D: 0 });
      const adj = await call('POST', `/api/runs/${run2022}/adjustments`, {
        uscc: E.E2,
        toClass: 'A',
        reason: '核查后调整',
      });
      expect(adj.status).toBe(201);
      expect(await listed()).toEqual({ A: 1, B: 2, C: 2, D: 0 });
      // item 30: the statement's class steps name the adjustment once, its time in Beijing time
      const ex = (await call<C.Explanation>('GET', `/api/runs/${run2022}/enterprises/${E.E2}`)).body;
      const manual = ex.why.filter((w) => w.includes('核查后调整'));
      expect(manual).toHaveLength(1);
      expect(manual[0]).toMatch(/人工调整（li，\d{4}-\d{2}-\d{2} \d{2}:\d{2}）：B → A/);
      expect(manual[0]).not.toMatch(/T\d{2}:\d{2}:\d{2}/);
      // 2021 → 2022: E2 was C in 2021, now A by the adjustment
      const cmp = (await call<C.RunComparison>('GET', `/api/runs/${run2021}/compare/${run2022}?limit=100`))
        .body;
      const e2 = cmp.moved.items.find((m) => m.uscc === E.E2)!;
      expect(e2).toMatchObject({ from: 'C', to: 'A', adjustedA: false, adjustedB: true });
      for (const m of cmp.moved.items.filter((x) => x.uscc !== E.E2)) expect(m.adjustedB).toBe(false);
    });

    it('exports a draft as 草稿 with readable filters, Beijing time and dated zip entries (items 21, 33)', async () => {
      const t0 = Date.now();
      const res = await app.request(
        `/api/runs/${run2022}/results.xlsx?division=330402&class=B&order=tax_per_mu&dir=desc&lang=zh`,
      );
      const t1 = Date.now();
      expect(res.status).toBe(200);
      const disposition = decodeURIComponent(res.headers.get('content-disposition')!);
      expect(disposition).toContain(`亩均评价结果-2022-运行${run2022}-草稿.xlsx`);
      expect(disposition).toContain('-draft.xlsx');
      const file = path.join(dir, 'draft.xlsx');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      expect(await readSheetNames(file)).toEqual(['评价结果（草稿）', '说明']);
      const notes = new Map<string, string>();
      for await (const r of (await openTable(file, { sheet: '说明' })).rows)
        notes.set(String(r.cells[0]), String(r.cells[1]));
      expect(notes.get('筛选条件')).toBe('县区：南湖区；类别：B；排序：亩均税收 从高到低');
      expect(notes.get('状态')).toMatch(/^草稿（未公示）/);
      const shown = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})（北京时间）$/.exec(notes.get('导出时间')!);
      expect(shown).not.toBeNull();
      const at = shown!.slice(1).map(Number);
      expect([beijing(t0 - 60_000), beijing(t0), beijing(t1)].map((x) => x.join())).toContain(at.join());
      // the archive's entries are dated today (Beijing time), not 1980-00-00
      const today = [beijing(t0), beijing(t1)].map((b) => b.slice(0, 3).join());
      const entries = zipEntryDates(readFileSync(file));
      expect(entries.length).toBeGreaterThan(3);
      for (const e of entries) expect(today, e.name).toContain([e.y, e.mo, e.d].join());
      // no filter: （全部）
      const all = await app.request(`/api/runs/${run2022}/results.xlsx`);
      writeFileSync(file, Buffer.from(await all.arrayBuffer()));
      for await (const r of (await openTable(file, { sheet: '说明' })).rows)
        if (r.cells[0] === '筛选条件') expect(r.cells[1]).toBe('（全部）');
    });
  },
);
