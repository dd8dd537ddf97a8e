/** `mujun demo`: generate the demo city, load it and evaluate it, with progress. */
import type { Command } from 'commander';
import { t } from '../../i18n/messages.js';
import { info, langOf, progress, UserError } from '../output.js';

/** A path as a shell argument (quoted when it has anything but safe characters). */
function quoteArg(p: string): string {
  return /^[\w./:@%+=,-]+$/u.test(p) ? p : `'${p.replaceAll("'", "'\\''")}'`;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('生成、载入并评价演示城市 / generate, load and evaluate the demo city')
    .option('--enterprises <n>', '企业数 / number of enterprises', '8000')
    .option('--seed <n>', '随机种子 / seed', '2024')
    .option('--out <dir>', '数据文件目录 / where the files go (default <MUJUN_DATA_DIR>/demo)')
    .option('--methodology <id|file>', '评价办法 / methodology', 'jiaxing-demo-2024')
    .option(
      '--messy',
      '另写一套含已知错误的部门文件到 <out>/messy（不导入）/ also write messy departmental files with known faults into <out>/messy (not imported)',
    )
    .option(
      '--previous-year',
      '同时载入并评价上一年度（同一批企业，数据有确定性变化）/ also load and evaluate the year before (the same enterprises, figures varied deterministically)',
    )
    .action(
      async (
        opts: {
          enterprises: string;
          seed: string;
          out?: string;
          methodology: string;
          messy?: boolean;
          previousYear?: boolean;
        },
        cmd: Command,
      ) => {
        const lang = langOf(cmd);
        const n = Number(opts.enterprises);
        const seed = Number(opts.seed);
        if (!Number.isInteger(n) || n < 1)
          throw new UserError(`企业数无效 / invalid number of enterprises: ${opts.enterprises}`);
        if (!Number.isInteger(seed)) throw new UserError(`随机种子无效 / invalid seed: ${opts.seed}`);
        const { withStore } = await import('../../services/store.js');
        const { runDemo, defaultDemoDir } = await import('../../services/demo.service.js');
        const outDir = opts.out ?? defaultDemoDir();
        const bars = {
          generate: progress(t(lang, 'cli.demo.generate')),
          write: progress(t(lang, 'cli.demo.write')),
          load: progress(t(lang, 'cli.demo.load')),
          evaluate: progress(t(lang, 'cli.demo.evaluate')),
        };
        let current = null as keyof typeof bars | null;
        const r = await withStore((store) =>
          runDemo(store, {
            enterprises: n,
            seed,
            outDir,
            methodology: opts.methodology,
            messy: opts.messy === true,
            previousYear: opts.previousYear === true,
            onProgress: (stage, done, total) => {
              if (current !== stage) {
                if (current) bars[current].stop();
                current = stage;
                if (!process.stderr.isTTY) info(`… ${t(lang, `cli.demo.${stage}`)}`);
              }
              bars[stage].update(done, total);
            },
          }),
        );
        if (current) bars[current].stop();
        info(t(lang, 'cli.demo.done', { n: r.city.batch.length, run: r.stored.runId, dir: outDir }));
        if (r.messy) {
          const m = r.messy;
          info(
            lang === 'zh'
              ? `含已知错误的部门文件（未导入）在 ${m.dir}：导入时应退回 ${m.expected.length} 行，见 ${m.expectedPath}`
              : `messy departmental files (not imported) in ${m.dir}: their import must reject ${m.expected.length} rows, listed in ${m.expectedPath}`,
          );
          info(`  mujun import ${m.files.map(quoteArg).join(' ')} --year ${r.city.dataYear}`);
        }
        const { renderRunTable } = await import('../render.js');
        process.stdout.write(renderRunTable(r.stored.run, lang, 0) + '\n');
      },
    );
}
