/**
 * Bounds of one import (all its files together): rows read, cells read and rejected rows kept
 * (ADR 0013). A file over a bound stops the import with an {@link ImportLimitError} naming the file
 * and the bound; rejections over their bound are counted, not kept. The rows are also handed on in
 * bounded chunks with a turn of the event loop between them, so that a server importing a large
 * file keeps answering other requests.
 */
import type { RawRow } from './types.js';

export interface ImportLimits {
  /** Rows read in all files of one import (header, title and blank rows included). */
  readonly maxRows: number;
  /** Cells read in all files of one import (a row counts up to its last value). */
  readonly maxCells: number;
  /** Rejected rows (rejections) kept and stored per import; further ones are only counted. */
  readonly maxRejections: number;
}

/**
 * A city's six departmental files hold about 10⁵ enterprises, so 10⁵–10⁶ rows (meters and parcels
 * included) of at most a few dozen columns. Two million rows and 60 million cells are several times
 * that and stay within a server's memory (ADR 0013); 50,000 rejections is ten times the rejections
 * of a real city's import and a sheet a clerk can still work through.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRows: 2_000_000,
  maxCells: 60_000_000,
  maxRejections: 50_000,
};

/** The environment variables that set the bounds. */
export const IMPORT_LIMIT_ENV = {
  maxRows: 'MUJUN_IMPORT_MAX_ROWS',
  maxCells: 'MUJUN_IMPORT_MAX_CELLS',
  maxRejections: 'MUJUN_IMPORT_MAX_REJECTIONS',
} as const satisfies Record<keyof ImportLimits, string>;

/** The bounds from the environment (MUJUN_IMPORT_MAX_ROWS, …_CELLS, …_REJECTIONS), else the defaults. */
export function importLimitsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ImportLimits {
  const read = (key: keyof ImportLimits): number => {
    const name = IMPORT_LIMIT_ENV[key];
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return DEFAULT_IMPORT_LIMITS[key];
    if (!/^[0-9]{1,15}$/.test(raw) || Number(raw) < 1)
      throw new Error(
        `环境变量 ${name} 应为正整数，而不是“${raw}” / the environment variable ${name} must be a positive integer, not "${raw}"`,
      );
    return Number(raw);
  };
  return { maxRows: read('maxRows'), maxCells: read('maxCells'), maxRejections: read('maxRejections') };
}

/** An import over one of its bounds: nothing of it is stored. */
export class ImportLimitError extends Error {
  readonly rule = 'import_too_large';
  readonly zh: string;
  readonly en: string;
  constructor(
    readonly file: string,
    readonly sheet: string | null,
    readonly bound: 'rows' | 'cells',
    readonly limit: number,
    readonly row: number,
  ) {
    const n = limit.toLocaleString('en');
    const where = sheet ? `工作表“${sheet}”第 ${row} 行` : `第 ${row} 行`;
    const whereEn = sheet ? `row ${row} of sheet "${sheet}"` : `row ${row}`;
    const zh =
      bound === 'rows'
        ? `本次导入的行数超过上限 ${n} 行（读到${where}时）；请按区县或月份拆分文件分批导入，或请管理员调高上限`
        : `本次导入的单元格数超过上限 ${n} 个（读到${where}时）；请删去无关的列或拆分文件，或请管理员调高上限`;
    const en =
      bound === 'rows'
        ? `the import has more than ${n} rows (the bound was reached at ${whereEn}); split the file, e.g. by county or month, or ask an administrator to raise the bound`
        : `the import has more than ${n} cells (the bound was reached at ${whereEn}); remove unrelated columns or split the file, or ask an administrator to raise the bound`;
    super(`${file}: ${zh} / ${en}`);
    this.name = 'ImportLimitError';
    this.zh = zh;
    this.en = en;
  }
}

/** Rows and cells read so far in one import (shared by its files). */
export interface ImportCounter {
  rows: number;
  cells: number;
}

/** Rows handed on between two turns of the event loop. */
export const ROWS_PER_TURN = 2_000;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The rows of one file, counted against the import's bounds (throws {@link ImportLimitError} at the
 * first row over one), with a turn of the event loop every {@link ROWS_PER_TURN} rows.
 */
export async function* boundedRows(
  rows: AsyncIterable<RawRow>,
  file: string,
  limits: Pick<ImportLimits, 'maxRows' | 'maxCells'>,
  counter: ImportCounter,
): AsyncGenerator<RawRow> {
  let sinceTurn = 0;
  for await (const r of rows) {
    counter.rows++;
    counter.cells += r.cells.length;
    if (counter.rows > limits.maxRows)
      throw new ImportLimitError(file, r.sheet, 'rows', limits.maxRows, r.row);
    if (counter.cells > limits.maxCells)
      throw new ImportLimitError(file, r.sheet, 'cells', limits.maxCells, r.row);
    yield r;
    if (++sinceTurn >= ROWS_PER_TURN) {
      sinceTurn = 0;
      await turn();
    }
  }
}
