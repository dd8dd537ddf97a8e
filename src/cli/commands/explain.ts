/** `mujun explain USCC`: one enterprise's readable breakdown, from the latest stored run or a record file. */
import type { Command } from 'commander';
import type { MoveUpResult } from '../../policy/moveup.js';
import { explain, explanationText } from '../../report/explanation.js';
import { codeNames } from '../../reference/reference-data.js';
import { langOf, UserError, writeOut } from '../output.js';
import { wrap, wrapAsync } from './evaluate.js';
import { CITY_WIDE } from '../../domain/access.js';

interface ExplainOpts {
  run?: string;
  year?: string;
  records?: string;
  methodology: string;
  format: string;
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain <uscc>')
    .description('解释一家企业的评价结果 / explain one enterprise’s result')
    .option('--run <id>', '运行编号（默认最新）/ run id (default: latest)')
    .option('--year <year>', '数据年份 / data year')
    .option('--records <file>', '从规范记录文件即时计算 / compute from a canonical record file instead')
    .option('--methodology <id|file>', '与 --records 一起使用 / with --records', 'jiaxing-demo-2024')
    .option('--format <format>', 'text|json', 'text')
    .action(async (usccArg: string, opts: ExplainOpts, cmd: Command) => {
      const lang = langOf(cmd);
      const uscc = usccArg.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
      let out;
      let moveUp: MoveUpResult | null | undefined;
      if (opts.records) {
        const { loadMethodology, readRecordsFile, evaluateBatch } =
          await import('../../services/records.service.js');
        const { enterpriseResult } = await import('../../engine/index.js');
        const lm = await wrapAsync(() => loadMethodology(opts.methodology));
        const rec = wrap(() => readRecordsFile(opts.records!));
        const run = evaluateBatch(rec.batch, lm, { datasetVersion: `file:${rec.hash.slice(0, 16)}` });
        const i = run.uscc.indexOf(uscc);
        if (i < 0)
          throw new UserError(`记录文件中没有企业 ${uscc} / enterprise ${uscc} is not in ${opts.records}`);
        out = explain(enterpriseResult(run, i), lm.methodology, lang, codeNames());
      } else {
        const { withStore } = await import('../../services/store.js');
        const svc = await import('../../services/evaluation.service.js');
        out = await withStore(async (store) => {
          try {
            const run = await svc.resolveRun(
              store,
              opts.run ? Number(opts.run) : undefined,
              opts.year ? Number(opts.year) : undefined,
            );
            const r = await svc.storedResult(store, run, uscc);
            // how to move up, under this run's benchmarks (一企一单 shows it below the class)
            // (a statement is still printed if this cannot be worked out, e.g. a run without statistics)
            const { moveUpFor } = await import('../../services/policy.service.js');
            moveUp = await moveUpFor(store, uscc, run.id, CITY_WIDE).then(
              (up) => up.moveUp,
              () => undefined,
            );
            return explain(r.result, r.methodology, lang, codeNames());
          } catch (e) {
            if (e instanceof (await import('../../services/errors.js')).ServiceError)
              throw new UserError(e.message);
            throw e;
          }
        });
      }
      if (opts.format === 'json')
        return writeOut(JSON.stringify(moveUp === undefined ? out : { ...out, moveUp }, null, 2) + '\n');
      let text = explanationText(out, lang);
      if (moveUp !== undefined)
        text += '\n\n' + (await import('../../report/policy-text.js')).moveUpText(moveUp, lang);
      await writeOut(text + '\n');
    });
}
