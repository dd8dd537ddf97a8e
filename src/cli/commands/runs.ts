/** `mujun runs list|show|adjust|publish`: stored evaluation runs and manual class adjustments. */
import type { Command } from 'commander';
import { t } from '../../i18n/messages.js';
import { table } from '../../report/explanation.js';
import { info, langOf, UserError, writeOut } from '../output.js';

async function service() {
  const { withStore } = await import('../../services/store.js');
  const svc = await import('../../services/evaluation.service.js');
  const db = await import('../../db/index.js');
  const run = async <T>(
    fn: (store: Parameters<Parameters<typeof withStore>[0]>[0]) => Promise<T>,
  ): Promise<T> =>
    withStore(async (store) => {
      try {
        return await fn(store);
      } catch (e) {
        if (e instanceof (await import('../../services/errors.js')).ServiceError)
          throw new UserError(e.message);
        throw e;
      }
    });
  return { run, svc, db };
}

export function registerRunsCommand(program: Command): void {
  const cmd = program.command('runs').description('评价运行 / evaluation runs');
  cmd
    .command('list')
    .description('列出运行 / list runs')
    .action(async () => {
      const { run, db } = await service();
      const runs = await run((store) => db.listRuns(store.db));
      const rows = runs.map((r) => [
        String(r.id),
        String(r.year),
        `${r.methodologyId}@${r.methodologyHash.slice(0, 8)}`,
        `v${r.datasetVersion}`,
        r.status,
        r.createdBy,
        r.createdAt,
      ]);
      await writeOut(
        table([['run', 'year', 'methodology', 'dataset', 'status', 'by', 'at'], ...rows]).join('\n') + '\n',
      );
    });
  cmd
    .command('adjust <run> <uscc>')
    .description('人工调整等级（须填写理由）/ record a manual class adjustment (reason required)')
    .requiredOption('--class <class>', 'A|B|C|D')
    .requiredOption('--reason <text>', '理由 / reason')
    .option('--user <name>', '操作人 / who', process.env.USER ?? 'cli')
    .action(
      async (
        runId: string,
        uscc: string,
        opts: { class: string; reason: string; user: string },
        c: Command,
      ) => {
        const lang = langOf(c);
        const { run, svc } = await service();
        const adj = await run((store) =>
          svc.adjustClass(store, {
            runId: Number(runId),
            uscc,
            toClass: opts.class.toUpperCase(),
            reason: opts.reason,
            by: opts.user,
          }),
        );
        info(t(lang, 'cli.adjusted', { uscc: adj.uscc, from: adj.fromClass ?? '—', to: adj.toClass }));
      },
    );
}
