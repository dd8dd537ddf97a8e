/**
 * `mujun evaluate`: evaluate a canonical record file (in memory, nothing stored) or the stored dataset
 * of a year (stored as a run), and print the results as CSV, JSON or a table.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import {
  enterpriseResult,
  formatResultsCsvBytes,
  summarise,
  type EvaluationRun,
} from '../../engine/index.js';
import { t, type Lang } from '../../i18n/messages.js';
import { renderRunTable } from '../render.js';
import { info, langOf, UserError, writeOut } from '../output.js';

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
    .action(async (opts: EvaluateOpts, cmd: Command) => {
      const lang = langOf(cmd);
      if (!['table', 'csv', 'json'].includes(opts.format))
        throw new UserError(
          `未知的输出格式 ${opts.format}（应为 table|csv|json）/ unknown format ${opts.format} (table|csv|json)`,
        );
      const year = opts.year === undefined ? undefined : Number(opts.year);
      if (year !== undefined && !Number.isInteger(year))
        throw new UserError(`年份无效 / invalid year: ${opts.year}`);
      const { loadMethodology, readRecordsFile, evaluateBatch } =
        await import('../../services/records.service.js');
      const lm = await wrapAsync(() => loadMethodology(opts.methodology));
      if (year !== undefined && year !== lm.methodology.dataYear)
        info(t(lang, 'cli.year_mismatch', { id: lm.methodology.id, m: lm.methodology.dataYear, y: year }));
      let run: EvaluationRun;
      const t0 = performance.now();
      if (opts.records && !opts.save) {
        // names appear only in the table and JSON outputs
        const rec = wrap(() => readRecordsFile(opts.records!, { names: opts.format !== 'csv' }));
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
          info(
            t(lang, 'cli.run_stored', { run: r.runId, dataset: r.run.datasetVersion, id: lm.methodology.id }),
          );
          return r.run;
        });
      }
      const ms = Math.round(performance.now() - t0);
      await printRun(run, opts, lang);
      if (opts.format === 'table' || opts.out) info(t(lang, 'cli.evaluated', { n: run.length, ms }));
    });
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
    case 'csv':
      return writeOut(formatResultsCsvBytes(run, { indicatorScores: opts.scores === true }), opts.out);
    case 'json': {
      const parts: string[] = [`{"summary":${JSON.stringify(summarise(run))},"results":[`];
      for (let i = 0; i < run.length; i++)
        parts.push((i ? ',' : '') + JSON.stringify(enterpriseResult(run, i)));
      parts.push(']}\n');
      return writeOut(parts.join(''), opts.out);
    }
    default:
      return writeOut(
        renderRunTable(run, lang, Number.isFinite(Number(opts.limit)) ? Number(opts.limit) : 20) + '\n',
        opts.out,
      );
  }
}
