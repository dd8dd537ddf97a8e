/**
 * Test helpers for the API: an account of a role with an API token, and a client that calls the app as
 * that account (`Authorization: Bearer …`), so that tests read like the calls they make.
 *
 * @example
 * const analyst = await testClient(store);                       // a city analyst
 * const nanhu = await testClient(store, 'county', { division: '330402' });
 * expect((await nanhu.request('/api/runs/latest/results')).status).toBe(200);
 */
import { randomBytes } from 'node:crypto';
import type { User } from '../db/index.js';
import type { Role } from '../domain/access.js';
import { createApiToken, createUser } from '../services/accounts.service.js';
import type { Store } from '../services/store.js';
import { createApp } from './app.js';
import type { App } from './env.js';

export interface TestAccount {
  user: User;
  token: string;
}

/** A user of `role` (token-only unless a password is given) and an API token for it. */
export async function testAccount(
  store: Store,
  role: Role = 'analyst',
  o: { username?: string; division?: string; uscc?: string; password?: string } = {},
): Promise<TestAccount> {
  const username = o.username ?? `${role}-${randomBytes(4).toString('hex')}`;
  await createUser(
    store,
    {
      username,
      role,
      division: o.division ?? null,
      uscc: o.uscc ?? null,
      ...(o.password !== undefined ? { password: o.password } : {}),
    },
    'test',
  );
  const { token, user } = await createApiToken(store, username, { name: 'test' }, 'test');
  return { user, token };
}

export interface TestClient {
  readonly app: App;
  readonly user: User;
  readonly token: string;
  /** `app.request` with the account's bearer token. */
  request(url: string, init?: RequestInit): Promise<Response>;
}

/** Calls `app` as the holder of `token`. */
export function clientFor(app: App, account: TestAccount): TestClient {
  return {
    app,
    user: account.user,
    token: account.token,
    request: (url, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${account.token}`);
      return Promise.resolve(app.request(url, { ...init, headers }));
    },
  };
}

/** A new app over `store` and a client calling it as a new account of `role` (default a city analyst). */
export async function testClient(
  store: Store,
  role: Role = 'analyst',
  o: { username?: string; division?: string; uscc?: string; app?: App; webDir?: string } = {},
): Promise<TestClient> {
  const app = o.app ?? createApp(store, o.webDir ? { webDir: o.webDir } : {});
  return clientFor(app, await testAccount(store, role, o));
}
