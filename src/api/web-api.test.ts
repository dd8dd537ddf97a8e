/**
 * The web application's read endpoints through `app.request()`, on PGlite and PostgreSQL, over the
 * hand-computed two-year city of web-fixture.ts: reference lists, the filtered and sorted enterprise
 * table, the cockpit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countyFigures, extremeResults, getRun } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import type { RunDigest } from '../services/run-digest.js';
import { openTable } from '../ingest/readers/index.js';
import { initStore, type Store } from '../services/store.js';
import { testClient, type TestClient } from './testing.js';
import type * as C from './contract/index.js';
import { E, loadWebFixture } from './web-fixture.js';

describeEachDatabase('web API: reference, results, cockpit', ({ db }) => {
  let store: Store;
  let app: TestClient;
  let dir: string;
  let run2021: number;
  let run2022: number;
  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await app.request(url);
    return { status: res.status, body: (await res.json()) as T };
  };
  const page = async (query: string) =>
    (await get<C.ResultsPage>(`/api/runs/${run2022}/results?${query}`)).body;
  const usccs = (p: C.ResultsPage) => p.items.map((r) => r.uscc);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-web-'));
    store = await initStore(db());
    const runs = await loadWebFixture(store, dir);
    run2021 = runs.y2021.runId;
    run2022 = runs.y2022.runId;
    app = await testClient(store);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the counties of 嘉兴市 and the 大类 of manufacturing', async () => {
    const d = await get<C.ReferenceList<C.DivisionItem>>(
      '/api/reference/divisions?level=county&parent=330400',
    );
    expect(d.status).toBe(200);
    expect(d.body.items.map((x) => x.name)).toEqual(
      expect.arrayContaining(['南湖区', '秀洲区', '嘉善县', '平湖市', '海宁市', '海盐县', '桐乡市']),
    );
    expect(d.body.items).toHaveLength(7);
    const i = await get<C.ReferenceList<C.IndustryItem>>('/api/reference/industries?level=2&parent=C');
    // GB/T 4754-2017: manufacturing is 大类 13–43, 31 of them
    expect(i.body.items).toHaveLength(31);
    expect(i.body.items[0]).toMatchObject({ code: '13', level: 2, parentCode: 'C' });
    expect((await get('/api/reference/divisions?level=town')).status).toBe(400);
    expect((await get('/api/reference/industries?level=5')).status).toBe(400);
  });

  it('gives each result its headline figures, per-mu values and flags', async () => {
    const p = await page('limit=100');
    expect(p.total).toBe(8);
    const by = new Map(p.items.map((r) => [r.uscc, r]));
    const e1 = by.get(E.E1)!;
    expect(e1).toMatchObject({
      status: 'graded',
      division: '330402',
      divisionName: '南湖区',
      industryName: '光伏设备及元器件制造',
      landMu: 50,
      tax: 1000,
      valueAdded: 6000,
      taxPerMu: 20,
      valueAddedPerMu: 120,
      initialClass: 'B',
      adjustedClass: 'B',
    });
    expect(e1.total).toBeCloseTo(93.87, 2); // worked example 1
    expect(e1.flags).toEqual(['sublets', 'above_scale', 'high_tech']);
    expect(by.get(E.E2)!.total).toBeCloseTo(77.02, 2); // worked example 2
    expect(by.get(E.E6)!.flags).toEqual(['tenant']);
    expect(by.get(E.E5)).toMatchObject({ initialClass: 'B', adjustedClass: 'C' });
    expect(by.get(E.E5)!.flags).toEqual(['veto', 'above_scale', 'specialised_sme']);
    expect(by.get(E.E4)).toMatchObject({ status: 'not_evaluated', reason: 'land_missing', taxPerMu: null });
    expect(by.get(E.E3)).toMatchObject({ status: 'not_evaluated', reason: 'non_industrial' });
    expect(by.get(E.E7)).toMatchObject({ status: 'computed_not_graded', reason: 'new_firm' });
  });

  it('filters by county, industry prefix or section, group, class, status, flags and text', async () => {
    expect((await page('division=330411')).total).toBe(2);
    expect((await page('division=330402,330411')).total).toBe(8);
    expect(usccs(await page('industry=33&order=uscc')).sort()).toEqual([E.E2, E.E6, E.E8].sort());
    // section C (manufacturing, 大类 13–43) holds everything but the retailer
    expect((await page('industry=C')).total).toBe(7);
    expect((await page('group=below')).total).toBe(3);
    expect(usccs(await page('class=C')).sort()).toEqual([E.E5, E.E6].sort());
    expect((await page('class=none')).total).toBe(3);
    expect(usccs(await page('initialClass=B&class=C'))).toEqual([E.E5]);
    expect((await page('status=graded')).total).toBe(5);
    expect(usccs(await page('flags=tenant'))).toEqual([E.E6]);
    expect(usccs(await page('flags=above_scale,high_tech'))).toEqual([E.E1]);
    expect(usccs(await page('q=' + encodeURIComponent('秀洲')))).toEqual([E.E5, E.E8]);
    expect(usccs(await page('q=' + E.E7.slice(-6).toLowerCase()))).toEqual([E.E7]);
  });

  it('sorts by per-mu values, totals and names, missing values last, and pages', async () => {
    // graded tax per mu: E8 10, E5 10, E1 20, E2 8, E6 4; ties in dataset order
    expect(usccs(await page('status=graded&order=tax_per_mu'))).toEqual([E.E1, E.E5, E.E8, E.E2, E.E6]);
    expect(usccs(await page('status=graded&order=tax_per_mu&dir=asc'))).toEqual([
      E.E6,
      E.E2,
      E.E5,
      E.E8,
      E.E1,
    ]);
    const all = await page('order=tax_per_mu&dir=asc');
    expect(all.items.at(-1)!.uscc).toBe(E.E4); // no land: no tax per mu, last either way
    expect((await page('order=tax_per_mu&dir=desc')).items.at(-1)!.uscc).toBe(E.E4);
    // totals: E8 128.163 > E1 93.870 > E5 81.421 > E2 77.020 > E6 59.768 (E7 computed, not graded)
    const t = await page('status=graded&order=total');
    expect(usccs(t)).toEqual([E.E8, E.E1, E.E5, E.E2, E.E6]);
    const second = await page('status=graded&order=total&limit=2&offset=2');
    expect(second).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(usccs(second)).toEqual([E.E5, E.E2]);
    expect(usccs(await page('order=value_added_per_mu&status=graded&limit=1'))).toEqual([E.E1]); // 120 万元/亩
    expect(usccs(await page('order=land_mu&dir=asc&limit=1'))).toEqual([E.E3]); // 3 亩
    expect((await page('order=name&limit=1')).items[0]!.name).toBe('南湖丁光伏有限公司'); // code-point order
  });

  it('answers bad table parameters with 400 naming the parameter, and an unknown run with 404', async () => {
    for (const [q, name] of [
      ['class=E', 'class'],
      ['order=colour', 'order'],
      ['dir=up', 'dir'],
      ['division=3304', 'division'],
      ['industry=3x', 'industry'],
      ['flags=shiny', 'flags'],
      ['status=done', 'status'],
      ['limit=5000', 'limit'],
      ['offset=-1', 'offset'],
    ] as const) {
      const r = await get<C.ApiError>(`/api/runs/${run2022}/results?${q}`);
      expect(r.status, q).toBe(400);
      // the schema's wording (查询参数 … / query parameter …) or the service's (参数 … / parameter …)
      expect(r.body.error.message, q).toMatch(new RegExp(`参数 ${name}：.* / (query )?parameter ${name}: `));
    }
    expect((await get(`/api/runs/999/results`)).status).toBe(404);
    expect((await get(`/api/runs/abc/results`)).status).toBe(400);
    expect((await get(`/api/runs/999/cockpit`)).status).toBe(404);
  });

  it('builds the cockpit with sources, per-mu figures against last year, extremes and coverage', async () => {
    const { status, body: k } = await get<C.Cockpit>(`/api/runs/${run2022}/cockpit`);
    expect(status).toBe(200);
    expect(k.run.id).toBe(run2022);
    expect(k.lastYearRun?.id).toBe(run2021);
    expect(k.classes.source).toMatchObject({
      runId: run2022,
      year: 2022,
      methodologyId: 'huangyan-2023',
      datasetVersion: '2022/v1',
    });
    expect(k.classes.source.definition.zh).toContain('调档');
    const nanhu = k.classes.counties.find((c) => c.division === '330402')!;
    expect(nanhu).toMatchObject({
      name: '南湖区',
      graded: 3,
      computedNotGraded: 1,
      notEvaluated: 2,
      initialClasses: { A: 0, B: 2, C: 1, D: 0 },
      classes: { A: 0, B: 2, C: 1, D: 0 },
    });
    const xiuzhou = k.classes.counties.find((c) => c.division === '330411')!;
    expect(xiuzhou).toMatchObject({
      initialClasses: { A: 0, B: 2, C: 0, D: 0 },
      classes: { A: 0, B: 1, C: 1, D: 0 },
    });
    expect(k.classes.city).toMatchObject({ graded: 5, classes: { A: 0, B: 3, C: 2, D: 0 } });

    // 南湖区 graded: E1, E2, E6 → Σtax 1100 / Σland 65; Σva 6600 / 65. 2021: Σtax 500+10+20 = 530 / 65
    const pm = k.perMu.counties.find((c) => c.division === '330402')!;
    expect(pm.landMu).toBe(65);
    expect(pm.taxPerMu).toBeCloseTo(1100 / 65, 9);
    expect(pm.valueAddedPerMu).toBeCloseTo(6600 / 65, 9);
    expect(pm.lastYear!.taxPerMu).toBeCloseTo(530 / 65, 9);
    // 秀洲区 2022: E5 and E8 → (500 + 40) / 54; 2021: E5 alone → 500 / 50
    const px = k.perMu.counties.find((c) => c.division === '330411')!;
    expect(px.taxPerMu).toBeCloseTo(540 / 54, 9);
    expect(px.lastYear!.taxPerMu).toBeCloseTo(10, 9);
    expect(k.perMu.city.taxPerMu).toBeCloseTo(1640 / 119, 9);
    expect(k.perMu.lastYearSource).toMatchObject({ runId: run2021, year: 2021 });

    expect(k.top.items.map((x) => x.uscc)).toEqual([E.E8, E.E1, E.E5, E.E2, E.E6]);
    expect(k.bottom.items.map((x) => x.uscc)).toEqual([E.E6, E.E2, E.E5, E.E1, E.E8]);
    expect(k.top.items[1]!.total).toBeCloseTo(93.87, 2);

    expect(k.coverage.records).toBe(8);
    const cov = new Map(k.coverage.fields.map((f) => [f.field, f.present]));
    expect(cov.get('land_mu')).toBe(7); // E4 has none
    expect(cov.get('tax')).toBe(8);
    expect(cov.get('employees')).toBe(4); // the above-scale firms
    expect(cov.get('electricity')).toBe(4); // the below-scale firms and the retailer
    expect(k.coverage.fields.find((f) => f.field === 'land_mu')).toMatchObject({
      department: 'natural-resources',
      unit: '亩',
      label: { zh: '用地面积' },
    });
    expect(k.coverage.departments.find((d) => d.department === 'power')!.present).toBe(4);

    const old = await get<C.Cockpit>(`/api/runs/${run2021}/cockpit?size=2`);
    expect(old.body.lastYearRun).toBeNull();
    expect(old.body.perMu.counties[0]!.lastYear).toBeNull();
    expect(old.body.top.items).toHaveLength(2);
  });

  it('compares two runs: transition matrix, counties, and the enterprises that moved', async () => {
    const { status, body: k } = await get<C.RunComparison>(`/api/runs/${run2021}/compare/${run2022}`);
    expect(status).toBe(200);
    expect(k.basis).toBe('adjusted');
    // E1 B→B, E2 C→B, E6 B→C, E5 C→C (vetoed both years), E3/E4/E7 none→none, E8 absent→B
    expect(k.matrix.B.B).toBe(1);
    expect(k.matrix.C.B).toBe(1);
    expect(k.matrix.B.C).toBe(1);
    expect(k.matrix.C.C).toBe(1);
    expect(k.matrix.none.none).toBe(3);
    expect(k.matrix.absent.B).toBe(1);
    const sum = Object.values(k.matrix).reduce(
      (s, row) => s + Object.values(row).reduce((a, b) => a + b, 0),
      0,
    );
    expect(sum).toBe(8);
    expect(k.byDivision).toEqual([
      { division: '330402', name: '南湖区', same: 4, up: 1, down: 1, other: 0 },
      { division: '330411', name: '秀洲区', same: 1, up: 0, down: 0, other: 1 },
    ]);
    expect(k.moved.total).toBe(3);
    expect(k.moved.items.map((m) => [m.uscc, m.from, m.to])).toEqual([
      [E.E2, 'C', 'B'],
      [E.E6, 'B', 'C'],
      [E.E8, 'absent', 'B'],
    ]);
    expect(k.moved.items[0]!.totalA).toBeCloseTo(9.627, 3);
    expect(k.moved.items[0]!.totalB).toBeCloseTo(77.02, 2);
    const only = async (q: string) =>
      (await get<C.RunComparison>(`/api/runs/${run2021}/compare/${run2022}?${q}`)).body.moved.items.map(
        (m) => m.uscc,
      );
    expect(await only('from=absent')).toEqual([E.E8]);
    expect(await only('to=C')).toEqual([E.E6]);
    expect(await only('division=330411')).toEqual([E.E8]);
    expect(await only('limit=1&offset=1')).toEqual([E.E6]);
    // initial classes: E5 was B before its veto in both years
    const init = (await get<C.RunComparison>(`/api/runs/${run2021}/compare/${run2022}?basis=initial`)).body;
    expect(init.matrix.B.B).toBe(2);
    expect((await get(`/api/runs/${run2021}/compare/${run2022}?basis=final`)).status).toBe(400);
    expect((await get(`/api/runs/${run2021}/compare/${run2022}?from=E`)).status).toBe(400);
    expect((await get(`/api/runs/${run2021}/compare/999`)).status).toBe(404);
  });

  it("shows one enterprise: identity, sources with rows, the year's result and its history", async () => {
    const { status, body: v } = await get<C.EnterpriseView>(`/api/enterprises/${E.E1}`);
    expect(status).toBe(200);
    expect(v.year).toBe(2022);
    expect(v.identity).toMatchObject({
      name: '南湖甲光伏科技有限公司',
      division: '330402',
      divisionName: '南湖区',
      industry: '3825',
      aboveScale: true,
      founded: 2005,
      tenantOf: null,
    });
    expect(v.identity.flags).toContain('high_tech');
    expect(v.run?.id).toBe(run2022);
    expect(v.result?.total).toBeCloseTo(93.87, 2);
    expect(v.result?.indicators.map((i) => i.value)).toEqual([20, 120, 3, 4000, 20, 0.03]); // worked example 1
    expect(v.result?.adjustedClass).toBe('B');
    const tax = v.sources.find((s) => s.department === 'tax')!;
    expect(tax.fields).toEqual([
      {
        field: 'tax',
        label: { zh: '税收实际贡献', en: 'tax paid' },
        unit: '万元',
        value: 1000,
        header: null,
      },
    ]);
    // a canonical record file: the dataset is the source, the record's row (header = row 1, E1 first)
    expect(tax.file).toBe('file:records-2022.csv');
    expect(tax.rows).toEqual([2]);
    expect(v.history.map((h) => [h.year, h.runId, h.adjustedClass])).toEqual([
      [2021, run2021, 'B'],
      [2022, run2022, 'B'],
    ]);
    expect(v.history[0]!.total).toBeCloseTo(81.42, 2);
    expect(v.history[0]!.taxPerMu).toBe(10);

    const old = await get<C.EnterpriseView>(`/api/enterprises/${E.E1}?year=2021&lang=en`);
    expect(old.body.result?.total).toBeCloseTo(81.42, 2);
    expect(old.body.result?.statusText).toBe('graded');
    const tenant = await get<C.EnterpriseView>(`/api/enterprises/${E.E6.toLowerCase()}`);
    expect(tenant.body.identity.tenantOf).toBe(E.E1);
    expect(tenant.body.identity.flags).toEqual(['tenant']);

    expect((await get(`/api/enterprises/${E.E8}?year=2021`)).status).toBe(404);
    expect((await get(`/api/enterprises/91330402MA2A00009X`)).status).toBe(404);
    const bad = await get<C.ApiError>(`/api/enterprises/123`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/parameter uscc/);
    expect((await get(`/api/enterprises/${E.E1}?year=1800`)).status).toBe(400);
  });

  it('gives a methodology as structured readable rules', async () => {
    const { status, body: r } = await get<C.MethodologyRules>('/api/methodologies/huangyan-2023/rules');
    expect(status).toBe(200);
    // Huangyan's published weights and 2022 benchmarks
    expect(r.groups.map((g) => g.id)).toEqual(['above', 'below']);
    expect(r.groups[0]!.indicators.map((i) => [i.id, i.weight, i.benchmark])).toEqual([
      ['tax_per_mu', 30, '24.097 万元/亩'],
      ['va_per_mu', 20, '136.16 万元/亩'],
      ['va_per_tce', 20, '2.694 万元/吨标准煤'],
      ['va_per_emission', 10, '4929.81 万元/吨'],
      ['labour_productivity', 10, '18.14 万元/人'],
      ['rd_intensity', 10, '0.0302'],
    ]);
    expect(r.groups[1]!.minLandMu).toBe(3);
    expect(r.groups[0]!.indicators[0]!.formula).toBe('税收实际贡献 ÷ 用地面积');
    expect(r.classing).toMatchObject({ method: 'quota', rankingUnit: '区县' });
    expect(r.classing.text).toContain('A 20% · B 45% · C 30% · D 5%');
    expect(r.vetoes).toEqual([expect.objectContaining({ id: 'safety_or_environment', atBest: 'C' })]);
    expect(r.protections).toEqual([expect.objectContaining({ id: 'major_project_build', atWorst: 'C' })]);
    expect(r.assumptions).toHaveLength(6);
    const en = await get<C.MethodologyRules>('/api/methodologies/huangyan-2023/rules?lang=en');
    expect(en.body.groups[0]!.indicators[0]!.title).toBe('Tax per mu');
    expect((await get('/api/methodologies/nowhere/rules')).status).toBe(404);
  });

  it('exports the filtered, sorted table as an XLSX with units in the headers and every row', async () => {
    const res = await app.request(`/api/runs/${run2022}/results.xlsx?status=graded&order=total&limit=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('亩均评价结果-2022-运行')}`,
    );
    const file = path.join(dir, 'export.xlsx');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const rows: unknown[][] = [];
    const notes: unknown[][] = [];
    for await (const r of (await openTable(file)).rows) rows.push([...r.cells]);
    for await (const r of (await openTable(file, { sheet: '说明' })).rows) notes.push([...r.cells]);
    const header = rows[0] as string[];
    for (const h of [
      '用地面积（亩）',
      '税收实际贡献（万元）',
      '亩均税收（万元/亩）',
      '综合能源消费量（吨标准煤）',
      '综合得分（分）',
    ])
      expect(header).toContain(h);
    // limit is ignored: all 5 graded firms, by total (E8, E1, E5, E2, E6)
    const col = (h: string) => header.indexOf(h);
    expect(rows.slice(1).map((r) => r[col('统一社会信用代码')])).toEqual([E.E8, E.E1, E.E5, E.E2, E.E6]);
    const e1 = rows[2]!;
    expect(e1[col('企业名称')]).toBe('南湖甲光伏科技有限公司');
    expect(e1[col('区县')]).toBe('南湖区');
    expect(e1[col('用地面积（亩）')]).toBe(50);
    expect(e1[col('亩均税收（万元/亩）')]).toBe(20);
    expect(e1[col('综合能源消费量（吨标准煤）')]).toBe(2000);
    expect(e1[col('综合得分（分）')]).toBe(93.87);
    expect(e1[col('调档后等级')]).toBe('B');
    expect(e1[col('标记')]).toBe('出租厂房、规上、高新技术企业');
    expect(notes.map((r) => r[0])).toContain('筛选条件');
    const empty = await app.request(`/api/runs/${run2022}/results.xlsx?division=330421`);
    writeFileSync(file, Buffer.from(await empty.arrayBuffer()));
    let n = 0;
    for await (const _ of (await openTable(file)).rows) n++;
    expect(n).toBe(1); // the header alone
    const bad = await app.request(`/api/runs/${run2022}/results.xlsx?order=colour`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as C.ApiError).error.message).toMatch(/parameter order/);
    expect((await app.request(`/api/runs/999/results.xlsx`)).status).toBe(404);
  });

  it('stores a digest with each run that agrees with the aggregates over its rows', async () => {
    const run = (await getRun(db(), run2022))!;
    const digest = (run.summary as { web: RunDigest }).web;
    const sql = await countyFigures(db(), run2022);
    expect(digest.counties.map((c) => c.division)).toEqual(sql.map((c) => c.division));
    digest.counties.forEach((c, k) => {
      const s = sql[k]!;
      expect({ ...c, landMu: 0, tax: 0, valueAdded: 0, landWithTax: 0, landWithValueAdded: 0 }).toEqual({
        ...s,
        landMu: 0,
        tax: 0,
        valueAdded: 0,
        landWithTax: 0,
        landWithValueAdded: 0,
      });
      for (const f of ['landMu', 'tax', 'valueAdded', 'landWithTax', 'landWithValueAdded'] as const)
        expect(c[f]).toBeCloseTo(s[f], 9);
    });
    const best = await extremeResults(db(), run2022, { best: true, limit: 100 });
    const worst = await extremeResults(db(), run2022, { best: false, limit: 100 });
    expect(digest.extremes.all!.best).toEqual(best.map((r) => r.seq));
    expect(digest.extremes.all!.worst).toEqual(worst.map((r) => r.seq));
    const below = await extremeResults(db(), run2022, { best: true, limit: 100, groupId: 'below' });
    expect(digest.extremes['group:below']!.best).toEqual(below.map((r) => r.seq));
    // the run as clients see it leaves the digest out
    expect((await get<C.RunView>(`/api/runs/${run2022}`)).body.summary).not.toHaveProperty('web');
  });

  it('gives the same cockpit for runs stored before the digest existed (aggregated from their rows)', async () => {
    const withDigest = (await get<C.Cockpit>(`/api/runs/${run2022}/cockpit`)).body;
    await db().query(`UPDATE runs SET summary = summary - 'web' WHERE id IN ($1, $2)`, [run2021, run2022]);
    const without = (await get<C.Cockpit>(`/api/runs/${run2022}/cockpit`)).body;
    expect(without.classes).toEqual(withDigest.classes);
    expect(without.perMu).toEqual(withDigest.perMu);
    expect(without.top).toEqual(withDigest.top);
    expect(without.bottom).toEqual(withDigest.bottom);
    expect(without.coverage).toEqual(withDigest.coverage);
  });
});
