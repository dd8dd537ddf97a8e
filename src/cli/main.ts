/**
 * The `mujun` command line. One file per noun under commands/, each registering itself on the program;
 * commands parse, call a service, and print. Heavy modules (databases, the server) are imported only by
 * the commands that need them, so `mujun evaluate --records` starts fast.
 */
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './commands/demo.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerMethodologyCommand } from './commands/methodology.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerServeCommand } from './commands/serve.js';
import { registerDbCommand } from './commands/db.js';
import { registerImportCommand } from './commands/import.js';
import { registerDatasetCommand } from './commands/dataset.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerUsersCommand } from './commands/users.js';
import { UserError } from './output.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('mujun')
    .description(
      '亩均 Mujun — 工业企业亩均效益综合评价 / per-mu benefit evaluation of industrial enterprises',
    )
    .option('--lang <lang>', '界面语言 zh|en / language', process.env.MUJUN_LANG ?? 'zh')
    .showHelpAfterError()
    .exitOverride();
  registerEvaluateCommand(program);
  registerExplainCommand(program);
  registerMethodologyCommand(program);
  registerImportCommand(program);
  registerDatasetCommand(program);
  registerPolicyCommand(program);
  registerDemoCommand(program);
  registerRunsCommand(program);
  registerServeCommand(program);
  registerDbCommand(program);
  registerUsersCommand(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof UserError) {
      process.stderr.write(err.message + '\n');
      return err.exitCode;
    }
    throw err;
  }
}
