/**
 * A "messy" variant of the demo city's six departmental files: the same enterprises and figures, written
 * the way departments really send them, with faults planted on known rows. Two kinds of mess:
 *
 * - variants the import must accept without a rejection: units in full-width brackets （元）, in ASCII
 *   brackets (千元) or absent (the profile's default unit applies, with a warning); extra spaces in
 *   headers; one or two title rows above the header; a merged two-row header in an XLSX workbook; a
 *   合计 / 总计 row at the bottom (skipped); numbers with thousands separators, as text cells, in
 *   full-width digits, as accounting negatives (1,234.00) or with their unit in the cell; '', '-' and '—'
 *   for missing; dates as 2019-05-01, 2019/5/1, 2019年5月1日 and 20190501; yes/no as 是/否, 1/0, Y/N,
 *   规上/规下; counties as a name, a code or with their city; codes in lower case with a space; GBK.
 * - faults the import must reject, each on a known row of a distinct enterprise (see `ExpectedRejection`):
 *   a mistyped check character, an old 15-digit taxpayer id, a firm absent from the registry, a bad date,
 *   an unknown county or industry (which makes the firm unknown in every other file), '待补' in a number
 *   column, a negative reading, a unit in a cell that contradicts the header, a wrong data year, a meter
 *   without a USCC, a bad yes/no, an unknown tenure, the same USCC twice where one row is allowed, the same
 *   户号 / 不动产权证号 twice, and land in 亩 under a 平方米 header (per parcel and per enterprise total).
 *
 * The rows of the demo generator's own invalid codes (`city.faults.invalidUscc`) are rejected in every
 * file as well, and are listed too: `expected` is the exact list of rejections the import must report.
 * Deterministic in the city (its seed drives every choice).
 *
 * Longer than 600 lines on purpose: it is the catalogue of faults, one writer per departmental file with the
 * faults planted in it and the rejection each must produce beside it, so that a fault and its expected
 * rejection cannot drift apart; the clean files are departments.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { withCheckChar } from '../domain/uscc.js';
import type { Rule } from '../ingest/merge/messages.js';
import { makeZip, writeXlsx, type ZipInput } from '../ingest/xlsx-write.js';
import { csvCell } from '../records/canonical-format.js';
import { formatScaled } from './departments.js';
import { M2_PER_MU, PARCEL_USE, TENURES, TENURE_LEASED, type DemoCity } from './generate.js';
import { Random } from './random.js';

/** A rejection the import of the messy files must report, exactly. */
export interface ExpectedRejection {
  /** The file's base name. */
  readonly file: string;
  /** 1-based, as a spreadsheet shows it. */
  readonly row: number;
  /** The column's header as written (trimmed; for a two-row header the row that names it), or null. */
  readonly column: string | null;
  readonly rule: Rule;
  /** The city enterprise the row belongs to (its code in the clean city); null for a firm not in the city. */
  readonly uscc: string | null;
  /** What was planted, in English. */
  readonly fault: string;
}

export interface MessyFile {
  readonly path: string;
  readonly name: string;
  readonly format: 'csv' | 'xlsx';
  readonly encoding: 'utf8' | 'utf8-bom' | 'gbk' | null;
  /** Data rows below the header, the summary row included (a blank line is not a row the reader gives). */
  readonly rows: number;
  /** Rows that are a 合计 / 总计 line, to be skipped (not rejected). */
  readonly summaryRows: readonly number[];
  /** The accepted variants this file has, in English. */
  readonly variants: readonly string[];
}

export interface MessyDemoFiles {
  readonly dir: string;
  /** The six files, in department order: market regulation, tax, statistics, power, environment, land. */
  readonly files: string[];
  readonly details: readonly MessyFile[];
  /** Every rejection the import must report, by file and row. */
  readonly expected: ExpectedRejection[];
  /** `expected-rejections.json` in `dir`. */
  readonly expectedPath: string;
}

/** File names inside the messy folder. */
export const MESSY_FILE_NAMES = {
  marketRegulation: 'market-regulation.csv',
  tax: 'tax.csv',
  statistics: 'statistics.csv',
  power: 'power.csv',
  environment: 'environment.xlsx',
  naturalResources: 'natural-resources.csv',
  expected: 'expected-rejections.json',
} as const;

/** Headers of the messy files exactly as written (spaces and brackets on purpose). */
export const MESSY_HEADERS = {
  marketRegulation: [' 统一社会信用代码', '企业 名称', '行业代码', '所属区县 ', '成立日期'],
  tax: ['纳税人识别号', '纳税人名称', '实缴税金（元）', '税收实际贡献（元）', '留抵退税（元）'],
  statistics: [
    '序号',
    '统一社会信用代码',
    '单位详细名称',
    '是否规上',
    '工业增加值(千元)',
    '营业收入(千元)',
    '主营业务收入 (千元)',
    'R&D经费支出(千元)',
    '综合能源消费量(吨标准煤)',
    '从业人员平均人数',
  ],
  power: ['户号', '户名', '统一社会信用代码', '用电量', '年度'],
  /** Two rows, the upper merged: A2:A3, B2:B3 and C2:F2. */
  environmentUpper: ['统一社会信用代码', '单位名称', '主要污染物排放量', '', '', ''],
  environmentLower: ['', '', '化学需氧量（吨）', '氨氮(吨)', '二氧化硫 (吨)', '氮氧化物（千克）'],
  naturalResources: ['不动产权证号', '权利人', '统一社会信用代码', '宗地面积 （平方米）', '用途', '权利类型'],
} as const;

// --- number and code spellings ---------------------------------------------------------------------

/** '-1234567.89' → '-1,234,567.89'. */
export function withThousands(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  let grouped = '';
  for (let k = 0; k < int.length; k++) {
    if (k > 0 && (int.length - k) % 3 === 0) grouped += ',';
    grouped += int[k]!;
  }
  return (neg ? '-' : '') + grouped + frac;
}

/** Digits, point, comma and minus as their full-width forms (０-９ ． ， －). */
export function fullWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += (c >= 48 && c <= 57) || c === 44 || c === 45 || c === 46 ? String.fromCharCode(c + 0xfee0) : ch;
  }
  return out;
}

/** A figure as a clerk might type it: plain (most), with thousands separators, or in full-width digits. */
function spell(rng: Random, s: string, thousands: number, full: number): string {
  const u = rng.uniform();
  if (u < thousands) return withThousands(s);
  if (u < thousands + full) return fullWidth(s);
  return s;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The code with another (wrong) check character. */
function mistype(rng: Random, code: string): string {
  let bad = code;
  while (bad === code) bad = code.slice(0, 17) + USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
  return bad;
}

function formatDate(yyyymmdd: number, style: number): string {
  const y = Math.floor(yyyymmdd / 10000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  if (style === 0) return `${y}-${mm}-${dd}`;
  if (style === 1) return `${y}/${m}/${d}`;
  if (style === 2) return `${y}年${m}月${d}日`;
  return `${y}${mm}${dd}`;
}

// --- tables with row numbers -----------------------------------------------------------------------

type Cell = string | number | null;

/**
 * A table being written, line by line, so that every row is known by its number as a spreadsheet shows
 * it. CSV lines are kept as text (small, for 200,000 enterprises), workbook rows as cells.
 */
class Sheet {
  /** CSV: the lines as written (without line ends). */
  readonly text: string[] = [];
  /** XLSX: the rows' cells. */
  readonly grid: Cell[][] = [];
  /** Enterprise index per line; −1 for title, header, summary and blank lines and foreign firms. */
  readonly owner: number[] = [];
  readonly summaryRows: number[] = [];
  private readonly kept = new Map<number, Cell[]>();
  dataRows = 0;
  constructor(
    readonly name: string,
    /** The header of the USCC column as the import reports it. */
    readonly keyHeader: string,
    readonly format: 'csv' | 'xlsx',
    readonly registry = false,
  ) {}

  private add(cells: Cell[], owner: number): number {
    if (this.format === 'csv')
      this.text.push(cells.map((c) => csvCell(c === null ? '' : String(c))).join(','));
    else this.grid.push(cells);
    this.owner.push(owner);
    return this.owner.length;
  }

  /** A title, header or blank line. */
  head(cells: Cell[]): number {
    return this.add(cells, -1);
  }

  /** A data line of enterprise `owner` (−1: none); returns its row number. `keep` it to copy it later. */
  row(cells: Cell[], owner: number, keep = false): number {
    this.dataRows++;
    const r = this.add(cells, owner);
    if (keep) this.kept.set(r, [...cells]);
    return r;
  }

  summary(cells: Cell[]): number {
    const r = this.row(cells, -1);
    this.summaryRows.push(r);
    return r;
  }

  /** The cells of a row written with `keep`, for a copy further down. */
  cells(row: number): Cell[] {
    const c = this.kept.get(row);
    if (!c) throw new Error(`row ${row} of ${this.name} was not kept`);
    return [...c];
  }
}

/** A CSV sheet's bytes, encoded chunk by chunk. */
function csvBytes(sheet: Sheet, eol: string, encoding: 'utf8' | 'utf8-bom' | 'gbk'): Buffer {
  const parts: Buffer[] = encoding === 'utf8-bom' ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
  for (let k = 0; k < sheet.text.length; k += 4000) {
    const chunk = sheet.text.slice(k, k + 4000).join(eol) + eol;
    parts.push(encoding === 'gbk' ? iconv.encode(chunk, 'gbk') : Buffer.from(chunk, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** Adds merged ranges to the first worksheet of a workbook written by `writeXlsx` (which has none). */
function withMerges(xlsx: Buffer, refs: readonly string[]): Buffer {
  const parts: ZipInput[] = [];
  let p = 0;
  while (p + 30 <= xlsx.length && xlsx.readUInt32LE(p) === 0x04034b50) {
    const method = xlsx.readUInt16LE(p + 8);
    const size = xlsx.readUInt32LE(p + 18);
    const nameLength = xlsx.readUInt16LE(p + 26);
    const extraLength = xlsx.readUInt16LE(p + 28);
    const name = xlsx.toString('utf8', p + 30, p + 30 + nameLength);
    const start = p + 30 + nameLength + extraLength;
    const body = xlsx.subarray(start, start + size);
    let data: Buffer = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    if (name === 'xl/worksheets/sheet1.xml') {
      const list = refs.map((r) => `<mergeCell ref="${r}"/>`).join('');
      data = Buffer.from(
        data
          .toString('utf8')
          .replace('</worksheet>', `<mergeCells count="${refs.length}">${list}</mergeCells></worksheet>`),
        'utf8',
      );
    }
    parts.push({ name, data });
    p = start + size;
  }
  return makeZip(parts);
}

// --- the faults ------------------------------------------------------------------------------------

type FaultKind =
  | 'bad_date'
  | 'unknown_division'
  | 'unknown_industry'
  | 'tax_check_char'
  | 'tax_old_id'
  | 'stat_not_a_number'
  | 'stat_duplicate'
  | 'stat_bad_boolean'
  | 'stat_negative'
  | 'power_negative'
  | 'power_duplicate_account'
  | 'power_unit_mismatch'
  | 'power_wrong_year'
  | 'power_no_uscc'
  | 'env_negative'
  | 'land_duplicate_certificate'
  | 'land_mu_parcel'
  | 'land_mu_total'
  | 'land_unknown_tenure';

/** Writes the messy departmental files of the demo city into `dir` and returns the exact rejections expected. */
export async function writeMessyDemoFiles(city: DemoCity, dir: string): Promise<MessyDemoFiles> {
  await mkdir(dir, { recursive: true });
  const b = city.batch;
  const n = b.length;
  const col = b.columns;
  const em = city.emissions;
  const pa = city.parcels;
  const me = city.meters;
  const year = city.dataYear;
  const rng = new Random(city.seed, 'messy');
  const rngF = new Random(city.seed, 'messy-faults');

  const invalid = new Set(city.faults.invalidUscc);
  const expected: ExpectedRejection[] = [];
  const rejectedRows = new Set<string>();
  const reject = (
    sheet: Sheet,
    row: number,
    column: string | null,
    rule: Rule,
    i: number,
    fault: string,
  ): void => {
    expected.push({ file: sheet.name, row, column, rule, uscc: i >= 0 ? b.uscc[i]! : null, fault });
    rejectedRows.add(`${sheet.name}#${row}`);
  };
  /** A row of one of the generator's invalid codes: rejected for its check character in every file. */
  const generatorFault = (sheet: Sheet, row: number, i: number): void => {
    if (invalid.has(i))
      reject(
        sheet,
        row,
        sheet.keyHeader,
        'uscc_check',
        i,
        'invalid check character planted by the generator',
      );
  };

  // Each fault on its own enterprise (valid code, not one of the generator's invalid ones).
  const used = new Set<number>();
  const faultOf = new Map<number, FaultKind>();
  const parcelsOf = (i: number): number => pa.start[i + 1]! - pa.start[i]!;
  const metersOf = (i: number): number => me.start[i + 1]! - me.start[i]!;
  const plant = (kind: FaultKind, eligible: (i: number) => boolean): void => {
    const pool: number[] = [];
    for (let i = 0; i < n; i++) if (!used.has(i) && !invalid.has(i) && eligible(i)) pool.push(i);
    if (pool.length === 0) return;
    const i = pool[rngF.int(0, pool.length - 1)]!;
    used.add(i);
    faultOf.set(i, kind);
  };
  const any = (): boolean => true;
  const muWritten = (i: number): number => Math.round((pa.areaM2[pa.start[i]!]! / M2_PER_MU) * 100) / 100;
  plant('bad_date', any);
  plant('unknown_division', any);
  plant('unknown_industry', any);
  plant('tax_check_char', any);
  plant('tax_old_id', any);
  plant('stat_not_a_number', any);
  plant('stat_duplicate', any);
  plant('stat_bad_boolean', any);
  plant('stat_negative', (i) => col.energy_tce[i]! > 0);
  plant('power_negative', (i) => metersOf(i) > 0 && me.kwh[me.start[i]!]! > 0);
  plant('power_duplicate_account', (i) => metersOf(i) > 0);
  plant('power_unit_mismatch', (i) => metersOf(i) > 0);
  plant('power_wrong_year', (i) => metersOf(i) > 0);
  plant('power_no_uscc', (i) => metersOf(i) > 0);
  plant('env_negative', (i) => em.codKg[i]! > 0);
  plant('land_duplicate_certificate', (i) => parcelsOf(i) > 0);
  // 亩 figures under a 平方米 header: under 10 (m²) a parcel is implausible by itself; from 10 to 13.3 only
  // the enterprise's total is (under 0.02 亩). Margins keep clear of the bounds.
  plant('land_mu_parcel', (i) => parcelsOf(i) === 1 && muWritten(i) >= 0.05 && muWritten(i) <= 9.9);
  plant('land_mu_total', (i) => parcelsOf(i) === 1 && muWritten(i) >= 10.2 && muWritten(i) <= 13.2);
  plant('land_unknown_tenure', (i) => parcelsOf(i) > 0);

  const sheets: Sheet[] = [];
  const details: MessyFile[] = [];
  const emit = async (
    sheet: Sheet,
    format: 'csv' | 'xlsx',
    encoding: MessyFile['encoding'],
    variants: string[],
    data: Buffer,
  ): Promise<void> => {
    const file = path.join(dir, sheet.name);
    await writeFile(file, data);
    // Only the owners are needed further on (for the unknown-enterprise rows): let the text go.
    sheet.text.length = 0;
    sheet.grid.length = 0;
    sheets.push(sheet);
    details.push({
      path: file,
      name: sheet.name,
      format,
      encoding,
      rows: sheet.dataRows,
      summaryRows: [...sheet.summaryRows],
      variants,
    });
  };
  const trimmed = (h: string): string => h.trim();

  // 市场监管: UTF-8 with BOM, spaces in the headers, four date spellings, counties three ways.
  {
    const H = MESSY_HEADERS.marketRegulation;
    const s = new Sheet(MESSY_FILE_NAMES.marketRegulation, trimmed(H[0]), 'csv', true);
    s.head([...H]);
    const countyStyle = new Map(city.counties.map((d, k) => [d.code, k]));
    const countyName = new Map(city.counties.map((d) => [d.code, d.name]));
    for (let i = 0; i < n; i++) {
      const division = b.division[i] ?? '';
      const k = countyStyle.get(division) ?? 0;
      const v = rng.uniform();
      let county = k % 2 === 0 ? (countyName.get(division) ?? division) : division;
      if (v < 0.12) county = city.city.name + (countyName.get(division) ?? '');
      let code = b.uscc[i]!;
      if (!invalid.has(i) && rng.bernoulli(0.04)) code = `${code.slice(0, 8)} ${code.slice(8).toLowerCase()}`;
      const industry = b.industry[i] ?? '';
      const cells: Cell[] = [
        code,
        b.name[i] ?? '',
        rng.bernoulli(0.1) ? `C${industry}` : industry,
        county,
        formatDate(city.registeredOn[i]!, rng.int(0, 3)),
      ];
      const fault = faultOf.get(i);
      if (fault === 'bad_date') cells[4] = `${Math.floor(city.registeredOn[i]! / 10000)}-02-30`;
      if (fault === 'unknown_division') cells[3] = '秀州区';
      if (fault === 'unknown_industry') cells[2] = '3999';
      const r = s.row(cells, i);
      generatorFault(s, r, i);
      if (fault === 'bad_date') reject(s, r, trimmed(H[4]), 'bad_date', i, 'registration date 2-30');
      if (fault === 'unknown_division')
        reject(s, r, trimmed(H[3]), 'unknown_division', i, 'county misspelt 秀州区');
      if (fault === 'unknown_industry')
        reject(s, r, trimmed(H[2]), 'unknown_industry', i, 'industry code 3999 not in GB/T 4754');
    }
    s.summary(['合计', `共 ${n} 户`, '', '', '']);
    await emit(s, 'csv', 'utf8-bom', registryVariants, csvBytes(s, '\r\n', 'utf8-bom'));
  }

  // 税务: GBK, a title row, units in full-width brackets, separators, full-width digits, (negatives).
  {
    const H = MESSY_HEADERS.tax;
    const s = new Sheet(MESSY_FILE_NAMES.tax, trimmed(H[0]), 'csv');
    s.head([`${year}年度重点企业税收贡献明细表`]);
    s.head([...H]);
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => {
      const a = b.uscc[x]!;
      const c = b.uscc[y]!;
      return a < c ? -1 : a > c ? 1 : x - y;
    });
    const known = new Set(b.uscc);
    let foreign = '';
    do {
      let body = '91330400MA';
      for (let k = 0; k < 7; k++) body += USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
      foreign = withCheckChar(body);
    } while (known.has(foreign));
    const foreignAt = n === 0 ? 0 : rng.int(0, n - 1);
    const money = (yuan: number): string => {
      const t = formatScaled(yuan * 100, 2);
      if (yuan < 0 && rng.bernoulli(0.5)) return `(${withThousands(t.slice(1))})`;
      return spell(rng, rng.bernoulli(0.1) ? String(yuan) : t, 0.25, 0.08);
    };
    let paid = 0;
    let contribution = 0;
    let refund = 0;
    for (let k = 0; k <= n; k++) {
      if (k === foreignAt) {
        const r = s.row([foreign, '嘉兴市已迁出示例有限公司', '125000.00', '125000.00', ''], -1);
        reject(s, r, s.keyHeader, 'unknown_enterprise', -1, 'taxpayer not in the market-regulation registry');
      }
      if (k === n) break;
      const i = order[k]!;
      const fault = faultOf.get(i);
      let code = b.uscc[i]!;
      if (fault === 'tax_check_char') code = mistype(rng, code);
      if (fault === 'tax_old_id') code = code.slice(2, 8) + code.slice(8, 17);
      const refundYuan = city.tax.refundYuan[i]!;
      const cells: Cell[] = [
        code,
        b.name[i] ?? '',
        money(city.tax.paidYuan[i]!),
        money(city.tax.contributionYuan[i]!),
        refundYuan === 0 && rng.bernoulli(0.5) ? '' : money(refundYuan),
      ];
      paid += city.tax.paidYuan[i]!;
      contribution += city.tax.contributionYuan[i]!;
      refund += refundYuan;
      const r = s.row(cells, i);
      generatorFault(s, r, i);
      if (fault === 'tax_check_char')
        reject(s, r, s.keyHeader, 'uscc_check', i, 'check character mistyped in the tax file');
      if (fault === 'tax_old_id')
        reject(s, r, s.keyHeader, 'uscc_format', i, 'old 15-digit taxpayer id instead of the USCC');
    }
    s.summary([
      '合计',
      '',
      withThousands(formatScaled(paid * 100, 2)),
      withThousands(formatScaled(contribution * 100, 2)),
      withThousands(formatScaled(refund * 100, 2)),
    ]);
    await emit(s, 'csv', 'gbk', taxVariants, csvBytes(s, '\r\n', 'gbk'));
  }

  // 统计: GBK, two title rows, a 序号 column, ASCII brackets, yes/no four ways, missing three ways.
  {
    const H = MESSY_HEADERS.statistics;
    const s = new Sheet(MESSY_FILE_NAMES.statistics, trimmed(H[1]), 'csv');
    s.head([`${year}年${city.city.name}工业企业主要经济指标`]);
    s.head([`填报单位：${city.city.name}统计局\u3000\u3000报告期：${year}年`]);
    s.head([...H]);
    const missing = (): string => ['', '', '-', '—'][rng.int(0, 3)]!;
    const figure = (v: number, factor: number, decimals: number): string => {
      if (Number.isNaN(v)) return missing();
      return spell(rng, formatScaled(Math.round(v * factor * 10 ** decimals), decimals), 0.2, 0.05);
    };
    let seq = 0;
    let duplicateCopy: { row: number; i: number } | null = null;
    const totals = [0, 0, 0, 0];
    for (const wantAbove of [1, 0]) {
      for (let i = 0; i < n; i++) {
        if (col.above_scale[i] !== wantAbove) continue;
        const fault = faultOf.get(i);
        const emp = col.employees[i]!;
        const cells: Cell[] = [
          String(++seq),
          b.uscc[i]!,
          b.name[i] ?? '',
          wantAbove ? ['是', '1', 'Y', '规上'][rng.int(0, 3)]! : ['否', '0', 'N', '规下'][rng.int(0, 3)]!,
          figure(col.value_added[i]!, 10, 1),
          figure(city.operatingRevenue[i]!, 10, 1),
          figure(col.revenue[i]!, 10, 1),
          figure(col.rd_spend[i]!, 10, 1),
          figure(col.energy_tce[i]!, 1, 2),
          Number.isNaN(emp) ? missing() : spell(rng, String(emp), 0.1, 0.05),
        ];
        [col.value_added[i]!, city.operatingRevenue[i]!, col.revenue[i]!].forEach((v, t) => {
          if (!Number.isNaN(v)) totals[t]! += Math.round(v * 100);
        });
        if (fault === 'stat_not_a_number') cells[4] = '待补';
        if (fault === 'stat_bad_boolean') cells[3] = '待定';
        if (fault === 'stat_negative') cells[8] = `-${formatScaled(Math.round(col.energy_tce[i]! * 100), 2)}`;
        const r = s.row(cells, i, fault === 'stat_duplicate');
        generatorFault(s, r, i);
        if (fault === 'stat_not_a_number')
          reject(s, r, trimmed(H[4]), 'not_a_number', i, "'待补' (to be supplied) for value added");
        if (fault === 'stat_bad_boolean')
          reject(s, r, trimmed(H[3]), 'bad_boolean', i, "'待定' for 是否规上");
        if (fault === 'stat_negative')
          reject(s, r, trimmed(H[8]), 'negative', i, 'negative energy consumption');
        if (fault === 'stat_duplicate') duplicateCopy = { row: r, i };
      }
    }
    if (duplicateCopy) {
      // The same enterprise sent again at the end (a late correction pasted below): only the first counts.
      const cells = s.cells(duplicateCopy.row);
      cells[0] = String(++seq);
      const r = s.row(cells, duplicateCopy.i);
      reject(s, r, s.keyHeader, 'duplicate', duplicateCopy.i, 'the same USCC twice in the statistics file');
    }
    s.summary([
      '总计',
      '',
      '',
      '',
      withThousands(formatScaled(totals[0]!, 1)),
      withThousands(formatScaled(totals[1]!, 1)),
      withThousands(formatScaled(totals[2]!, 1)),
      '',
      '',
      '',
    ]);
    await emit(s, 'csv', 'gbk', statisticsVariants, csvBytes(s, '\r\n', 'gbk'));
  }

  // 电力: UTF-8, LF, no unit in the header (千瓦时 by default), a 年度 column, a blank line, units in cells.
  {
    const H = MESSY_HEADERS.power;
    const s = new Sheet(MESSY_FILE_NAMES.power, trimmed(H[2]), 'csv');
    s.head([...H]);
    const blankAfter = me.count === 0 ? -1 : rng.int(0, me.count - 1);
    let duplicate: { row: number; i: number } | null = null;
    let total = 0;
    for (let k = 0; k < me.count; k++) {
      const i = me.owner[k]!;
      const kwh = me.kwh[k]!;
      total += kwh;
      const firstMeter = me.start[i] === k;
      const fault = firstMeter ? faultOf.get(i) : undefined;
      const u = rng.uniform();
      const reading =
        u < 0.04
          ? `${kwh} 千瓦时`
          : u < 0.07
            ? `${withThousands(String(kwh))}度`
            : spell(rng, String(kwh), 0.2, 0.05);
      let code = b.uscc[i]!;
      if (!invalid.has(i) && rng.bernoulli(0.03)) code = ` ${code.toLowerCase()} `;
      const cells: Cell[] = [
        me.account[k]!,
        b.name[i] ?? '',
        code,
        reading,
        [`${year}`, `${year}年`, `${year}年度`][rng.int(0, 2)]!,
      ];
      if (fault === 'power_negative') cells[3] = `-${kwh}`;
      if (fault === 'power_unit_mismatch') cells[3] = `${formatScaled(kwh, 4)}万千瓦时`;
      if (fault === 'power_wrong_year') cells[4] = String(year - 1);
      if (fault === 'power_no_uscc') cells[2] = '';
      const r = s.row(cells, i, fault === 'power_duplicate_account');
      generatorFault(s, r, i);
      if (fault === 'power_negative') reject(s, r, trimmed(H[3]), 'negative', i, 'negative meter reading');
      if (fault === 'power_unit_mismatch')
        reject(s, r, trimmed(H[3]), 'unit_mismatch', i, 'reading written in 万千瓦时 under a 千瓦时 column');
      if (fault === 'power_wrong_year')
        reject(s, r, trimmed(H[4]), 'wrong_year', i, 'a meter of the year before');
      if (fault === 'power_no_uscc')
        reject(s, r, s.keyHeader, 'uscc_missing', i, 'a meter row without its USCC');
      if (fault === 'power_duplicate_account') duplicate = { row: r, i };
      if (k === blankAfter) s.head([]);
    }
    if (duplicate) {
      const r = s.row(s.cells(duplicate.row), duplicate.i);
      reject(s, r, trimmed(H[0]), 'duplicate', duplicate.i, 'the same 户号 twice');
    }
    s.summary(['合计', '', '', String(total), '']);
    await emit(s, 'csv', 'utf8', powerVariants, csvBytes(s, '\n', 'utf8'));
  }

  // 生态环境: XLSX, a merged title row and a merged two-row header, typed numbers and numbers as text.
  {
    const U = MESSY_HEADERS.environmentUpper;
    const L = MESSY_HEADERS.environmentLower;
    const s = new Sheet(MESSY_FILE_NAMES.environment, trimmed(U[0]), 'xlsx');
    s.head([`${year}年重点排污单位主要污染物排放量`, null, null, null, null, null]);
    s.head(U.map((h) => h || null));
    s.head(L.map((h) => h || null));
    const tonnes = (kg: number): Cell => {
      const u = rng.uniform();
      const t = formatScaled(kg, 3);
      if (u < 0.6) return kg / 1000;
      if (u < 0.8) return t;
      if (u < 0.9) return `${t}吨`;
      return fullWidth(t);
    };
    const kilograms = (kg: number): Cell => (rng.bernoulli(0.7) ? kg : spell(rng, String(kg), 0.5, 0.1));
    const sums = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(em.codKg[i]!)) continue;
      const fault = faultOf.get(i);
      const cells: Cell[] = [
        b.uscc[i]!,
        b.name[i] ?? '',
        tonnes(em.codKg[i]!),
        tonnes(em.ammoniaKg[i]!),
        tonnes(em.so2Kg[i]!),
        kilograms(em.noxKg[i]!),
      ];
      sums[0]! += em.codKg[i]!;
      sums[1]! += em.ammoniaKg[i]!;
      sums[2]! += em.so2Kg[i]!;
      sums[3]! += em.noxKg[i]!;
      if (fault === 'env_negative') cells[2] = -em.codKg[i]! / 1000;
      const r = s.row(cells, i);
      generatorFault(s, r, i);
      if (fault === 'env_negative') reject(s, r, trimmed(L[2]), 'negative', i, 'negative COD emission');
    }
    s.summary(['合计', null, sums[0]! / 1000, sums[1]! / 1000, sums[2]! / 1000, sums[3]!]);
    const [title, ...rest] = s.grid;
    const xlsx = writeXlsx([
      {
        name: '排放量',
        columns: title!.map((h) => ({ header: h === null ? '' : String(h), width: 18 })),
        rows: rest,
      },
    ]);
    await emit(s, 'xlsx', null, environmentVariants, withMerges(xlsx, ['A1:F1', 'A2:A3', 'B2:B3', 'C2:F2']));
  }

  // 自然资源: GBK, a spaced header with full-width brackets, separators, tenures with spaces.
  {
    const H = MESSY_HEADERS.naturalResources;
    const s = new Sheet(MESSY_FILE_NAMES.naturalResources, trimmed(H[2]), 'csv');
    s.head([...H]);
    let duplicate: { row: number; i: number } | null = null;
    let total = 0;
    for (let k = 0; k < pa.count; k++) {
      const i = pa.owner[k]!;
      const centi = Math.round(pa.areaM2[k]! * 100);
      total += centi;
      const firstParcel = pa.start[i] === k;
      const fault = firstParcel ? faultOf.get(i) : undefined;
      const leased = pa.tenure[k] === TENURE_LEASED;
      const tenureText = TENURES[pa.tenure[k]!] ?? '';
      const tenure = rng.bernoulli(0.05)
        ? ` ${tenureText} `
        : leased && rng.bernoulli(0.3)
          ? '国有土地租赁'
          : tenureText;
      const cells: Cell[] = [
        pa.certificate[k]!,
        b.name[i] ?? '',
        b.uscc[i]!,
        spell(rng, formatScaled(centi, 2), 0.3, 0.05),
        PARCEL_USE,
        tenure,
      ];
      if (fault === 'land_mu_parcel' || fault === 'land_mu_total') cells[3] = muWritten(i).toFixed(2);
      if (fault === 'land_unknown_tenure') cells[5] = '借用';
      const r = s.row(cells, i, fault === 'land_duplicate_certificate');
      generatorFault(s, r, i);
      if (fault === 'land_mu_parcel')
        reject(s, r, trimmed(H[3]), 'implausible_for_unit', i, 'parcel area in 亩 under a 平方米 header');
      if (fault === 'land_mu_total')
        reject(
          s,
          r,
          trimmed(H[3]),
          'implausible_for_unit',
          i,
          'land in 亩 under 平方米: the total is implausible',
        );
      if (fault === 'land_unknown_tenure')
        reject(s, r, trimmed(H[5]), 'unknown_category', i, "tenure '借用' is not a known 权利类型");
      if (fault === 'land_duplicate_certificate') duplicate = { row: r, i };
    }
    if (duplicate) {
      const r = s.row(s.cells(duplicate.row), duplicate.i);
      reject(s, r, trimmed(H[0]), 'duplicate', duplicate.i, 'the same 不动产权证号 twice');
    }
    s.summary(['合 计', '', '', withThousands(formatScaled(total, 2)), '', '']);
    await emit(s, 'csv', 'gbk', landVariants, csvBytes(s, '\r\n', 'gbk'));
  }

  // An enterprise whose registry row is rejected is unknown everywhere else: each of its accepted rows in
  // the other files is rejected as unknown_enterprise.
  const unregistered = new Set<number>();
  for (const [i, kind] of faultOf)
    if (kind === 'bad_date' || kind === 'unknown_division' || kind === 'unknown_industry')
      unregistered.add(i);
  for (const s of sheets) {
    if (s.registry) continue;
    s.owner.forEach((i, k) => {
      if (i >= 0 && unregistered.has(i) && !rejectedRows.has(`${s.name}#${k + 1}`))
        reject(
          s,
          k + 1,
          s.keyHeader,
          'unknown_enterprise',
          i,
          `its registry row was rejected (${faultOf.get(i)})`,
        );
    });
  }

  const order = new Map(sheets.map((s, k) => [s.name, k]));
  expected.sort((x, y) => order.get(x.file)! - order.get(y.file)! || x.row - y.row);
  const expectedPath = path.join(dir, MESSY_FILE_NAMES.expected);
  await writeFile(
    expectedPath,
    JSON.stringify(
      {
        note: '合成演示数据：导入本目录六个文件时应退回的行 / synthetic demo data: the rows an import of the six files must reject',
        seed: city.seed,
        enterprises: n,
        year,
        files: details.map((d) => ({ name: d.name, summaryRows: d.summaryRows, variants: d.variants })),
        expected,
      },
      null,
      2,
    ) + '\n',
  );
  return { dir, files: details.map((d) => d.path), details, expected, expectedPath };
}

const registryVariants = [
  'UTF-8 with BOM, CRLF',
  'extra spaces in the headers',
  'dates as 2019-05-01, 2019/5/1, 2019年5月1日 and 20190501',
  'county as a name, a GB/T 2260 code or city + name',
  'industry code with its section letter (C3825)',
  'USCC in lower case with a space inside',
  '合计 row at the bottom',
];
const taxVariants = [
  'GBK, CRLF, a title row above the header',
  'units in full-width brackets （元）; 纳税人识别号 for the USCC',
  'thousands separators, full-width digits, whole yuan without decimals',
  'negative figures as accounting negatives (1,234.00)',
  'empty cells for no refund',
  '合计 row at the bottom',
];
const statisticsVariants = [
  'GBK, CRLF, two title rows above the header, a 序号 column',
  'units in ASCII brackets (千元), one with a space before it',
  '是否规上 as 是/否, 1/0, Y/N, 规上/规下',
  "missing figures as '', '-' and '—'",
  'thousands separators and full-width digits',
  '总计 row at the bottom',
];
const powerVariants = [
  'UTF-8 without BOM, LF',
  'no unit in the header 用电量 (the profile default 千瓦时 applies, with a warning)',
  'readings with their unit in the cell (千瓦时, 度), thousands separators, full-width digits',
  'a 年度 column as 2023, 2023年, 2023年度',
  'a blank line inside the data',
  'USCC in lower case between spaces',
  '合计 row at the bottom',
];
const environmentVariants = [
  'XLSX, a title row merged across the table',
  'a two-row header: 主要污染物排放量 merged over the four pollutants, the first two headers merged down',
  'units in full-width and ASCII brackets, one with a space before it',
  'typed numbers, numbers as text, with 吨 in the cell, in full-width digits',
  '合计 row at the bottom',
];
const landVariants = [
  'GBK, CRLF',
  'header with a space and full-width brackets: 宗地面积 （平方米）',
  'thousands separators and full-width digits',
  'tenure with spaces around it, 国有土地租赁 for 租赁',
  '合 计 row (with a space) at the bottom',
];
