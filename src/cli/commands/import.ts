/**
 * `mujun import FILE… --year Y`: departmental files (CSV or XLSX, any encoding and layout the profiles
 * know) into the year's next dataset version, with the reconciliation printed and the rejected rows
 * written to an XLSX a clerk can open and fix.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { table } from '../../report/explanation.js';
import { info, langOf, progress, UserError, writeOut } from '../output.js';

interface ImportOpts {
  year: string;
  profile?: string;
  sheet: string[];
  format: string;
  rejected?: string;
  user: string;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import <files...>')
    .description('导入部门数据文件 / import departmental data files')
    .requiredOption('--year <year>', '数据年份 / data year')
    .option(
      '--profile <id|file>',
      '指定映射配置（默认自动识别）/ force a mapping profile (default: recognised)',
    )
    .option(
      '--sheet <[file:]sheet>',
      '只读工作簿的这一工作表（可重复；“文件名:工作表”只对该文件）；默认读取每个工作表 / read only this sheet of the workbooks (repeatable; FILE:SHEET for one file); default every sheet',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--format <format>', '输出格式 text|json / output format', 'text')
    .option(
      '--rejected <file>',
      '退回行写入的 XLSX（默认 ./rejected-<年份>.xlsx）/ XLSX for the rejected rows',
    )
    .option('--user <name>', '操作人 / who imports', process.env.USER ?? 'cli')
    .action(async (files: string[], opts: ImportOpts, cmd: Command) => {
      const lang = langOf(cmd);
      const json = opts.format === 'json';
      const svc = await import('../../services/import.service.js');
      /** With --format json, a failure is one JSON object on stdout as well (see README). */
      const fail = async (e: InstanceType<typeof svc.ImportError>, rejectedFile: string | null) => {
        if (json) {
          const first = e.problems[0];
          await writeOut(
            JSON.stringify(
              {
                error: {
                  code: e.code,
                  file: first && first.file !== '-' ? first.file : null,
                  sheet: first?.sheet ?? null,
                  rule: first?.rule ?? null,
                  message: { zh: first?.zh ?? e.message, en: first?.en ?? e.message },
                  problems: e.problems.map((p) => ({
                    file: p.file === '-' ? null : p.file,
                    sheet: p.sheet ?? null,
                    rule: p.rule,
                    message: { zh: p.zh, en: p.en },
                  })),
                  rejectedFile,
                },
              },
              null,
              2,
            ) + '\n',
          );
        }
        return new UserError(e.message);
      };
      const year = Number(opts.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100)
        throw await fail(
          new svc.ImportError([
            { file: '-', rule: 'bad_year', zh: `年份无效：${opts.year}`, en: `invalid year: ${opts.year}` },
          ]),
          null,
        );
      const { withStore } = await import('../../services/store.js');
      const bar = progress(lang === 'zh' ? '读取' : 'reading');
      const out = await withStore(async (store) => {
        try {
          return await svc.importFiles(store, files, {
            year,
            createdBy: opts.user,
            ...(opts.profile ? { profile: opts.profile, profileFiles: true } : {}),
            ...svc.parseSheetChoices(opts.sheet),
            // files done of all, with the current file and its rows read so far
            onProgress: (f, rows, k, n) =>
              bar.update(k, n, `${f} ${rows.toLocaleString('en')} ${lang === 'zh' ? '行' : 'rows'}`),
          });
        } catch (e) {
          if (e instanceof svc.ImportError) {
            bar.stop();
            let f: string | null = null;
            if (e.rejections.length > 0) {
              f = opts.rejected ?? `rejected-${year}.xlsx`;
              writeFileSync(f, svc.rejectionsXlsx(e.rejections));
              info(lang === 'zh' ? `退回行已写入 ${f}` : `rejected rows written to ${f}`);
            }
            throw await fail(e, f);
          }
          throw e;
        } finally {
          bar.stop();
        }
      });
      const rejectedFile = out.rejections.length > 0 ? (opts.rejected ?? `rejected-${year}.xlsx`) : null;
      if (rejectedFile) writeFileSync(rejectedFile, svc.rejectionsXlsx(out.rejections, out.rejectionCount));
      const rec = out.reconciliation;
      const zh = lang === 'zh';
      const sheetStatus = (s: string) =>
        s === 'imported'
          ? zh
            ? '已导入'
            : 'imported'
          : s === 'no_header'
            ? zh
              ? '无可识别表头，跳过'
              : 'no recognisable header, skipped'
            : zh
              ? '未读取'
              : 'not read';
      if (json) {
        await writeOut(
          JSON.stringify(
            {
              dataset: {
                id: out.dataset.id,
                year: out.dataset.year,
                version: out.dataset.version,
                created: out.created,
              },
              records: out.records,
              files: rec.files.map((f) => ({
                file: f.file,
                sheet: f.sheet,
                department: f.department,
                profile: f.profile,
                rowsRead: f.rowsRead,
                accepted: f.accepted,
                rejected: f.rejected,
                skipped: f.skipped,
                rejections: out.rejections
                  .filter((r) => r.file === f.file && r.sheet === f.sheet)
                  .map((r) => ({
                    row: r.row,
                    column: r.column,
                    value: r.value,
                    rule: r.rule,
                    zh: r.zh,
                    en: r.en,
                  })),
              })),
              workbooks: out.workbooks,
              notices: rec.notices.map((n) => ({ file: n.file, rule: n.rule, zh: n.zh, en: n.en })),
              rejectionCount: out.rejectionCount,
              coverage: rec.coverage,
              missing: Object.fromEntries(Object.entries(rec.missing).map(([d, l]) => [d, l.length])),
              conflicts: rec.conflicts.length,
              rejectedFile,
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const { shippedProfiles } = await import('../../ingest/profiles/index.js');
      const labels = new Map(shippedProfiles().map((p) => [p.department, p.label[lang]]));
      const dept = (d: string) => labels.get(d) ?? d;
      const head = zh
        ? ['文件', '部门', '读取行', '接收', '退回', '跳过']
        : ['file', 'department', 'rows read', 'accepted', 'rejected', 'skipped'];
      const rows = rec.files.map((f) => [
        f.sheet ? `${f.file} [${f.sheet}]` : f.file,
        dept(f.department),
        String(f.rowsRead),
        String(f.accepted),
        String(f.rejected),
        String(Object.values(f.skipped).reduce((a, b) => a + b, 0)),
      ]);
      const t = rec.totals;
      rows.push([
        zh ? '合计' : 'total',
        '',
        String(t.rowsRead),
        String(t.accepted),
        String(t.rejected),
        String(t.skipped),
      ]);
      const lines = table([head, ...rows]);
      lines.push('');
      // which sheets of each workbook were read
      for (const w of out.workbooks)
        lines.push(
          `${w.file}${zh ? '：' : ': '}${w.sheets.map((s) => `${s.name}（${sheetStatus(s.status)}）`).join(zh ? '、' : ', ')}`,
        );
      for (const n of rec.notices) lines.push(`${n.file ? `${n.file}：` : ''}${zh ? n.zh : n.en}`);
      lines.push(
        zh
          ? `企业记录 ${out.records} 家；${Object.entries(rec.missing)
              .map(([d, l]) => `缺${dept(d)}数据 ${l.length} 家`)
              .join('；')}；来源冲突 ${rec.conflicts.length} 处`
          : `${out.records} enterprise records; ${Object.entries(rec.missing)
              .map(([d, l]) => `${l.length} without ${dept(d)} data`)
              .join('; ')}; ${rec.conflicts.length} conflicts between sources`,
      );
      lines.push(
        out.created
          ? zh
            ? `已保存为 ${out.dataset.year} 年第 ${out.dataset.version} 版数据（数据集 #${out.dataset.id}）`
            : `stored as ${out.dataset.year} version ${out.dataset.version} (dataset #${out.dataset.id})`
          : zh
            ? `这些文件已导入过（${out.dataset.year} 年第 ${out.dataset.version} 版），未作改动`
            : `these files were imported before (${out.dataset.year} version ${out.dataset.version}); nothing changed`,
      );
      if (rejectedFile)
        lines.push(
          zh
            ? `退回行已写入 ${rejectedFile}，可打开修改后重新导入`
            : `rejected rows written to ${rejectedFile}: fix them and import again`,
        );
      await writeOut(lines.join('\n') + '\n');
      for (const r of out.rejections.slice(0, 10))
        info(
          `${r.file}${r.sheet ? `[${r.sheet}]` : ''}:${r.row} ${r.column ?? ''} ${zh ? r.zh : r.en} [${r.rule}]`,
        );
      if (out.rejectionCount > 10)
        info(zh ? `……共 ${out.rejectionCount} 条退回` : `… ${out.rejectionCount} rejections in all`);
      const note = svc.rejectionsNote(out.rejectionCount, out.rejections.length);
      if (note) info(note);
    });
}
