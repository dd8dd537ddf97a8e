/** `mujun dataset list|export`: stored dataset versions, and a version as a canonical record file. */
import type { Command } from 'commander';
import { table } from '../../report/explanation.js';
import { info, UserError, writeOut } from '../output.js';

export function registerDatasetCommand(program: Command): void {
  const cmd = program.command('dataset').description('数据版本 / dataset versions');
  cmd
    .command('list')
    .description('列出数据版本 / list dataset versions')
    .action(async () => {
      const { withStore } = await import('../../services/store.js');
      const { listDatasets } = await import('../../db/index.js');
      const ds = await withStore((s) => listDatasets(s.db));
      const rows = ds.map((d) => [
        String(d.id),
        String(d.year),
        `v${d.version}`,
        String(d.recordCount),
        d.source ?? '',
        d.createdBy ?? '',
        d.createdAt,
      ]);
      await writeOut(
        table([['id', 'year', 'version', 'records', 'source', 'by', 'at'], ...rows]).join('\n') + '\n',
      );
    });
  cmd
    .command('export')
    .description('导出为规范记录文件 / export as a canonical record file')
    .requiredOption('--year <year>', '数据年份 / data year')
    .option('--version <n>', '版本（默认最新）/ version (default: latest)')
    .option('--out <file>', '输出文件（默认标准输出）/ output file (default stdout)')
    .action(async (opts: { year: string; version?: string; out?: string }) => {
      const { withStore } = await import('../../services/store.js');
      const db = await import('../../db/index.js');
      const { formatCanonicalCsv } = await import('../../records/canonical-format.js');
      const year = Number(opts.year);
      const text = await withStore(async (s) => {
        const all = (await db.listDatasets(s.db)).filter((d) => d.year === year);
        const d = opts.version
          ? all.find((x) => x.version === Number(opts.version))
          : all.sort((a, b) => b.version - a.version)[0];
        if (!d)
          throw new UserError(
            `${year} 年没有${opts.version ? `第 ${opts.version} 版` : ''}数据 / no dataset for ${year}${opts.version ? ` version ${opts.version}` : ''}`,
          );
        info(`${d.year} v${d.version}: ${d.recordCount}`);
        return formatCanonicalCsv(await db.loadDatasetBatch(s.db, d.id), { optionalColumns: true });
      });
      await writeOut(text, opts.out);
    });
}
