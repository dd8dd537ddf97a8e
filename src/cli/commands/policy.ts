/**
 * Differentiated resources (资源要素差别化配置) on the command line:
 *   mujun policy validate|list|show|schema|apply|applications
 *   mujun whatif     — methodology or policy A against B on one dataset
 *   mujun sensitivity — Monte Carlo of the classes of a run: which enterprises are fragile
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { t, type Lang } from '../../i18n/messages.js';
import { info, langOf, progress, UserError, writeOut } from '../output.js';
import { wrapAsync } from './evaluate.js';
import { CITY_WIDE } from '../../domain/access.js';

const FORMATS = ['table', 'json', 'csv'] as const;

async function services() {
  const { withStore } = await import('../../services/store.js');
  const { ServiceError } = await import('../../services/errors.js');
  const policy = await import('../../services/policy.service.js');
  const run = async <T>(
    fn: (store: Parameters<Parameters<typeof withStore>[0]>[0]) => Promise<T>,
  ): Promise<T> =>
    withStore(async (store) => {
      try {
        return await fn(store);
      } catch (e) {
        if (e instanceof ServiceError)
          throw new UserError(e.code === 'run_not_published' ? withDraftHint(e.message) : e.message);
        throw e;
      }
    });
  return { run, policy };
}

/** The service says a run is not published; the command line says how to preview it anyway. */
function withDraftHint(message: string): string {
  const k = message.indexOf(' / ');
  const [zh, en] = k < 0 ? [message, message] : [message.slice(0, k), message.slice(k + 3)];
  return `${zh}；如需草稿预览请加 --draft，结果将标注为草稿 / ${en}; add --draft for a preview, labelled as a draft`;
}

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`参数 ${name} 必须是数字 / ${name} must be a number: ${v}`);
  return n;
};
const int = (v: string | undefined, name: string): number | undefined => {
  const n = num(v, name);
  if (n !== undefined && !Number.isInteger(n))
    throw new UserError(`参数 ${name} 必须是整数 / ${name} must be an integer: ${v}`);
  return n;
};

function draftBanner(lang: Lang, draft: boolean): void {
  if (draft) info(t(lang, 'policy.draft'));
}

export function registerPolicyCommand(program: Command): void {
  const cmd = program
    .command('policy')
    .description('资源要素差别化配置政策 / differentiated resource policies');
  cmd
    .command('validate <file>')
    .description('校验政策文件 / validate a policy file')
    .option('--format <format>', 'text|json', 'text')
    .action(async (file: string, opts: { format: string }, c: Command) => {
      const lang = langOf(c);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UserError(`无法读取文件 ${file} / cannot read ${file}: ${(e as Error).message}`);
      }
      const { parsePolicy, formatPolicyIssue } = await import('../../policy/parse.js');
      const { referenceSets } = await import('../../services/records.service.js');
      const { policyHash } = await import('../../policies/shipped.js');
      const r = parsePolicy(text, { knownDivisions: referenceSets().knownDivisions });
      const errors = r.issues.filter((i) => i.severity === 'error');
      if (opts.format === 'json')
        await writeOut(
          JSON.stringify({ file, valid: errors.length === 0, issues: r.issues }, null, 2) + '\n',
        );
      else {
        for (const i of r.issues) process.stderr.write(formatPolicyIssue(file, i) + '\n');
        if (r.policy)
          await writeOut(
            t(lang, 'policy.valid', {
              id: r.policy.id,
              version: r.policy.version,
              n: r.policy.instruments.length,
              hash: policyHash(r.policy).slice(0, 16),
            }) + '\n',
          );
        else process.stderr.write(t(lang, 'policy.invalid', { count: errors.length }) + '\n');
      }
      if (errors.length > 0) process.exitCode = 1;
    });
  cmd
    .command('list')
    .description('列出内置政策 / list the shipped policies')
    .action(async (_o: unknown, c: Command) => {
      const lang = langOf(c);
      const { loadPolicy, shippedPolicyIds } = await import('../../policies/shipped.js');
      const lines: string[] = [];
      for (const id of shippedPolicyIds()) {
        const { policy: p, hash } = await wrapAsync(() => loadPolicy(id));
        lines.push(`${id}\tv${p.version}\t${hash.slice(0, 12)}\t${p.title[lang]}`);
      }
      await writeOut(lines.join('\n') + '\n');
    });
  cmd
    .command('show <id|file>')
    .description('以可读规则显示政策 / show a policy as readable rules')
    .action(async (idOrFile: string, _o: unknown, c: Command) => {
      const { loadPolicy } = await import('../../policies/shipped.js');
      const { describePolicy } = await import('../../report/policy-text.js');
      const lp = await wrapAsync(() => loadPolicy(idOrFile));
      await writeOut(describePolicy(lp.policy, langOf(c)) + '\n');
    });
  cmd
    .command('schema')
    .description('输出政策文件的 JSON Schema / print the JSON Schema of policy files')
    .action(async () => writeOut((await import('../../policies/json-schema.js')).policyJsonSchemaText()));
  cmd
    .command('apply')
    .description('将政策应用于已发布的评价运行 / apply a policy to a published run')
    .option('--run <id>', '运行编号（默认最新）/ run id (default: the latest)')
    .option('--year <year>', '数据年份（取该年最新运行）/ data year (its latest run)')
    .option('--policy <id|file>', '政策（内置 id 或文件）/ policy id or file', 'jiaxing-demo-2024')
    .option('--application <id>', '读取已保存的政策应用 / read back a stored application')
    .option(
      '--draft',
      '允许未发布的运行（结果标注为草稿预览）/ allow an unpublished run (labelled as a draft preview)',
    )
    .option('--save', '保存本次应用（政策、汇总、台账哈希）/ store the application')
    .option('--format <format>', 'table|json|csv', 'table')
    .option(
      '--out <file>',
      '写入文件；.xlsx 为企业台账工作簿 / write to a file; .xlsx writes the ledger workbook',
    )
    .option('--division <code>', '只列该区县 / only this county')
    .option('--class <class>', '只列该等级 / only this class')
    .option('--limit <n>', '表格/JSON 中列出的企业数 / enterprises listed in table and JSON output', '20')
    .option('--user <name>', '操作人 / who', process.env.USER ?? 'cli')
    .action(
      async (
        opts: {
          run?: string;
          year?: string;
          policy: string;
          application?: string;
          draft?: boolean;
          save?: boolean;
          format: string;
          out?: string;
          division?: string;
          class?: string;
          limit: string;
          user: string;
        },
        c: Command,
      ) => {
        const lang = langOf(c);
        if (!(FORMATS as readonly string[]).includes(opts.format))
          throw new UserError(
            `未知的输出格式 ${opts.format}（应为 table|json|csv）/ unknown format ${opts.format} (table|json|csv)`,
          );
        const cls = opts.class?.toUpperCase();
        if (cls !== undefined && !['A', 'B', 'C', 'D'].includes(cls))
          throw new UserError('等级应为 A、B、C 或 D / class must be A, B, C or D');
        const filter = {
          ...(opts.division ? { division: opts.division } : {}),
          ...(cls ? { class: cls as 'A' | 'B' | 'C' | 'D' } : {}),
        };
        const { run, policy: svc } = await services();
        const { ledgerCsv, ledgerIndices, ledgerTable } = await import('../../policy/ledger.js');
        await run(async (store) => {
          const a = opts.application
            ? await svc.storedApplication(store, int(opts.application, '--application')!)
            : await svc.applyToRun(store, {
                ...(opts.run ? { runId: int(opts.run, '--run')! } : {}),
                ...(opts.year ? { year: int(opts.year, '--year')! } : {}),
                policy: await svc.resolvePolicy(opts.policy),
                draft: opts.draft === true,
                save: opts.save === true,
                createdBy: opts.user,
              });
          draftBanner(lang, a.draft);
          if (a.record && a.verified === null)
            info(t(lang, 'policy.saved', { id: a.record.id, run: a.run.id }));
          if (a.record && a.verified === true)
            info(t(lang, 'policy.read_back', { id: a.record.id, run: a.run.id }));
          if (a.verified === false) info(t(lang, 'policy.not_verified'));
          if (opts.out?.toLowerCase().endsWith('.xlsx')) {
            await writeOut(svc.ledgerXlsx(a, lang, filter), opts.out);
            info(t(lang, 'policy.written', { file: opts.out, n: ledgerIndices(a.app, filter).length }));
            return;
          }
          const limit = int(opts.limit, '--limit') ?? 20;
          switch (opts.format) {
            case 'csv':
              return writeOut(
                ledgerCsv(
                  ledgerTable(
                    a.app,
                    ledgerIndices(a.app, filter),
                    lang,
                    svc.countyNamesOf(a.totals.counties.map((x) => x.division)),
                  ),
                ),
                opts.out,
              );
            case 'json': {
              const page = svc.ledgerPage(a, { ...filter, limit, offset: 0, lang });
              return writeOut(
                JSON.stringify(
                  {
                    run: { id: a.run.id, year: a.run.year, publishedAt: a.run.publishedAt },
                    draft: a.draft,
                    policy: { id: a.policy.policy.id, hash: a.policy.hash },
                    history: a.history,
                    application: a.record,
                    ledgerHash: a.ledgerHash,
                    totals: a.totals,
                    ledger: page,
                  },
                  null,
                  2,
                ) + '\n',
                opts.out,
              );
            }
            default: {
              const { totalsText } = await import('../../report/policy-text.js');
              const head = `${a.policy.policy.title[lang]} (${a.policy.policy.id}, ${a.policy.hash.slice(0, 12)}) · ${t(lang, 'word.run')} #${a.run.id} (${a.run.year})${a.draft ? ` · ${t(lang, 'policy.draft_short')}` : ''}`;
              const lines = [head, '', totalsText(a.totals, lang)];
              if (limit > 0) {
                const page = svc.ledgerPage(a, { ...filter, limit, offset: 0, lang, onlyAffected: true });
                lines.push('', t(lang, 'policy.ledger_head', { n: page.total }));
                for (const r of page.items) {
                  lines.push(
                    `${r.uscc} ${r.name ?? ''} ${r.division ?? ''} ${r.class}${r.streak > 1 ? ` ×${r.streak}` : ''}`,
                  );
                  for (const it of r.items) lines.push(`    ${it.title}: ${it.basis}`);
                }
              }
              return writeOut(lines.join('\n') + '\n', opts.out);
            }
          }
        });
      },
    );
  cmd
    .command('applications')
    .description('列出已保存的政策应用 / list stored applications')
    .option('--run <id>', '运行编号 / run id')
    .action(async (opts: { run?: string }) => {
      const { run, policy: svc } = await services();
      const { table } = await import('../../report/explanation.js');
      const list = await run((store) => svc.policyApplications(store, int(opts.run, '--run'), CITY_WIDE));
      await writeOut(
        table([
          ['id', 'run', 'policy', 'draft', 'by', 'at'],
          ...list.map((a) => [
            String(a.id),
            String(a.runId),
            `${a.policyId}@${a.policyHash.slice(0, 8)}`,
            a.draft ? 'draft' : '',
            a.createdBy,
            a.createdAt,
          ]),
        ]).join('\n') + '\n',
      );
    });

  program
    .command('whatif')
    .description(
      '假设分析：两套评价办法或政策在同一数据上的比较 / compare methodologies or policies on one dataset',
    )
    .option('--run <id>', "在该评价批次的数据版本上比较 / compare on this run's dataset")
    .option(
      '--year <year>',
      '数据年份（该年最新已发布批次的数据版本，否则最新批次）/ data year (the dataset of its latest published run, else its latest run)',
    )
    .option('--dataset <id>', '数据版本 / dataset id')
    .option(
      '--methodology <id|file>',
      "方案 A 的评价办法（默认该批次的办法）/ methodology A (default: the run's)",
    )
    .option('--methodology-b <id|file>', '方案 B 的评价办法（默认同 A）/ methodology B (default: A)')
    .option('--policy <id|file>', '方案 A 的政策 / policy A', 'jiaxing-demo-2024')
    .option('--policy-b <id|file>', '方案 B 的政策（默认同 A）/ policy B (default: A)')
    .option('--format <format>', 'table|json', 'table')
    .option('--limit <n>', '列出的变化企业与受影响最大企业数 / enterprises listed', '20')
    .option('--out <file>', '写入文件 / write to a file')
    .action(
      async (
        opts: {
          run?: string;
          year?: string;
          dataset?: string;
          methodology?: string;
          methodologyB?: string;
          policy: string;
          policyB?: string;
          format: string;
          limit: string;
          out?: string;
        },
        c: Command,
      ) => {
        const lang = langOf(c);
        const { loadMethodology } = await import('../../methodologies/shipped.js');
        const mA = opts.methodology ? await wrapAsync(() => loadMethodology(opts.methodology!)) : undefined;
        const mB = opts.methodologyB ? await wrapAsync(() => loadMethodology(opts.methodologyB!)) : undefined;
        const { run, policy: svc } = await services();
        const limit = int(opts.limit, '--limit') ?? 20;
        const r = await run(async (store) =>
          svc.whatIf(store, {
            ...(opts.run ? { runId: int(opts.run, '--run')! } : {}),
            ...(opts.year ? { year: int(opts.year, '--year')! } : {}),
            ...(opts.dataset ? { datasetId: int(opts.dataset, '--dataset')! } : {}),
            ...(mA ? { methodology: mA } : {}),
            ...(mB ? { methodologyB: mB } : {}),
            policy: await svc.resolvePolicy(opts.policy),
            ...(opts.policyB ? { policyB: await svc.resolvePolicy(opts.policyB) } : {}),
            changedLimit: limit,
            hardestLimit: limit,
          }),
        );
        if (opts.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n', opts.out);
        const { whatIfText } = await import('../../report/policy-text.js');
        const label = (x: typeof r.a) =>
          `${x.methodology}@${x.methodologyHash.slice(0, 8)} + ${x.policy}@${x.policyHash.slice(0, 8)}`;
        const runLine = r.run
          ? `${t(lang, 'word.run')} #${r.run.id} (${r.run.year}, ${r.run.methodologyId})${r.run.publishedAt ? '' : ` · ${t(lang, 'policy.draft_short')}`} · `
          : '';
        await writeOut(
          `${runLine}${t(lang, 'word.dataset')} ${r.dataset.year}/v${r.dataset.version} (${r.dataset.records})\n` +
            whatIfText(r, lang, { a: label(r.a), b: label(r.b) }) +
            '\n',
          opts.out,
        );
      },
    );

  program
    .command('sensitivity')
    .description(
      '敏感性分析：扰动权重与数据，找出等级不稳定的企业 / perturb weights and data; flag fragile classes',
    )
    .option('--run <id>', '运行编号（默认最新）/ run id (default: the latest)')
    .option('--year <year>', '数据年份 / data year')
    .option('--draws <n>', '抽样次数 / draws', '1000')
    .option('--seed <n>', '随机种子 / seed', '1')
    .option('--weights <w>', '权重扰动幅度（0.1 = ±10%）/ weight bound', '0.1')
    .option('--data <d>', '数据扰动幅度（0.05 = ±5%）/ data bound', '0.05')
    .option('--fields <list>', '扰动的数据字段（逗号分隔，默认指标所用字段）/ data fields perturbed')
    .option('--min-stability <s>', '稳定度阈值 / stability threshold', '0.9')
    .option('--limit <n>', '列出的企业数 / enterprises listed', '30')
    .option('--workers <n>', '工作线程数 / worker threads')
    .option('--format <format>', 'table|json', 'table')
    .option('--out <file>', '写入文件 / write to a file')
    .action(
      async (
        opts: {
          run?: string;
          year?: string;
          draws: string;
          seed: string;
          weights: string;
          data: string;
          fields?: string;
          minStability: string;
          limit: string;
          workers?: string;
          format: string;
          out?: string;
        },
        c: Command,
      ) => {
        const lang = langOf(c);
        const { isNumericField } = await import('../../domain/fields.js');
        const fields = opts.fields?.split(',').map((s) => s.trim());
        for (const f of fields ?? [])
          if (!isNumericField(f)) throw new UserError(`未知的字段 ${f} / unknown field ${f}`);
        const { run, policy: svc } = await services();
        const bar = progress(t(lang, 'policy.sensitivity_progress'));
        const s = await run((store) =>
          svc.sensitivity(store, {
            ...(opts.run ? { runId: int(opts.run, '--run')! } : {}),
            ...(opts.year ? { year: int(opts.year, '--year')! } : {}),
            draws: int(opts.draws, '--draws')!,
            seed: int(opts.seed, '--seed')!,
            weights: num(opts.weights, '--weights')!,
            data: num(opts.data, '--data')!,
            ...(fields ? { dataFields: fields as never } : {}),
            minStability: num(opts.minStability, '--min-stability')!,
            limit: int(opts.limit, '--limit')!,
            ...(opts.workers ? { workers: int(opts.workers, '--workers')! } : {}),
            onProgress: (d, total) => bar.update(d, total),
          }),
        ).finally(() => bar.stop());
        draftBanner(lang, s.draft);
        info(
          t(lang, 'policy.sensitivity_done', { draws: s.draws, n: s.records, ms: s.ms, workers: s.workers }),
        );
        if (opts.format === 'json') return writeOut(JSON.stringify(s, null, 2) + '\n', opts.out);
        const { sensitivityText } = await import('../../report/policy-text.js');
        await writeOut(
          `${t(lang, 'word.run')} #${s.runId} (${s.methodology})\n` + sensitivityText(s, lang) + '\n',
          opts.out,
        );
      },
    );
}
