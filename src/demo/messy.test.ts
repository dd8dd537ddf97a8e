/**
 * The messy departmental files import with exactly the planted rejections: no more, no fewer, each on
 * its file, row, column and rule; every accepted variant (units in any bracket or none, title rows, a
 * merged two-row XLSX header, separators, full-width digits, dates, GBK…) imports without a rejection,
 * and every enterprise no rejection touches gets the clean demo's canonical values.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetBatch } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import { isValidUscc } from '../domain/uscc.js';
import { RULES } from '../ingest/merge/messages.js';
import { importFiles } from '../services/import.service.js';
import { initStore } from '../services/store.js';
import { generateDemoCity } from './generate.js';
import { fullWidth, withThousands, writeMessyDemoFiles, type MessyDemoFiles } from './messy.js';

const city = generateDemoCity({ enterprises: 300, seed: 20240501 });
let dir: string;
let messy: MessyDemoFiles;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mujun-messy-'));
  messy = await writeMessyDemoFiles(city, path.join(dir, 'a'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = (r: { file: string; row: number; column: string | null; rule: string }): string =>
  `${r.file} | row ${r.row} | ${r.column ?? '-'} | ${r.rule}`;

describe('writeMessyDemoFiles', () => {
  it('spells figures the way clerks do', () => {
    expect(withThousands('-1234567.89')).toBe('-1,234,567.89');
    expect(withThousands('123')).toBe('123');
    expect(withThousands('1000')).toBe('1,000');
    expect(fullWidth('-12.5')).toBe('－１２．５');
  });

  it('plants every kind of fault, each on a known row', () => {
    expect(messy.files.map((f) => path.basename(f))).toEqual([
      'market-regulation.csv',
      'tax.csv',
      'statistics.csv',
      'power.csv',
      'environment.xlsx',
      'natural-resources.csv',
    ]);
    const rules = new Set(messy.expected.map((e) => e.rule));
    for (const rule of [
      'uscc_check',
      'uscc_format',
      'uscc_missing',
      'unknown_enterprise',
      'not_a_number',
      'negative',
      'unit_mismatch',
      'implausible_for_unit',
      'bad_date',
      'bad_boolean',
      'unknown_division',
      'unknown_industry',
      'unknown_category',
      'wrong_year',
      'duplicate',
    ])
      expect(rules, rule).toContain(rule);
    for (const e of messy.expected) expect(RULES).toContain(e.rule);
    // Both land-unit faults: the parcel by itself and the enterprise's total.
    expect(messy.expected.filter((e) => e.rule === 'implausible_for_unit')).toHaveLength(2);
    // One row, one fault.
    expect(new Set(messy.expected.map(key)).size).toBe(messy.expected.length);
  });

  it('is deterministic', async () => {
    const again = await writeMessyDemoFiles(city, path.join(dir, 'b'));
    expect(again.expected).toEqual(messy.expected);
    for (const [k, f] of messy.files.entries())
      expect((await readFile(again.files[k]!)).equals(await readFile(f)), f).toBe(true);
    const other = await writeMessyDemoFiles(
      generateDemoCity({ enterprises: 300, seed: 7 }),
      path.join(dir, 'c'),
    );
    expect(other.expected.map(key)).not.toEqual(messy.expected.map(key));
  });

  it('writes the expected rejections next to the files', async () => {
    const json = JSON.parse(await readFile(messy.expectedPath, 'utf8')) as { expected: unknown[] };
    expect(json.expected).toEqual(JSON.parse(JSON.stringify(messy.expected)));
  });
});

describeEachDatabase('import of the messy demo files', ({ db }) => {
  it('reports exactly the planted rejections and keeps every other value', async () => {
    const store = await initStore(db());
    const out = await importFiles(store, messy.files, { year: city.dataYear, createdBy: 'messy-test' });

    // Exactly the expected rejections: file, row, column, rule.
    expect(out.rejections.map(key).sort()).toEqual(messy.expected.map(key).sort());

    // Every file: rows read = accepted + rejected + skipped; the 合计 / 总计 rows skipped, not rejected.
    const files = out.reconciliation.files;
    expect(files.map((f) => f.file)).toEqual(messy.details.map((d) => d.name));
    for (const f of files) {
      const d = messy.details.find((x) => x.name === f.file)!;
      const skipped = Object.values(f.skipped).reduce((a, b) => a + b, 0);
      expect(f.rowsRead, f.file).toBe(f.accepted + f.rejected + skipped);
      expect(f.rowsRead, f.file).toBe(d.rows);
      expect(f.skipped.summary, f.file).toBe(d.summaryRows.length);
      expect(d.summaryRows.length, f.file).toBe(1);
      expect(f.skipped.summary + f.skipped.blank, f.file).toBe(skipped);
      expect(f.rejected, f.file).toBe(
        new Set(messy.expected.filter((e) => e.file === f.file).map((e) => e.row)).size,
      );
    }
    expect(files.map((f) => f.department)).toEqual([
      'market-regulation',
      'tax',
      'statistics',
      'power',
      'environment',
      'natural-resources',
    ]);
    // The header without a unit was read in the profile's default unit, and said so.
    const power = files.find((f) => f.department === 'power')!;
    expect(power.warnings.map((w) => [w.rule, w.column])).toContainEqual(['default_unit', '用电量']);
    expect(power.columns.find((c) => c.column === 'electricity')?.unitFrom).toBe('default');
    // The merged two-row header of the workbook: the four pollutants under 主要污染物排放量.
    const env = files.find((f) => f.department === 'environment')!;
    expect(env.headerRow).toBe(3);
    expect(env.columns.filter((c) => c.unitFrom === 'header').map((c) => c.header)).toEqual([
      '化学需氧量（吨）',
      '氨氮(吨)',
      '二氧化硫 (吨)',
      '氮氧化物（千克）',
    ]);
    const stats = files.find((f) => f.department === 'statistics')!;
    expect(stats.headerRow).toBe(3);

    // The records: every registered enterprise whose registry row was accepted.
    const b = city.batch;
    const touched = new Set(messy.expected.map((e) => e.uscc).filter((u): u is string => u !== null));
    const unregistered = new Set(
      messy.expected.filter((e) => e.file === 'market-regulation.csv' && e.uscc !== null).map((e) => e.uscc!),
    );
    const want = new Map<string, number>();
    b.uscc.forEach((u, i) => {
      if (isValidUscc(u) && !unregistered.has(u)) want.set(u, i);
    });
    const stored = await loadDatasetBatch(db(), out.dataset.id);
    expect(stored.length).toBe(want.size);
    expect([...stored.uscc].sort()).toEqual([...want.keys()].sort());

    // Enterprises no rejection touches: the clean demo's canonical values.
    const numeric = [
      'above_scale',
      'tax',
      'value_added',
      'revenue',
      'rd_spend',
      'energy_tce',
      'employees',
      'electricity',
      'emissions_t',
      'founded',
    ] as const;
    let compared = 0;
    for (let k = 0; k < stored.length; k++) {
      const u = stored.uscc[k]!;
      if (touched.has(u)) continue;
      const i = want.get(u)!;
      compared++;
      expect(stored.name[k], u).toBe(b.name[i]);
      expect(stored.division[k], u).toBe(b.division[i]);
      expect(stored.industry[k], u).toBe(b.industry[i]);
      for (const f of numeric) {
        const got = stored.columns[f][k]!;
        const exp = b.columns[f][i]!;
        if (Number.isNaN(exp)) expect(got, `${u} ${f}`).toBeNaN();
        else
          expect(Math.abs(got - exp), `${u} ${f}: ${got} vs ${exp}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(exp)),
          );
      }
      const land = stored.columns.land_mu[k]!;
      const landExp = b.columns.land_mu[i]!;
      if (Number.isNaN(landExp)) expect(land, `${u} land`).toBeNaN();
      else expect(Math.abs(land - landExp), `${u} land`).toBeLessThanOrEqual(1e-4);
    }
    expect(compared).toBeGreaterThan(250);
  });
});
