/** `mujun serve`: the JSON API (and, with --demo-if-empty, the demo city loaded on first start). */
import type { Command } from 'commander';
import { t } from '../../i18n/messages.js';
import { info, langOf } from '../output.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('启动 API 服务 / serve the API')
    .option('--port <port>', '端口 / port', process.env.PORT ?? '3000')
    .option('--host <host>', '监听地址 / host', process.env.HOST ?? '127.0.0.1')
    .option(
      '--demo-if-empty',
      '库为空时先载入并评价演示城市 / load and evaluate the demo city when the store is empty',
    )
    .action(async (opts: { port: string; host: string; demoIfEmpty?: boolean }, cmd: Command) => {
      const lang = langOf(cmd);
      const { openStore } = await import('../../services/store.js');
      const { startServer } = await import('../../api/server.js');
      const store = await openStore();
      if (opts.demoIfEmpty) {
        const { listRuns } = await import('../../db/index.js');
        if ((await listRuns(store.db)).length === 0) {
          const { runDemo, defaultDemoDir } = await import('../../services/demo.service.js');
          info(`… ${t(lang, 'cli.demo.generate')}`);
          const r = await runDemo(store, {
            outDir: defaultDemoDir(),
            previousYear: true,
            onProgress: () => {},
          });
          info(
            t(lang, 'cli.demo.done', { n: r.city.batch.length, run: r.stored.runId, dir: defaultDemoDir() }),
          );
        }
      }
      // accounts: the demo's (random passwords, printed once, on the start that made them) or a hint
      // to create the first one
      const { countUsers } = await import('../../db/index.js');
      let demoAccounts: string | null = null;
      if (opts.demoIfEmpty) {
        const { createDemoAccounts, demoAccountsFile, demoAccountsNotice, writeDemoAccounts } =
          await import('../../services/demo-accounts.service.js');
        const accounts = await createDemoAccounts(store);
        if (accounts) {
          await writeDemoAccounts(demoAccountsFile(), accounts);
          demoAccounts = demoAccountsNotice(accounts, demoAccountsFile());
        }
      } else if ((await countUsers(store.db)) === 0) info(t(lang, 'cli.no_accounts'));
      const server = await startServer(store, { port: Number(opts.port), host: opts.host });
      if (demoAccounts) info(demoAccounts);
      info(t(lang, 'cli.serving', { url: server.url }));
      const stop = () => {
        void server
          .close()
          .then(() => store.db.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
