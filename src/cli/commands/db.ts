/** `mujun db migrate|status`: the store's schema. */
import type { Command } from 'commander';
import { writeOut } from '../output.js';

export function registerDbCommand(program: Command): void {
  const cmd = program.command('db').description('数据库 / the store');
  cmd
    .command('migrate')
    .description('应用数据库迁移 / apply the migrations')
    .action(async () => {
      const { withStore } = await import('../../services/store.js');
      const { appliedMigrations } = await import('../../db/index.js');
      const applied = await withStore((store) => appliedMigrations(store.db));
      await writeOut(applied.map((m) => `${m.version}\t${m.name}\t${m.appliedAt}`).join('\n') + '\n');
    });
}
