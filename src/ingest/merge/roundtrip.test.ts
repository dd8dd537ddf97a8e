/**
 * The demo city's departmental files, merged back: every enterprise with valid data gets exactly its
 * canonical record (money, land, electricity, emissions in canonical units), and the enterprises the
 * generator gave a wrong check character are rejected in every file with the rule uscc_check.
 * The CSVs are parsed minimally here (the demo never quotes); the real readers are tested on their own.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDemoCity,
  writeDemoFiles,
  type DemoCity,
  type DemoFile,
  type DemoFiles,
} from '../../demo/index.js';
import type { NumericField } from '../../domain/fields.js';
import type { RawRow } from '../types.js';
import { mergeDepartments, type MergeResult } from './index.js';

async function csvRows(f: DemoFile): Promise<RawRow[]> {
  const raw = await readFile(f.path);
  let text = f.encoding === 'gbk' ? iconv.decode(raw, 'gbk') : raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, k) => ({ sheet: null, row: k + 1, cells: l.split(',') }));
}

let dir: string;
let city: DemoCity;
let files: DemoFiles;
let result: MergeResult;
const inputs: { file: string; rows: RawRow[] }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mujun-merge-'));
  city = generateDemoCity({ enterprises: 300 });
  files = await writeDemoFiles(city, dir);
  // Registry last: the merge does not depend on the order of the files.
  for (const f of [
    files.tax,
    files.statistics,
    files.power,
    files.environment,
    files.naturalResources,
    files.marketRegulation,
  ])
    inputs.push({ file: path.basename(f.path), rows: await csvRows(f) });
  result = mergeDepartments(inputs, city.dataYear);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DEPARTMENT_FIELDS: NumericField[] = [
  'above_scale',
  'tax',
  'value_added',
  'revenue',
  'energy_tce',
  'emissions_t',
  'employees',
  'rd_spend',
  'electricity',
  'founded',
];

describe('merging the demo city', () => {
  it('recognises every file and balances every file', () => {
    const r = result.reconciliation;
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.profile)).toEqual([
      'tax',
      'statistics',
      'power',
      'environment',
      'natural-resources',
      'market-regulation',
    ]);
    const demoRows = [
      files.tax,
      files.statistics,
      files.power,
      files.environment,
      files.naturalResources,
      files.marketRegulation,
    ];
    r.files.forEach((f, k) => {
      expect(f.rowsRead, f.file).toBe(demoRows[k]!.rows);
      expect(f.accepted + f.rejected, f.file).toBe(f.rowsRead);
      expect(f.unmapped).toEqual([]);
    });
    // The statistics file has a title row above its header.
    expect(r.files[1]!.headerRow).toBe(2);
    // The only remark: the tax file's key is 纳税人识别号.
    expect(r.files.flatMap((f) => f.warnings.map((w) => w.rule))).toEqual(['key_synonym']);
    expect(r.conflicts).toEqual([]);
  });

  it('reproduces the canonical record of every enterprise with valid data', () => {
    const b = city.batch;
    const invalid = new Set(city.faults.invalidUscc.map((i) => b.uscc[i]!));
    const got = result.batch;
    const at = new Map(got.uscc.map((u, i) => [u, i]));
    expect(got.length).toBe(b.length - invalid.size);
    expect([...got.uscc]).toEqual([...b.uscc].filter((u) => !invalid.has(u)).sort());
    let compared = 0;
    for (let i = 0; i < b.length; i++) {
      const code = b.uscc[i]!;
      if (invalid.has(code)) continue;
      const j = at.get(code)!;
      expect([got.name[j], got.division[j], got.industry[j]]).toEqual([
        b.name[i],
        b.division[i],
        b.industry[i],
      ]);
      for (const f of DEPARTMENT_FIELDS) {
        const want = b.columns[f][i]!;
        const have = got.columns[f][j]!;
        if (Number.isNaN(want)) expect({ code, f, have }).toEqual({ code, f, have: NaN });
        else
          expect({ code, f, off: Math.abs(have - want) <= 1e-9 * Math.abs(want) }).toEqual({
            code,
            f,
            off: true,
          });
      }
      // Land: parcels are written in m² with 2 decimals, which cannot hold 亩 with 2 decimals exactly;
      // the merged area is within half a hundredth of a m² (7.5e-6 亩) and rounds to the canonical value.
      const land = b.columns.land_mu[i]!;
      const l = got.columns.land_mu[j]!;
      if (Number.isNaN(land)) expect(l).toBeNaN();
      else {
        expect(Math.abs(l - land)).toBeLessThanOrEqual((0.005 * 15) / 10000 + 1e-12);
        expect(Math.round(l * 100) / 100).toBe(land);
      }
      compared++;
    }
    expect(compared).toBe(b.length - invalid.size);
    expect(city.faults.landMissing.length + city.faults.invalidUscc.length).toBeGreaterThan(0);
  });

  it('rejects every row of the enterprises with a wrong check character, in every file, as uscc_check', () => {
    const b = city.batch;
    const invalid = new Set(city.faults.invalidUscc.map((i) => b.uscc[i]!));
    expect(invalid.size).toBeGreaterThan(0);
    expect(new Set(result.rejections.map((x) => x.rule))).toEqual(new Set(['uscc_check']));
    expect(new Set(result.rejections.map((x) => x.value))).toEqual(invalid);
    // One rejection per row they have: registry, tax, statistics, each meter, each parcel, emissions.
    let expected = 0;
    for (const i of city.faults.invalidUscc) {
      expected += 3;
      expected += city.meters.start[i + 1]! - city.meters.start[i]!;
      expected += city.parcels.start[i + 1]! - city.parcels.start[i]!;
      if (!Number.isNaN(city.emissions.codKg[i]!)) expected++;
    }
    expect(result.rejections).toHaveLength(expected);
    expect(result.reconciliation.totals.rejected).toBe(expected);
    for (const x of result.rejections) expect(x.column).toMatch(/^(统一社会信用代码|纳税人识别号)$/);
  });

  it('keeps the parcels with their tenure and the provenance of each field', () => {
    const owner = city.parcels.owner;
    const valid = new Set(result.batch.uscc);
    const parcels = Array.from(owner).filter((i) => valid.has(city.batch.uscc[i]!)).length;
    expect(result.landHoldings).toHaveLength(parcels);
    const rented = result.landHoldings.filter((h) => h.tenure === 'rented').map((h) => h.uscc);
    expect(new Set(rented)).toEqual(
      new Set(city.faults.tenants.map((i) => city.batch.uscc[i]!).filter((u) => valid.has(u))),
    );
    const p = result.provenanceAt(0);
    expect(p.tax).toMatchObject({ source: 'tax', file: 'tax.csv', column: '税收实际贡献(元)' });
    expect(p.revenue).toMatchObject({ source: 'statistics', column: '主营业务收入(千元)' });
    expect(p.name).toMatchObject({ source: 'market-regulation' });
  });
});
