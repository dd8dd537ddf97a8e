/**
 * `mujun methodology validate|list|show|schema|test`: check a methodology file and print where it is
 * wrong, list the shipped ones, show one as readable rules, print the published JSON Schema, run golden
 * tests (`mujun.methodology-tests/v1`) against a methodology.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { t } from '../../i18n/messages.js';
import { loadMethodology, methodologyHash, shippedMethodologyIds } from '../../methodologies/shipped.js';
import { describeMethodology } from '../../report/methodology-text.js';
import { langOf, UserError, writeOut } from '../output.js';
import { describeGoldenReports } from '../../report/golden-text.js';

/** The validator (zod, YAML) is loaded by the commands that need it, not by every `mujun` start. */
const validator = () => import('../../engine/methodology/index.js');

export function registerMethodologyCommand(program: Command): void {
  const cmd = program.command('methodology').description('评价办法 / methodologies');
  cmd
    .command('validate <file>')
    .description('校验评价办法文件 / validate a methodology file')
    .option('--format <format>', 'text|json', 'text')
    .action(async (file: string, opts: { format: string }, c: Command) => {
      const lang = langOf(c);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UserError(`无法读取文件 ${file} / cannot read ${file}: ${(e as Error).message}`);
      }
      const { formatIssue, parseMethodology } = await validator();
      const r = parseMethodology(text, file);
      const errors = r.issues.filter((i) => i.severity === 'error');
      if (opts.format === 'json') {
        await writeOut(
          JSON.stringify({ file, valid: errors.length === 0, issues: r.issues }, null, 2) + '\n',
        );
      } else {
        for (const i of r.issues) process.stderr.write(formatIssue(file, i) + '\n');
        if (r.methodology) {
          const m = r.methodology;
          await writeOut(
            t(lang, 'cli.valid', {
              id: m.id,
              version: m.version,
              year: m.dataYear,
              hash: methodologyHash(m).slice(0, 16),
            }) + '\n',
          );
        } else process.stderr.write(t(lang, 'cli.invalid', { count: errors.length }) + '\n');
      }
      if (errors.length > 0) process.exitCode = 1;
    });
  cmd
    .command('list')
    .description('列出内置评价办法 / list the shipped methodologies')
    .action(async (_o: unknown, c: Command) => {
      const lang = langOf(c);
      const lines: string[] = [];
      for (const id of shippedMethodologyIds()) {
        const { methodology: m, hash } = await loadMethodology(id);
        lines.push(`${id}\t${m.dataYear}\t${hash.slice(0, 12)}\t${m.title[lang]}`);
      }
      await writeOut(lines.join('\n') + '\n');
    });
  cmd
    .command('show <id|file>')
    .description('以可读规则显示评价办法 / show a methodology as readable rules')
    .action(async (idOrFile: string, _o: unknown, c: Command) => {
      const lang = langOf(c);
      let lm;
      try {
        lm = await loadMethodology(idOrFile);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      await writeOut(describeMethodology(lm.methodology, lang) + '\n');
    });
  cmd
    .command('test [files...]')
    .description(
      '运行评价办法的测试用例（不指定文件时运行内置办法的测试） / run methodology tests (the shipped ones when no file is given)',
    )
    .option('--format <format>', 'text|json', 'text')
    .action(async (files: string[], opts: { format: string }, c: Command) => {
      const lang = langOf(c);
      const svc = await import('../../services/methodology-tests.service.js');
      const list = files.length > 0 ? files : svc.shippedGoldenFiles();
      const reports = [];
      for (const f of list) reports.push(await svc.runGoldenFile(f));
      if (opts.format === 'json') await writeOut(JSON.stringify(reports, null, 2) + '\n');
      else await writeOut(describeGoldenReports(reports, lang));
      const bad = reports.some((r) => r.failed > 0 || r.issues.some((i) => i.severity === 'error'));
      if (bad) process.exitCode = 1;
    });
  cmd
    .command('schema')
    .description('输出评价办法文件的 JSON Schema / print the JSON Schema of methodology files')
    .action(async () =>
      writeOut((await import('../../methodologies/json-schema.js')).methodologyJsonSchemaText()),
    );
}
