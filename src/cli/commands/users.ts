/**
 * `mujun users create-admin|add|list|set-role|disable|enable|passwd|token|tokens|revoke-token|revoke-tokens`:
 * the accounts of the platform (ADR 0011). Whoever can run the CLI on the store can open the database
 * anyway, so the CLI acts with full rights; what it changes is audited as `cli:<operating-system user>`.
 *
 * Passwords are never arguments (they would stay in the shell history and the process list): they are
 * read from stdin with `--password-stdin`, from `MUJUN_PASSWORD`, or typed at a prompt without echo.
 */
import os from 'node:os';
import type { Command } from 'commander';
import { table } from '../../report/explanation.js';
import { info, UserError, writeOut } from '../output.js';

const actor = (): string => {
  let name = process.env.USER ?? 'cli';
  try {
    name = os.userInfo().username || name;
  } catch {
    // no user database entry (some containers): keep $USER
  }
  return `cli:${name}`;
};

async function service() {
  const { withStore } = await import('../../services/store.js');
  const accounts = await import('../../services/accounts.service.js');
  const { ServiceError } = await import('../../services/errors.js');
  const run = async <T>(
    fn: (store: Parameters<Parameters<typeof withStore>[0]>[0]) => Promise<T>,
  ): Promise<T> =>
    withStore(async (store) => {
      try {
        return await fn(store);
      } catch (e) {
        if (e instanceof ServiceError) throw new UserError(e.message);
        throw e;
      }
    });
  return { run, accounts };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without showing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let text = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UserError('已取消 / cancelled', 130));
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else text += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The password from stdin, the environment or a prompt (typed twice). */
async function readPassword(opts: { passwordStdin?: boolean }, envNames: string[]): Promise<string> {
  if (opts.passwordStdin) return readStdin();
  for (const n of envNames) {
    const v = process.env[n];
    if (v) return v;
  }
  if (!process.stdin.isTTY)
    throw new UserError(
      `请用 --password-stdin 或环境变量 ${envNames.join('/')} 提供密码 / give the password with --password-stdin or ${envNames.join('/')}`,
    );
  const a = await promptHidden('密码 / password: ');
  const b = await promptHidden('再输入一次 / again: ');
  if (a !== b) throw new UserError('两次输入的密码不一致 / the two passwords differ');
  return a;
}

export function registerUsersCommand(program: Command): void {
  const cmd = program.command('users').description('账号与角色 / accounts and roles');

  cmd
    .command('create-admin')
    .description('首次使用：创建第一个市经信局分析员账号 / first run: create the first city analyst account')
    .option('--username <name>', '用户名 / user name', 'admin')
    .option('--name <display>', '姓名 / display name')
    .option('--password-stdin', '从标准输入读取密码 / read the password from stdin')
    .action(async (opts: { username: string; name?: string; passwordStdin?: boolean }) => {
      const { run, accounts } = await service();
      const password = await readPassword(opts, ['MUJUN_ADMIN_PASSWORD', 'MUJUN_PASSWORD']);
      const u = await run((store) =>
        accounts.createAdmin(
          store,
          { username: opts.username, password, displayName: opts.name ?? null },
          actor(),
        ),
      );
      info(`已创建市经信局分析员 ${u.username} / created city analyst ${u.username}`);
    });

  cmd
    .command('add <username>')
    .description('添加账号 / add an account')
    .requiredOption('--role <role>', 'analyst | county | enterprise | leader')
    .option('--division <code>', '区县操作员的区县代码 / county code of a county operator')
    .option('--uscc <code>', '企业账号的统一社会信用代码 / USCC of an enterprise account')
    .option('--name <display>', '姓名或企业名称 / display name')
    .option('--password-stdin', '从标准输入读取密码 / read the password from stdin')
    .option('--no-password', '不设密码（只用 API 令牌）/ no password (API tokens only)')
    .action(
      async (
        username: string,
        opts: {
          role: string;
          division?: string;
          uscc?: string;
          name?: string;
          passwordStdin?: boolean;
          password: boolean;
        },
      ) => {
        const { run, accounts } = await service();
        const password = opts.password ? await readPassword(opts, ['MUJUN_PASSWORD']) : null;
        const u = await run((store) =>
          accounts.createUser(
            store,
            {
              username,
              role: opts.role,
              division: opts.division ?? null,
              uscc: opts.uscc ?? null,
              displayName: opts.name ?? null,
              password,
            },
            actor(),
          ),
        );
        info(`已添加 ${u.username}（${u.role}）/ added ${u.username} (${u.role})`);
      },
    );

  cmd
    .command('list')
    .description('列出账号 / list accounts')
    .option('--format <format>', 'table | json', 'table')
    .action(async (opts: { format: string }) => {
      const { run, accounts } = await service();
      const users = await run((store) => accounts.usersList(store));
      if (opts.format === 'json') return writeOut(JSON.stringify(users, null, 2) + '\n');
      const rows = users.map((u) => [
        String(u.id),
        u.username,
        u.role,
        u.division ?? u.uscc ?? '',
        u.displayName ?? '',
        u.disabledAt ? `disabled ${u.disabledAt}` : 'active',
        u.hasPassword ? 'password' : 'tokens only',
        u.createdAt,
      ]);
      return writeOut(
        table([['id', 'user', 'role', 'county/uscc', 'name', 'state', 'login', 'created'], ...rows]).join(
          '\n',
        ) + '\n',
      );
    });

  cmd
    .command('set-role <username> <role>')
    .description('更改角色（结束其会话）/ change the role (ends the sessions)')
    .option('--division <code>', '区县代码 / county code (role county)')
    .option('--uscc <code>', '统一社会信用代码 / USCC (role enterprise)')
    .action(async (username: string, role: string, opts: { division?: string; uscc?: string }) => {
      const { run, accounts } = await service();
      const u = await run((store) =>
        accounts.setUserRole(
          store,
          username,
          { role, division: opts.division ?? null, uscc: opts.uscc ?? null },
          actor(),
        ),
      );
      info(`${u.username}: ${u.role}${u.division ? ` ${u.division}` : ''}${u.uscc ? ` ${u.uscc}` : ''}`);
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    cmd
      .command(`${name} <username>`)
      .description(
        disabled
          ? '停用账号（结束其会话）/ disable an account (ends its sessions)'
          : '启用账号 / enable an account',
      )
      .action(async (username: string) => {
        const { run, accounts } = await service();
        const u = await run((store) => accounts.setUserDisabledState(store, username, disabled, actor()));
        info(`${u.username}: ${u.disabledAt ? 'disabled' : 'active'}`);
      });

  cmd
    .command('passwd <username>')
    .description('设置密码（结束其会话）/ set a password (ends the sessions)')
    .option('--password-stdin', '从标准输入读取密码 / read the password from stdin')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const { run, accounts } = await service();
      const password = await readPassword(opts, ['MUJUN_PASSWORD']);
      await run((store) => accounts.setUserPassword(store, username, password, actor()));
      info(`已设置 ${username} 的密码 / password of ${username} set`);
    });

  cmd
    .command('token <username>')
    .description('为脚本创建 API 令牌（只显示一次）/ create an API token for scripts (shown once)')
    .option('--name <name>', '令牌用途 / what it is for', 'api')
    .option('--days <n>', '有效天数 / days valid (default: until revoked)')
    .action(async (username: string, opts: { name: string; days?: string }) => {
      const { run, accounts } = await service();
      const days = opts.days === undefined ? null : Number(opts.days);
      const t = await run((store) =>
        accounts.createApiToken(store, username, { name: opts.name, days }, actor()),
      );
      info(
        `API 令牌（只显示这一次；请求头 Authorization: Bearer …）/ API token (shown this once; header Authorization: Bearer …):`,
      );
      await writeOut(t.token + '\n');
    });

  cmd
    .command('tokens [username]')
    .description(
      '列出 API 令牌（某账号的，或全部；不显示令牌本身）/ list API tokens (of one account, or all; never the tokens themselves)',
    )
    .option('--format <format>', 'table | json', 'table')
    .action(async (username: string | undefined, opts: { format: string }) => {
      const { run, accounts } = await service();
      const tokens = await run((store) =>
        accounts.tokensList(store, username !== undefined ? { username } : {}),
      );
      if (opts.format === 'json') return writeOut(JSON.stringify(tokens, null, 2) + '\n');
      if (opts.format !== 'table')
        throw new UserError(`--format 应为 table 或 json / --format must be table or json`);
      const rows = tokens.map((t) => [
        String(t.id),
        t.username,
        t.name,
        t.state,
        t.createdAt,
        t.createdBy,
        t.lastUsedAt ?? '',
        t.revokedAt ?? t.expiresAt ?? '',
      ]);
      return writeOut(
        table([
          ['id', 'user', 'name', 'state', 'created', 'by', 'last used', 'revoked/expires'],
          ...rows,
        ]).join('\n') + '\n',
      );
    });

  cmd
    .command('revoke-token <id>')
    .description(
      '撤销一个 API 令牌（编号见 mujun users tokens）/ revoke one API token (ids from mujun users tokens)',
    )
    .action(async (id: string) => {
      const { run, accounts } = await service();
      if (!/^\d{1,10}$/.test(id))
        throw new UserError(
          `令牌编号应为正整数，而不是“${id}” / a token id is a positive integer, not "${id}"`,
        );
      const t = await run((store) => accounts.revokeToken(store, Number(id), actor()));
      info(
        `已撤销令牌 #${t.id}（${t.username}：${t.name}）/ revoked token #${t.id} (${t.username}: ${t.name})`,
      );
    });

  cmd
    .command('revoke-tokens <username>')
    .description('撤销该账号的全部 API 令牌 / revoke every API token of the account')
    .action(async (username: string) => {
      const { run, accounts } = await service();
      const n = await run((store) => accounts.revokeTokens(store, username, actor()));
      info(`已撤销 ${n} 个令牌 / revoked ${n} token(s)`);
    });
}
