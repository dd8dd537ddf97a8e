/**
 * Importing the demo city's six departmental files (UTF-8 with BOM, GBK, title rows, several meters and
 * parcels per enterprise) into a real database: the merged records are the demo's canonical records,
 * the only rejections are the planted invalid codes, a second import changes nothing, and a corrupt
 * file stops the import with nothing written.
 */
import { afterAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  listDatasetFiles,
  listDatasets,
  listRejections,
  loadDatasetBatch,
  loadDatasetProvenance,
} from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { generateDemoCity, writeDemoFiles, type DemoFiles } from '../demo/index.js';
import { isValidUscc } from '../domain/uscc.js';
import { openTable } from '../ingest/readers/index.js';
import { ImportError, importFiles, rejectionsXlsx } from './import.service.js';
import { initStore, type Store } from './store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mujun-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const city = generateDemoCity({ enterprises: 400, seed: 3 });
let files: DemoFiles;
const departmentFiles = () =>
  [
    files.marketRegulation,
    files.tax,
    files.statistics,
    files.power,
    files.environment,
    files.naturalResources,
  ].map((f) => f.path);

describeEachDatabase('import of departmental files', ({ db }) => {
  let store: Store;

  it('imports the demo files into records equal to the demo’s canonical ones', async () => {
    files = await writeDemoFiles(city, dir);
    store = await initStore(db());
    const out = await importFiles(store, departmentFiles(), { year: city.dataYear, createdBy: 'clerk-wang' });
    expect(out.created).toBe(true);
    // rows read = accepted + rejected + skipped, for every file
    for (const f of out.reconciliation.files)
      expect(f.rowsRead).toBe(f.accepted + f.rejected + Object.values(f.skipped).reduce((a, b) => a + b, 0));
    expect(out.reconciliation.files.map((f) => f.department).sort()).toHaveLength(6);
    // the only rejected rows are those of the planted invalid codes
    expect(new Set(out.rejections.map((r) => r.rule))).toEqual(new Set(['uscc_check']));
    const stored = await loadDatasetBatch(db(), out.dataset.id);
    const want = new Map<string, number>();
    city.batch.uscc.forEach((u, i) => {
      if (isValidUscc(u)) want.set(u, i);
    });
    expect(stored.length).toBe(want.size);
    for (let i = 0; i < stored.length; i++) {
      const j = want.get(stored.uscc[i]!)!;
      expect(stored.division[i]).toBe(city.batch.division[j]);
      expect(stored.industry[i]).toBe(city.batch.industry[j]);
      for (const f of ['tax', 'value_added', 'revenue', 'energy_tce', 'employees', 'electricity'] as const) {
        const a = stored.columns[f][i]!;
        const b = city.batch.columns[f][j]!;
        if (Number.isNaN(b)) expect(a).toBeNaN();
        else expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
      }
    }
    const fileRows = await listDatasetFiles(db(), out.dataset.id);
    expect(fileRows.map((f) => f.sha256)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]),
    );
    expect(fileRows.every((f) => f.createdBy === 'clerk-wang')).toBe(true);
    expect((await listRejections(db(), out.dataset.id)).length).toBe(out.rejections.length);
    // provenance: per department, the file (position among the dataset's files) and the row(s)
    const prov = await loadDatasetProvenance(db(), out.dataset.id);
    const taxFile = fileRows.findIndex((f) => f.fileName === 'tax.csv');
    const taxLines = readFileSync(files.tax.path); // GBK: compare the ASCII code only
    for (let i = 0; i < 5; i++) {
      const [seq, row] = (prov[i] as Record<string, [number, number]>).tax!;
      expect(seq).toBe(taxFile);
      const line = taxLines.toString('latin1').split(/\r?\n/)[row - 1]!;
      expect(line).toContain(stored.uscc[i]);
    }
    expect(fileRows.find((f) => f.fileName === 'tax.csv')!.columns.map((c) => c.field)).toContain('uscc');
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await listDatasets(db());
    const again = await importFiles(store, [...departmentFiles()].reverse(), {
      year: city.dataYear,
      createdBy: 'x',
    });
    expect(again.created).toBe(false);
    expect(await listDatasets(db())).toEqual(before);
  });

  it('stops on a corrupt file with one clear error and writes nothing', async () => {
    const bad = path.join(dir, 'tax.xlsx');
    writeFileSync(bad, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const before = await listDatasets(db());
    const err = await importFiles(store, [files.marketRegulation.path, bad], {
      year: 2030,
      createdBy: 'x',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems).toHaveLength(1);
    expect((err as ImportError).problems[0]!.file).toBe('tax.xlsx');
    expect((err as Error).message).toMatch(/[\u4e00-\u9fff].* \/ /);
    expect(await listDatasets(db())).toEqual(before);
  });
});

it('writes the rejected rows to an XLSX that reads back', async () => {
  const xlsx = path.join(dir, 'rejected.xlsx');
  writeFileSync(
    xlsx,
    rejectionsXlsx([
      {
        file: 'tax.csv',
        sheet: null,
        row: 7,
        column: '纳税人识别号',
        value: '9133<bad>&',
        rule: 'uscc_check',
        zh: '校验位不符',
        en: 'check character',
      },
    ]),
  );
  const t = await openTable(xlsx);
  const rows = [];
  for await (const r of t.rows) rows.push(r.cells);
  expect(rows[0]![0]).toBe('文件 File');
  expect(rows[1]).toEqual([
    'tax.csv',
    null,
    7,
    '纳税人识别号',
    '9133<bad>&',
    'uscc_check',
    '校验位不符',
    'check character',
  ]);
});

describeEachDatabase('an import where nothing is accepted', ({ db }) => {
  it('stores nothing and keeps the rejected rows for the clerk', async () => {
    const store = await initStore(db());
    const fx = path.resolve(import.meta.dirname, '../../test/fixtures/ingest');
    // LibreOffice-made workbook whose three codes all have a wrong check character
    const err = await importFiles(store, [path.join(fx, 'market-regulation.xlsx')], {
      year: 2023,
      createdBy: 'x',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems[0]!.rule).toBe('no_records');
    expect((err as ImportError).rejections.map((r) => r.rule)).toEqual([
      'uscc_check',
      'uscc_check',
      'uscc_check',
    ]);
    expect(await listDatasets(db())).toEqual([]);
  });
});

describeEachDatabase('files that are only a header', ({ db }) => {
  it('stop the import with one clear error naming the file', async () => {
    const store = await initStore(db());
    const fx = path.resolve(import.meta.dirname, '../../test/fixtures/ingest');
    for (const f of ['header-only.csv', 'header-only.xlsx']) {
      const err = await importFiles(store, [path.join(fx, f)], { year: 2023, createdBy: 'x' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).problems).toHaveLength(1);
      expect((err as ImportError).problems[0]!.file).toContain(f);
    }
    expect(await listDatasets(db())).toEqual([]);
  });
});

describeEachDatabase('a profile added as a file', ({ db }) => {
  it('recognises a new layout from MUJUN_PROFILE_DIR without code', async () => {
    const store = await initStore(db());
    const pdir = mkdtempSync(path.join(os.tmpdir(), 'mujun-profiles-'));
    const base = readFileSync(path.resolve(import.meta.dirname, '../../profiles/power.yaml'), 'utf8');
    // a county's power export calls the consumption 月度抄见电量合计 instead of 用电量
    writeFileSync(
      path.join(pdir, 'power-county.yaml'),
      base.replace(/^id: power$/m, 'id: power-county').replace(/用电量/g, '抄见电量合计'),
    );
    const csv = path.join(pdir, 'county-power.csv');
    const u = city.batch.uscc.find((x) => isValidUscc(x))!;
    writeFileSync(csv, `户号,户名,统一社会信用代码,抄见电量合计(千瓦时)\n3301000001,某企业,${u},120000\n`);
    const out = await importFiles(store, [files.marketRegulation.path, csv], {
      year: 2023,
      createdBy: 'x',
      profileDir: pdir,
    });
    expect(out.reconciliation.files.find((f) => f.file === 'county-power.csv')?.profile).toBe('power-county');
    expect(out.rejections).toEqual(out.rejections.filter((r) => r.rule === 'uscc_check'));
    rmSync(pdir, { recursive: true, force: true });
  });
});

it.skipIf(spawnSync('sh', ['-c', 'command -v libreoffice']).status !== 0)(
  'writes a rejected-rows XLSX that LibreOffice opens (when LibreOffice is installed)',
  () => {
    const xlsx = path.join(dir, 'lo-check.xlsx');
    writeFileSync(
      xlsx,
      rejectionsXlsx([
        {
          file: '税务.csv',
          sheet: null,
          row: 12,
          column: '实缴税金(元)',
          value: '-5',
          rule: 'negative',
          zh: '不能为负',
          en: 'must not be negative',
        },
      ]),
    );
    const r = spawnSync(
      'libreoffice',
      ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, xlsx],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status).toBe(0);
    const csv = readFileSync(path.join(dir, 'lo-check.csv'), 'utf8').split('\n');
    expect(csv[1]).toBe('"税务.csv",,12,"实缴税金(元)","-5","negative","不能为负","must not be negative"');
  },
);
