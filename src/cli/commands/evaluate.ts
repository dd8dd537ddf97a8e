/**
 * `mujun evaluate`: evaluate a canonical record file (in memory, nothing stored) or the stored dataset
 * of a year (stored as a run), and print the results as CSV, JSON or a table.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import {
  enterpriseResult,
  formatResultsCsvBytes,
  resultsCsvParts,
  summarise,
  type EvaluationRun,
} from '../../engine/index.js';
import { parseLang, t, type Lang } from '../../i18n/messages.js';
import { info, langOf, UserError, writeOut } from '../output.js';
import { takeEarlyRead } from '../../parallel/records-helper.js';

interface EvaluateOpts {
  records?: string;
  methodology: string;
  year?: string;
  format: string;
  out?: string;
  save?: boolean;
  scores?: boolean;
  user: string;
  limit: string;
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('评价企业记录 / evaluate enterprise records')
    .option(
      '--records <file>',
      '规范记录文件（CSV）；省略则评价已存储的数据 / canonical record file; omit to use the stored dataset',
    )
    .option(
      '--methodology <id|file>',
      '评价办法（内置 id 或文件）/ methodology id or file',
      'jiaxing-demo-2024',
    )
    .option('--year <year>', '数据年份 / data year (default: the methodology’s)')
    .option('--format <format>', '输出格式 table|csv|json / output format', 'table')
    .option('--out <file>', '写入文件而非标准输出 / write to a file instead of stdout')
    .option('--save', '同时将记录存为数据版本并保存运行 / also store the records as a dataset and the run')
    .option('--scores', 'CSV 中加入各指标得分列 / add each indicator’s score to the CSV')
    .option('--user <name>', '操作人 / who runs it', process.env.USER ?? 'cli')
    .option('--limit <n>', '表格格式显示的企业数 / rows shown in table format', '20')
    .action((opts: EvaluateOpts, cmd: Command) => evaluateAction(opts, langOf(cmd)));
}

/** The command's work, once its options are known. */
async function evaluateAction(opts: EvaluateOpts, lang: Lang): Promise<void> {
  if (!['table', 'csv', 'json'].includes(opts.format))
    throw new UserError(
      `未知的输出格式 ${opts.format}（应为 table|csv|json）/ unknown format ${opts.format} (table|csv|json)`,
    );
  const year = opts.year === undefined ? undefined : Number(opts.year);
  if (year !== undefined && !Number.isInteger(year))
    throw new UserError(`年份无效 / invalid year: ${opts.year}`);
  const { loadMethodology, readRecordsBytes, readRecordsFile, evaluateBatch } =
    await import('../../services/records.service.js');
  const lm = await wrapAsync(() => loadMethodology(opts.methodology));
  if (year !== undefined && year !== lm.methodology.dataYear)
    info(t(lang, 'cli.year_mismatch', { id: lm.methodology.id, m: lm.methodology.dataYear, y: year }));
  let run: EvaluationRun;
  const t0 = performance.now();
  if (opts.records && !opts.save) {
    // names appear only in the table and JSON outputs
    const file = opts.records;
    const names = { names: opts.format !== 'csv' };
    // bin/mujun.js may have started reading the file while this loaded
    const early = await takeEarlyRead(file);
    const rec = wrap(() => (early ? readRecordsBytes(file, early, names) : readRecordsFile(file, names)));
    for (const w of rec.warnings) info(w);
    run = evaluateBatch(rec.batch, lm, {
      // the CSV does not show the dataset version: do not hash 20 MB for nothing
      datasetVersion:
        opts.format === 'csv' ? `file:${path.basename(opts.records)}` : `file:${rec.hash.slice(0, 16)}`,
      ...(year !== undefined ? { dataYear: year } : {}),
    });
  } else {
    const { withStore } = await import('../../services/store.js');
    const { evaluateStored } = await import('../../services/evaluation.service.js');
    run = await withStore(async (store) => {
      const r = await evaluateStored(store, {
        methodology: lm,
        year: year ?? lm.methodology.dataYear,
        ...(opts.records ? { recordsFile: opts.records } : {}),
        createdBy: opts.user,
      });
      info(t(lang, 'cli.run_stored', { run: r.runId, dataset: r.run.datasetVersion, id: lm.methodology.id }));
      return r.run;
    });
  }
  const ms = Math.round(performance.now() - t0);
  await printRun(run, opts, lang);
  if (opts.format === 'table' || opts.out) info(t(lang, 'cli.evaluated', { n: run.length, ms }));
}

const FAST_VALUE_OPTIONS = ['records', 'methodology', 'year', 'format', 'out', 'user', 'limit', 'lang'];

/**
 * `mujun [--lang L] evaluate --records FILE [options]` straight from the raw arguments, without the
 * command-line parser and the other commands' modules (about 20 ms of a command that takes half a
 * second): bin/mujun.js calls it first. Only plain shapes are taken — each option once, its value a
 * separate or `=` argument not starting with `-`, no `--save`, nothing else; for anything else it
 * returns null and the full parser runs (and reports errors, help and the rest as usual). Returns the
 * exit code, as `main` does.
 */
export async function evaluateFast(argv: readonly string[]): Promise<number | null> {
  const args = argv.slice(2);
  const seen = new Map<string, string | true>();
  let command = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'evaluate' && !command) {
      command = true;
      continue;
    }
    if (!a.startsWith('--')) return null;
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (seen.has(name) || (name !== 'lang' && !command)) return null;
    if (name === 'scores' && eq < 0) {
      seen.set(name, true);
      continue;
    }
    if (!FAST_VALUE_OPTIONS.includes(name)) return null;
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    seen.set(name, value);
  }
  const records = seen.get('records');
  if (!command || typeof records !== 'string') return null;
  const str = (k: string, d: string) => (seen.get(k) as string | undefined) ?? d;
  const opts: EvaluateOpts = {
    records,
    methodology: str('methodology', 'jiaxing-demo-2024'),
    format: str('format', 'table'),
    user: str('user', process.env.USER ?? 'cli'),
    limit: str('limit', '20'),
    ...(seen.has('year') ? { year: str('year', '') } : {}),
    ...(seen.has('out') ? { out: str('out', '') } : {}),
    ...(seen.has('scores') ? { scores: true } : {}),
  };
  try {
    await evaluateAction(opts, parseLang(str('lang', process.env.MUJUN_LANG ?? 'zh')));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(err.message + '\n');
      return err.exitCode;
    }
    throw err;
  }
}

/** Like `wrap`, for a step that returns a promise. */
export async function wrapAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

/** Runs a step whose errors are the user's to fix (bad file, bad methodology): no stack trace. */
export function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

async function printRun(run: EvaluationRun, opts: EvaluateOpts, lang: Lang): Promise<void> {
  switch (opts.format) {
    case 'csv': {
      const scores = { indicatorScores: opts.scores === true };
      if (!opts.out) return writeOut(formatResultsCsvBytes(run, scores), undefined);
      // to a file: each piece written (on libuv's thread pool) while the next is made, in order
      const fh = await open(opts.out, 'w');
      try {
        let writing: Promise<unknown> | null = null;
        for (const part of resultsCsvParts(run, scores)) {
          await writing;
          writing = fh.writeFile(part);
        }
        await writing;
      } finally {
        await fh.close();
      }
      return;
    }
    case 'json': {
      const parts: string[] = [`{"summary":${JSON.stringify(summarise(run))},"results":[`];
      for (let i = 0; i < run.length; i++)
        parts.push((i ? ',' : '') + JSON.stringify(enterpriseResult(run, i)));
      parts.push(']}\n');
      return writeOut(parts.join(''), opts.out);
    }
    default: {
      // the table's module (and the reports it draws on) is loaded for the table only
      const { renderRunTable } = await import('../render.js');
      return writeOut(
        renderRunTable(run, lang, Number.isFinite(Number(opts.limit)) ? Number(opts.limit) : 20) + '\n',
        opts.out,
      );
    }
  }
}
