import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCanonicalCsv } from '../records/canonical-format.js';
import {
  DEMO_HEADERS,
  formatScaled,
  generateDemoCity,
  writeDemoFiles,
  type DemoCity,
  type DemoFiles,
} from './index.js';

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The demo files never quote (no commas or quotes in names), so a line split is a faithful parse. */
function rows(text: string): string[][] {
  expect(text.includes('"')).toBe(false);
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));
}

let dir: string;
let city: DemoCity;
let files: DemoFiles;
const progress: [number, number][] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mujun-demo-'));
  // More than one write chunk (4,000 rows) so chunk boundaries are exercised.
  city = generateDemoCity({ enterprises: 9000, seed: 77 });
  files = await writeDemoFiles(city, dir, (done, total) => progress.push([done, total]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('formatScaled', () => {
  it('writes integers of 10^-d units as fixed decimals', () => {
    expect(formatScaled(123456, 1)).toBe('12345.6');
    expect(formatScaled(5, 3)).toBe('0.005');
    expect(formatScaled(-5, 2)).toBe('-0.05');
    expect(formatScaled(-123400, 2)).toBe('-1234.00');
    expect(formatScaled(0, 2)).toBe('0.00');
    expect(formatScaled(42, 0)).toBe('42');
  });
});

describe('writeDemoFiles', () => {
  it('writes the canonical record file exactly as formatCanonicalCsv would, in chunks', async () => {
    expect(path.basename(files.records.path)).toBe('records-2023.csv');
    const text = await readFile(files.records.path, 'utf8');
    expect(text).toBe(formatCanonicalCsv(city.batch, { optionalColumns: true }));
    expect(files.records.rows).toBe(9000);
  });

  it('reports progress up to the total', () => {
    expect(progress.length).toBeGreaterThan(7);
    const last = progress[progress.length - 1]!;
    expect(last[0]).toBe(last[1]);
    for (let k = 1; k < progress.length; k++)
      expect(progress[k]![0]).toBeGreaterThanOrEqual(progress[k - 1]![0]);
  });

  it('writes a bilingual README that says the data are synthetic', async () => {
    const text = await readFile(files.readme, 'utf8');
    expect(text).toContain('合成数据');
    expect(text).toContain('SYNTHETIC');
  });

  it('uses the announced encodings and headers', async () => {
    const mr = await readFile(files.marketRegulation.path);
    expect([...mr.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(mr.toString('utf8').slice(1).split('\r\n')[0]).toBe(DEMO_HEADERS.marketRegulation.join(','));
    for (const f of [files.tax, files.statistics, files.naturalResources]) {
      expect(f.encoding).toBe('gbk');
      const raw = await readFile(f.path);
      // Not valid UTF-8 (Chinese in GBK), but decodes cleanly as GBK.
      expect(raw.toString('utf8')).toContain('\uFFFD');
      const text = iconv.decode(raw, 'gbk');
      expect(text).not.toContain('\uFFFD');
      expect(text).not.toContain('?');
    }
    const taxText = iconv.decode(await readFile(files.tax.path), 'gbk');
    expect(taxText.split('\r\n')[0]).toBe(DEMO_HEADERS.tax.join(','));
    const statText = iconv.decode(await readFile(files.statistics.path), 'gbk').split('\r\n');
    expect(statText[0]).toBe('2023年嘉兴市工业企业主要经济指标（规模以上及规模以下）');
    expect(statText[1]).toBe(DEMO_HEADERS.statistics.join(','));
    const nrText = iconv.decode(await readFile(files.naturalResources.path), 'gbk');
    expect(nrText.split('\r\n')[0]).toBe(DEMO_HEADERS.naturalResources.join(','));
    expect((await readFile(files.power.path, 'utf8')).split('\n')[0]).toBe(DEMO_HEADERS.power.join(','));
    expect((await readFile(files.environment.path, 'utf8')).split('\n')[0]).toBe(
      DEMO_HEADERS.environment.join(','),
    );
  });

  it('departmental files merge back into the canonical records', async () => {
    const b = city.batch;
    const col = b.columns;
    const n = b.length;
    const idx = new Map(b.uscc.map((u, i) => [u, i]));
    const seen = (): Uint8Array => new Uint8Array(n);

    // 市场监管: industry, county (name or code), registration date in three formats.
    const mr = rows((await readFile(files.marketRegulation.path, 'utf8')).slice(1)).slice(1);
    expect(mr).toHaveLength(n);
    expect(files.marketRegulation.rows).toBe(n);
    const countyByName = new Map(city.counties.map((d) => [d.name, d.code]));
    const formats = new Set<string>();
    const countyForms = new Set<string>();
    const s1 = seen();
    for (const [uscc, name, industry, county, date] of mr) {
      const i = idx.get(uscc!)!;
      s1[i] = 1;
      expect(name).toBe(b.name[i]);
      expect(industry).toBe(b.industry[i]);
      const code = /^\d{6}$/.test(county!) ? county : countyByName.get(county!);
      countyForms.add(/^\d{6}$/.test(county!) ? 'code' : 'name');
      expect(code).toBe(b.division[i]);
      const m = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(date!)!;
      expect(m).not.toBeNull();
      formats.add(date!.includes('年') ? 'zh' : date!.includes('/') ? 'slash' : 'iso');
      expect(Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3])).toBe(city.registeredOn[i]);
      expect(Number(m[1])).toBe(col.founded[i]);
    }
    expect(s1.every((x) => x === 1)).toBe(true);
    expect(formats.size).toBe(3);
    expect(countyForms.size).toBe(2);

    // 税务: 元 → 万元.
    const tax = rows(iconv.decode(await readFile(files.tax.path), 'gbk')).slice(1);
    expect(tax).toHaveLength(n);
    for (const [uscc, name, paid, contribution, refund] of tax) {
      const i = idx.get(uscc!)!;
      expect(name).toBe(b.name[i]);
      expect(round2(Number(contribution) / 10000)).toBe(col.tax[i]);
      expect(Number(paid) - Number(refund)).toBeCloseTo(Number(contribution), 6);
    }
    expect(tax.map((r) => r[0]!)).toEqual([...b.uscc].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));

    // 统计: 千元 → 万元, tce, headcount; empty = missing.
    const stat = rows(iconv.decode(await readFile(files.statistics.path), 'gbk')).slice(2);
    expect(stat).toHaveLength(n);
    const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));
    const same = (a: number, x: number): void => {
      if (Number.isNaN(x)) expect(a).toBeNaN();
      else expect(a).toBe(x);
    };
    for (const [uscc, name, isAbove, va, opRev, rev, rd, energy, emp] of stat) {
      const i = idx.get(uscc!)!;
      expect(name).toBe(b.name[i]);
      expect(isAbove === '是' ? 1 : 0).toBe(col.above_scale[i]);
      same(round2(num(va) / 10), col.value_added[i]!);
      same(round2(num(rev) / 10), col.revenue[i]!);
      same(round2(num(opRev) / 10), city.operatingRevenue[i]!);
      same(round2(num(rd) / 10), col.rd_spend[i]!);
      same(num(energy), col.energy_tce[i]!);
      same(num(emp), col.employees[i]!);
    }

    // 电力: kWh per meter → 万kWh per enterprise.
    const power = rows(await readFile(files.power.path, 'utf8')).slice(1);
    expect(power).toHaveLength(city.meters.count);
    const kwh = new Float64Array(n).fill(NaN);
    for (const [account, name, uscc, used] of power) {
      expect(account).toMatch(/^330[1-7]\d{6}$/);
      const i = idx.get(uscc!)!;
      expect(name).toBe(b.name[i]);
      kwh[i] = (Number.isNaN(kwh[i]!) ? 0 : kwh[i]!) + Number(used);
    }
    for (let i = 0; i < n; i++) same(round2(kwh[i]! / 10000), col.electricity[i]!);

    // 生态环境: tonnes, NOx in kilograms.
    const env = rows(await readFile(files.environment.path, 'utf8')).slice(1);
    const emis = new Float64Array(n).fill(NaN);
    for (const [uscc, , cod, nh3, so2, noxKg] of env) {
      const i = idx.get(uscc!)!;
      emis[i] = Number(cod) + Number(nh3) + Number(so2) + Number(noxKg) / 1000;
    }
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(col.emissions_t[i]!)) expect(emis[i]).toBeNaN();
      else expect(Math.abs(emis[i]! - col.emissions_t[i]!)).toBeLessThan(1e-9);
    }

    // 自然资源: m² per parcel → 亩 per enterprise.
    const nr = rows(iconv.decode(await readFile(files.naturalResources.path), 'gbk')).slice(1);
    expect(nr).toHaveLength(city.parcels.count);
    expect(new Set(nr.map((r) => r[0])).size).toBe(nr.length);
    const m2 = new Float64Array(n).fill(NaN);
    for (const [cert, name, uscc, area, use, tenure] of nr) {
      expect(cert).toMatch(/^浙\(20\d\d\)(嘉兴市|嘉善县|海盐县|海宁市|平湖市|桐乡市)不动产权第\d{7}号$/);
      const i = idx.get(uscc!)!;
      expect(name).toBe(b.name[i]);
      expect(use).toBe('工业用地');
      expect(tenure).toBe(b.tenantOf[i] ? '租赁' : '出让');
      m2[i] = (Number.isNaN(m2[i]!) ? 0 : m2[i]!) + Number(area);
    }
    for (let i = 0; i < n; i++) same(round2((m2[i]! * 15) / 10000), col.land_mu[i]!);
  });
});

describe('writeDemoFiles at scale', () => {
  it('prints how long 200,000 enterprises take to write', async () => {
    const big = generateDemoCity({ enterprises: 200_000 });
    const out = await mkdtemp(path.join(tmpdir(), 'mujun-demo-big-'));
    try {
      const t0 = performance.now();
      const f = await writeDemoFiles(big, out);
      console.log(
        `writeDemoFiles(200,000): ${(performance.now() - t0).toFixed(0)} ms; rows: power ${f.power.rows}, land ${f.naturalResources.rows}, environment ${f.environment.rows}`,
      );
      expect(f.records.rows).toBe(200_000);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
