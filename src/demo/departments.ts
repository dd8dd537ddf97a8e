/**
 * Writes the demo city as files: the canonical record file and one file per department as it would
 * arrive at the bureau (Chinese headers, the department's own units, UTF-8, UTF-8 with BOM or GBK).
 * Rows are written in chunks through a file handle, so 200,000 enterprises never make a giant string.
 */
import { open, mkdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { RecordBatch } from '../domain/record-batch.js';
import { NUMERIC_FIELDS, type NumericField } from '../domain/fields.js';
import { csvCell, formatCanonicalCsv } from '../records/canonical-format.js';
import { TENURES, PARCEL_USE, type DemoCity } from './generate.js';
import { Random } from './random.js';

export type DemoFileEncoding = 'utf8' | 'utf8-bom' | 'gbk';

export interface DemoFile {
  readonly path: string;
  /** Data rows (without title and header rows). */
  readonly rows: number;
  readonly encoding: DemoFileEncoding;
}

export interface DemoFiles {
  readonly dir: string;
  /** The canonical record file `records-<year>.csv`. */
  readonly records: DemoFile;
  /** 市场监管: registration. */
  readonly marketRegulation: DemoFile;
  /** 税务: tax. */
  readonly tax: DemoFile;
  /** 统计: statistics. */
  readonly statistics: DemoFile;
  /** 电力: electricity, one row per meter. */
  readonly power: DemoFile;
  /** 生态环境: emissions. */
  readonly environment: DemoFile;
  /** 自然资源: land, one row per parcel. */
  readonly naturalResources: DemoFile;
  readonly readme: string;
}

/** File names inside the output folder. */
export const DEMO_FILE_NAMES = {
  marketRegulation: 'market-regulation.csv',
  tax: 'tax.csv',
  statistics: 'statistics.csv',
  power: 'power.csv',
  environment: 'environment.csv',
  naturalResources: 'natural-resources.csv',
  readme: 'README.txt',
} as const;

export const recordsFileName = (dataYear: number): string => `records-${dataYear}.csv`;

/** Headers of the departmental files, exactly as written. */
export const DEMO_HEADERS = {
  marketRegulation: ['统一社会信用代码', '企业名称', '行业代码', '所属区县', '成立日期'],
  tax: ['纳税人识别号', '纳税人名称', '实缴税金(元)', '税收实际贡献(元)', '留抵退税(元)'],
  statistics: [
    '统一社会信用代码',
    '单位详细名称',
    '是否规上',
    '工业增加值(千元)',
    '营业收入(千元)',
    '主营业务收入(千元)',
    'R&D经费支出(千元)',
    '综合能源消费量(吨标准煤)',
    '从业人员平均人数',
  ],
  power: ['户号', '户名', '统一社会信用代码', '用电量(千瓦时)'],
  environment: [
    '统一社会信用代码',
    '单位名称',
    '化学需氧量(吨)',
    '氨氮(吨)',
    '二氧化硫(吨)',
    '氮氧化物(千克)',
  ],
  naturalResources: ['不动产权证号', '权利人', '统一社会信用代码', '宗地面积(平方米)', '用途', '权利类型'],
} as const;

const CHUNK_ROWS = 4000;

/** Formats an integer count of 10^-decimals units, e.g. (123456, 1) → '12345.6', (-5, 2) → '-0.05'. */
export function formatScaled(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const neg = units < 0;
  const abs = Math.abs(units);
  const scale = 10 ** decimals;
  const whole = Math.floor(abs / scale);
  const frac = String(abs - whole * scale).padStart(decimals, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** A canonical value (2 decimals in its unit) times a power of ten, written with `decimals` decimals. */
function scaled(value: number, factor: number, decimals: number): string {
  if (Number.isNaN(value)) return '';
  return formatScaled(Math.round(value * factor * 10 ** decimals), decimals);
}

class ChunkWriter {
  private lines: string[] = [];
  private pendingRows = 0;
  private first = true;
  rows = 0;
  constructor(
    private readonly handle: FileHandle,
    private readonly encoding: DemoFileEncoding,
    private readonly eol: string,
    private readonly progress: (rows: number) => void,
  ) {}

  /** A title or header line: not a data row. */
  head(line: string): void {
    this.lines.push(line);
  }

  /** Adds a data row; true when a chunk is full and the caller should `await flush()`. */
  row(cells: readonly string[]): boolean {
    let line = '';
    for (let k = 0; k < cells.length; k++) line += (k === 0 ? '' : ',') + csvCell(cells[k]!);
    this.lines.push(line);
    this.rows++;
    this.pendingRows++;
    return this.lines.length >= CHUNK_ROWS;
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.lines.join(this.eol) + this.eol;
    const rows = this.pendingRows;
    this.lines = [];
    this.pendingRows = 0;
    let buf: Buffer;
    if (this.encoding === 'gbk') buf = iconv.encode(text, 'gbk');
    else {
      buf = Buffer.from(text, 'utf8');
      if (this.first && this.encoding === 'utf8-bom')
        buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]);
    }
    this.first = false;
    await this.handle.write(buf);
    this.progress(rows);
  }
}

async function writeFile(
  file: string,
  encoding: DemoFileEncoding,
  eol: string,
  progress: (rows: number) => void,
  body: (w: ChunkWriter) => Promise<void>,
): Promise<DemoFile> {
  const handle = await open(file, 'w');
  try {
    const w = new ChunkWriter(handle, encoding, eol, progress);
    await body(w);
    await w.flush();
    return { path: file, rows: w.rows, encoding };
  } finally {
    await handle.close();
  }
}

/** The rows [start, end) of a batch as a batch of their own (copies of the slices, no re-allocation of the whole). */
function sliceBatch(b: RecordBatch, start: number, end: number): RecordBatch {
  const columns = {} as Record<NumericField, Float64Array>;
  for (const f of NUMERIC_FIELDS) columns[f] = b.columns[f].subarray(start, end);
  return {
    length: end - start,
    uscc: b.uscc.slice(start, end),
    name: b.name.slice(start, end),
    division: b.division.slice(start, end),
    industry: b.industry.slice(start, end),
    tenantOf: b.tenantOf.slice(start, end),
    columns,
    issues: b.issues.slice(start, end),
  };
}

/** Writes the canonical record file in chunks via formatCanonicalCsv (header once). */
async function writeRecords(
  file: string,
  batch: RecordBatch,
  progress: (rows: number) => void,
): Promise<DemoFile> {
  const handle = await open(file, 'w');
  try {
    if (batch.length === 0) {
      await handle.write(formatCanonicalCsv(batch, { optionalColumns: true }));
    }
    for (let s = 0; s < batch.length; s += CHUNK_ROWS) {
      const e = Math.min(batch.length, s + CHUNK_ROWS);
      let text = formatCanonicalCsv(sliceBatch(batch, s, e), { optionalColumns: true });
      if (s > 0) text = text.slice(text.indexOf('\n') + 1);
      await handle.write(text);
      progress(e - s);
    }
    return { path: file, rows: batch.length, encoding: 'utf8' };
  } finally {
    await handle.close();
  }
}

const README = (city: DemoCity): string => `嘉兴示范数据（合成数据）/ Jiaxing demo data (SYNTHETIC)
================================================================

【中文】
本目录中的全部数据均为程序按固定随机种子生成的合成数据，仅用于演示和测试亩均效益评价流程。
企业名称、统一社会信用代码、不动产权证号、电力户号及各项数值均为虚构，与任何真实企业无关；
区县和行业代码取自 GB/T 2260 与 GB/T 4754-2017，各项比例和分布是演示假设，不是官方统计数据。
部分记录故意包含数据问题（校验位错误的信用代码、缺失或为零的用地、缺失的指标、租用他人厂房的企业），
用于演示数据质量检查。

数据年度：${city.dataYear}    企业数：${city.batch.length}    随机种子：${city.seed}

文件：
  ${recordsFileName(city.dataYear)}   标准记录文件（UTF-8，标准单位：万元、亩、吨标准煤、吨、万千瓦时、人）
  ${DEMO_FILE_NAMES.marketRegulation}   市场监管：企业登记信息（UTF-8 带 BOM）
  ${DEMO_FILE_NAMES.tax}                 税务：实缴税金、税收实际贡献、留抵退税（元，GBK）
  ${DEMO_FILE_NAMES.statistics}          统计：工业增加值、营业收入等（千元，GBK，首行为标题）
  ${DEMO_FILE_NAMES.power}               电力：用电量，每个户号一行（千瓦时，UTF-8）
  ${DEMO_FILE_NAMES.environment}         生态环境：主要污染物排放量（吨；氮氧化物为千克，UTF-8）
  ${DEMO_FILE_NAMES.naturalResources}    自然资源：宗地，每宗一行（平方米，GBK）

[English]
Everything in this folder is SYNTHETIC data generated by a program from a fixed random seed, for
demonstrating and testing the per-mu benefit evaluation only. Company names, unified social credit
codes, land certificate numbers, electricity account numbers and all values are invented and do not
describe any real enterprise. County and industry codes come from GB/T 2260 and GB/T 4754-2017; the
ratios and distributions are demo assumptions, not official statistics. Some records contain
deliberate data problems (a wrong USCC check character, missing or zero land, missing indicators,
tenants on another firm's land) to demonstrate the data-quality checks.

Data year: ${city.dataYear}    enterprises: ${city.batch.length}    seed: ${city.seed}

Files: the canonical record file ${recordsFileName(city.dataYear)} (UTF-8, canonical units) and one file per
department in that department's own units and encoding: market regulation (UTF-8 with BOM), tax (元,
GBK), statistics (千元, GBK, title row first), power (kWh per meter, UTF-8), environment (tonnes, NOx in
kg, UTF-8), natural resources (m² per parcel, GBK).
`;

function formatDate(yyyymmdd: number, style: number): string {
  const y = Math.floor(yyyymmdd / 10000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  if (style === 0) return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (style === 1) return `${y}/${m}/${d}`;
  return `${y}年${m}月${d}日`;
}

/** Writes the demo city's canonical record file, the departmental files and a README into `dir`. */
export async function writeDemoFiles(
  city: DemoCity,
  dir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<DemoFiles> {
  await mkdir(dir, { recursive: true });
  const b = city.batch;
  const n = b.length;
  const col = b.columns;
  const em = city.emissions;
  let envRows = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(em.codKg[i]!)) envRows++;
  const total = n * 4 + envRows + city.meters.count + city.parcels.count;
  let done = 0;
  const progress = (rows: number): void => {
    done += rows;
    onProgress?.(Math.min(done, total), total);
  };
  const rng = new Random(city.seed, 'files');
  const countyStyle = new Map(city.counties.map((d, k) => [d.code, k % 2 === 0 ? d.name : d.code]));

  const records = await writeRecords(path.join(dir, recordsFileName(city.dataYear)), b, progress);

  const marketRegulation = await writeFile(
    path.join(dir, DEMO_FILE_NAMES.marketRegulation),
    'utf8-bom',
    '\r\n',
    progress,
    async (w) => {
      w.head(DEMO_HEADERS.marketRegulation.join(','));
      for (let i = 0; i < n; i++) {
        const division = b.division[i] ?? '';
        const style = rng.uniform();
        if (
          w.row([
            b.uscc[i]!,
            b.name[i] ?? '',
            b.industry[i] ?? '',
            countyStyle.get(division) ?? division,
            formatDate(city.registeredOn[i]!, style < 0.6 ? 0 : style < 0.85 ? 1 : 2),
          ])
        )
          await w.flush();
      }
    },
  );

  // Tax: sorted by taxpayer id, as the tax system exports.
  const byUscc = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => {
    const a = b.uscc[x]!;
    const c = b.uscc[y]!;
    return a < c ? -1 : a > c ? 1 : x - y;
  });
  const tax = await writeFile(path.join(dir, DEMO_FILE_NAMES.tax), 'gbk', '\r\n', progress, async (w) => {
    w.head(DEMO_HEADERS.tax.join(','));
    for (const i of byUscc) {
      if (
        w.row([
          b.uscc[i]!,
          b.name[i] ?? '',
          formatScaled(city.tax.paidYuan[i]! * 100, 2),
          formatScaled(city.tax.contributionYuan[i]! * 100, 2),
          formatScaled(city.tax.refundYuan[i]! * 100, 2),
        ])
      )
        await w.flush();
    }
  });

  // Statistics: title row, then above-scale firms first, then below-scale ones.
  const statistics = await writeFile(
    path.join(dir, DEMO_FILE_NAMES.statistics),
    'gbk',
    '\r\n',
    progress,
    async (w) => {
      w.head(`${city.dataYear}年${city.city.name}工业企业主要经济指标（规模以上及规模以下）`);
      w.head(DEMO_HEADERS.statistics.join(','));
      for (const wantAbove of [1, 0]) {
        for (let i = 0; i < n; i++) {
          if (col.above_scale[i] !== wantAbove) continue;
          const emp = col.employees[i]!;
          if (
            w.row([
              b.uscc[i]!,
              b.name[i] ?? '',
              wantAbove ? '是' : '否',
              scaled(col.value_added[i]!, 10, 1),
              scaled(city.operatingRevenue[i]!, 10, 1),
              scaled(col.revenue[i]!, 10, 1),
              scaled(col.rd_spend[i]!, 10, 1),
              scaled(col.energy_tce[i]!, 1, 2),
              Number.isNaN(emp) ? '' : String(emp),
            ])
          )
            await w.flush();
        }
      }
    },
  );

  // Power: one row per meter, in account order (grouped by county).
  const m = city.meters;
  const power = await writeFile(path.join(dir, DEMO_FILE_NAMES.power), 'utf8', '\n', progress, async (w) => {
    w.head(DEMO_HEADERS.power.join(','));
    for (let k = 0; k < m.count; k++) {
      const i = m.owner[k]!;
      if (w.row([m.account[k]!, b.name[i] ?? '', b.uscc[i]!, String(m.kwh[k]!)])) await w.flush();
    }
  });

  const environment = await writeFile(
    path.join(dir, DEMO_FILE_NAMES.environment),
    'utf8',
    '\n',
    progress,
    async (w) => {
      w.head(DEMO_HEADERS.environment.join(','));
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(em.codKg[i]!)) continue;
        if (
          w.row([
            b.uscc[i]!,
            b.name[i] ?? '',
            formatScaled(em.codKg[i]!, 3),
            formatScaled(em.ammoniaKg[i]!, 3),
            formatScaled(em.so2Kg[i]!, 3),
            String(em.noxKg[i]!),
          ])
        )
          await w.flush();
      }
    },
  );

  const p = city.parcels;
  const naturalResources = await writeFile(
    path.join(dir, DEMO_FILE_NAMES.naturalResources),
    'gbk',
    '\r\n',
    progress,
    async (w) => {
      w.head(DEMO_HEADERS.naturalResources.join(','));
      for (let k = 0; k < p.count; k++) {
        const i = p.owner[k]!;
        if (
          w.row([
            p.certificate[k]!,
            b.name[i] ?? '',
            b.uscc[i]!,
            formatScaled(Math.round(p.areaM2[k]! * 100), 2),
            PARCEL_USE,
            TENURES[p.tenure[k]!] ?? '',
          ])
        )
          await w.flush();
      }
    },
  );

  const readme = path.join(dir, DEMO_FILE_NAMES.readme);
  const rh = await open(readme, 'w');
  try {
    await rh.write(README(city));
  } finally {
    await rh.close();
  }

  return { dir, records, marketRegulation, tax, statistics, power, environment, naturalResources, readme };
}
