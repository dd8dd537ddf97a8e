/**
 * Accounts through the API, on PGlite and PostgreSQL: logging in and out with cookies, session fixation,
 * CSRF, cross-site requests, the login throttle per account and per address, API tokens, disabled
 * accounts and role changes, deny by default. ADR 0011.
 */
import { beforeAll, expect, it } from 'vitest';
import { countLoginAttempt, listAudit } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import {
  ADDRESS_THROTTLE,
  createApiToken,
  createUser,
  revokeTokens,
  setUserDisabledState,
  setUserRole,
} from '../services/accounts.service.js';
import { initStore, type Store } from '../services/store.js';
import { ROUTE_ACCESS } from './access.js';
import { createApp } from './app.js';
import type * as C from './contract/index.js';
import type { App } from './env.js';

const PASSWORD = 'Jiaxing-2024-secret';

/** The cookies a response sets: name → { value, attributes (lower case) }. */
function setCookies(res: Response): Map<string, { value: string; attrs: string[] }> {
  const out = new Map<string, { value: string; attrs: string[] }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const i = pair!.indexOf('=');
    out.set(pair!.slice(0, i), { value: pair!.slice(i + 1), attrs: attrs.map((a) => a.toLowerCase()) });
  }
  return out;
}

describeEachDatabase('accounts over HTTP', ({ db }) => {
  let store: Store;
  let app: App;
  /** A request from a given client address (the socket's, as @hono/node-server passes it). */
  const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
  const login = (
    username: string,
    password: string,
    o: { cookie?: string; ip?: string; url?: string } = {},
  ) =>
    app.request(
      o.url ?? '/api/auth/login',
      {
        method: 'POST',
        body: JSON.stringify({ username, password }),
        headers: { 'content-type': 'application/json', ...(o.cookie ? { cookie: o.cookie } : {}) },
      },
      from(o.ip ?? '192.0.2.1'),
    );
  const session = async (username = 'nanhu', password = PASSWORD) => {
    const res = await login(username, password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as C.LoginResponse;
    const sid = setCookies(res).get('mujun_session')!.value;
    return { sid, csrf: body.csrfToken, cookie: `mujun_session=${sid}; mujun_csrf=${body.csrfToken}` };
  };
  const me = (cookie: string) => app.request('/api/auth/me', { headers: { cookie } });

  beforeAll(async () => {
    store = await initStore(db());
    app = createApp(store);
    await createUser(
      store,
      { username: 'nanhu', role: 'county', division: '330402', password: PASSWORD },
      'test',
    );
    await createUser(store, { username: 'boss', role: 'analyst', password: PASSWORD }, 'test');
  });

  it('logs in with the right password: HttpOnly SameSite=Lax session cookie, a CSRF token, who I am', async () => {
    const res = await login('Nanhu', PASSWORD); // user names are case-insensitive
    expect(res.status).toBe(200);
    const body = (await res.json()) as C.LoginResponse;
    expect(body.user).toMatchObject({ username: 'nanhu', role: 'county', division: '330402', uscc: null });
    expect(body.user.roleLabel.zh).toBe('区县操作员');
    const cookies = setCookies(res);
    const s = cookies.get('mujun_session')!;
    expect(s.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(s.attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(s.attrs).not.toContain('secure'); // plain HTTP on 127.0.0.1
    const c = cookies.get('mujun_csrf')!;
    expect(c.value).toBe(body.csrfToken);
    expect(c.attrs).not.toContain('httponly'); // the page reads it
    const who = await me(`mujun_session=${s.value}`);
    expect(who.status).toBe(200);
    expect(((await who.json()) as C.MeResponse).user.username).toBe('nanhu');
    // the database keeps only the hash of the session id
    const rows = await db().query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    expect(rows.map((r) => r.id_hash)).not.toContain(s.value);
  });

  it('marks the cookies Secure over HTTPS', async () => {
    const res = await login('nanhu', PASSWORD, { url: 'https://mujun.example.gov.cn/api/auth/login' });
    expect(setCookies(res).get('mujun_session')!.attrs).toContain('secure');
    expect(setCookies(res).get('mujun_csrf')!.attrs).toContain('secure');
  });

  it('refuses a wrong password and an unknown user with the same message, and audits both', async () => {
    const a = await login('boss', 'not-the-password');
    const b = await login('nobody-here', 'not-the-password');
    expect([a.status, b.status]).toEqual([401, 401]);
    const ma = ((await a.json()) as C.ApiError).error.message;
    expect(ma).toBe(((await b.json()) as C.ApiError).error.message);
    expect(ma).toBe('用户名或密码不正确 / wrong user name or password');
    expect(setCookies(a).size).toBe(0);
    const audit = await listAudit(db(), { action: 'auth.login_failed' });
    expect(audit.map((e) => e.actor)).toEqual(expect.arrayContaining(['boss', 'nobody-here']));
    expect(JSON.stringify(audit)).not.toContain('not-the-password');
    // a good login resets the account's count
    expect((await login('boss', PASSWORD)).status).toBe(200);
  });

  it('gives a new session id at every login and ends the one the browser had (no session fixation)', async () => {
    const first = await session();
    // the browser comes back with its old cookie and logs in again (or somebody planted that cookie)
    const res = await login('nanhu', PASSWORD, { cookie: `mujun_session=${first.sid}` });
    const second = setCookies(res).get('mujun_session')!.value;
    expect(second).not.toBe(first.sid);
    expect((await me(`mujun_session=${first.sid}`)).status).toBe(401);
    expect((await me(`mujun_session=${second}`)).status).toBe(200);
    // an id the server never issued is not a session, and logging in with it does not adopt it
    const planted = 'A'.repeat(43);
    expect((await me(`mujun_session=${planted}`)).status).toBe(401);
    const res2 = await login('nanhu', PASSWORD, { cookie: `mujun_session=${planted}` });
    expect(setCookies(res2).get('mujun_session')!.value).not.toBe(planted);
  });

  it('requires the CSRF token on state-changing requests with a cookie session, not with an API token', async () => {
    const s = await session('boss');
    const post = (headers: Record<string, string>) =>
      app.request('/api/runs', {
        method: 'POST',
        body: JSON.stringify({ methodology: 'huangyan-2023', year: 2030 }),
        headers: { 'content-type': 'application/json', ...headers },
      });
    const none = await post({ cookie: s.cookie });
    expect(none.status).toBe(403);
    expect(((await none.json()) as C.ApiError).error.code).toBe('csrf');
    expect((await post({ cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    // the other session's token does not fit this one
    const other = await session('boss');
    expect((await post({ cookie: s.cookie, 'x-csrf-token': other.csrf })).status).toBe(403);
    // with its own token the request goes through to the route (404: no data for 2030)
    expect((await post({ cookie: s.cookie, 'x-csrf-token': s.csrf })).status).toBe(404);
    // GET needs no token
    expect((await app.request('/api/runs', { headers: { cookie: s.cookie } })).status).toBe(200);
    // scripts with a bearer token need none either
    const { token } = await createApiToken(store, 'boss', { name: 'script' }, 'test');
    expect((await post({ authorization: `Bearer ${token}` })).status).toBe(404);
    // logging out is a state change too
    expect(
      (await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: s.cookie } })).status,
    ).toBe(403);
    const out = await app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.status).toBe(204);
    expect(setCookies(out).get('mujun_session')!.attrs).toEqual(expect.arrayContaining(['max-age=0']));
    expect((await me(s.cookie)).status).toBe(401);
  });

  it('refuses state-changing requests from another site', async () => {
    const res = await app.request('http://127.0.0.1:3000/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'nanhu', password: PASSWORD }),
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', host: '127.0.0.1:3000' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as C.ApiError).error.code).toBe('cross_origin');
    const same = await app.request('http://127.0.0.1:3000/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'nanhu', password: PASSWORD }),
      headers: {
        'content-type': 'application/json',
        origin: 'http://127.0.0.1:3000',
        host: '127.0.0.1:3000',
      },
    });
    expect(same.status).toBe(200);
  });

  it('locks an account after 5 attempts, even for the right password, with a backoff that doubles', async () => {
    await createUser(store, { username: 'victim', role: 'leader', password: PASSWORD }, 'test');
    for (let k = 1; k <= 5; k++)
      expect((await login('victim', `guess-number-${k}`, { ip: `198.51.100.${k}` })).status).toBe(401);
    const locked = await login('victim', PASSWORD, { ip: '198.51.100.77' });
    expect(locked.status).toBe(429);
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(25);
    expect(retry).toBeLessThanOrEqual(30);
    const body = (await locked.json()) as C.ApiError;
    expect(body.error.message).toMatch(/请 \d+ 秒后再试.*try again in \d+ s/);
    expect(body.error.retryAfter).toBe(retry);
    // the lock ends (time passes): one more wrong guess locks it for twice as long
    await db().query(`UPDATE login_throttle SET locked_until = now() WHERE key = 'user:victim'`);
    expect((await login('victim', 'guess-number-6')).status).toBe(401);
    const again = await login('victim', PASSWORD);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // after that lock, the right password gets in and the count starts again
    await db().query(`UPDATE login_throttle SET locked_until = now() WHERE key = 'user:victim'`);
    expect((await login('victim', PASSWORD)).status).toBe(200);
    expect(await db().query(`SELECT * FROM login_throttle WHERE key = 'user:victim'`)).toEqual([]);
  });

  it('counts parallel guesses before checking them: no more than 5 are checked before the lock', async () => {
    await createUser(store, { username: 'parallel', role: 'leader', password: PASSWORD }, 'test');
    const answers = await Promise.all(
      Array.from({ length: 12 }, async (_, k) =>
        login('parallel', `guess-${k}-wrong`, { ip: `203.0.113.${k}` }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('locks an address after 30 attempts on any accounts', async () => {
    const ip = '192.0.2.200';
    // 29 earlier attempts from the address (counted the way a login counts them)
    for (let k = 0; k < 29; k++) await countLoginAttempt(db(), `ip:${ip}`, ADDRESS_THROTTLE);
    expect((await login(`someone-${Date.now()}`, 'whatever-wrong', { ip })).status).toBe(401); // the 30th
    const res = await login('boss', PASSWORD, { ip });
    expect(res.status).toBe(429);
    // other addresses are not affected
    expect((await login('boss', PASSWORD, { ip: '192.0.2.201' })).status).toBe(200);
  });

  it('serves scripts with API tokens until revoked; a bad token is a 401, never a fallback to nobody', async () => {
    const { token } = await createApiToken(store, 'nanhu', { name: 'report' }, 'test');
    expect(token).toMatch(/^mj_[A-Za-z0-9_-]{43}$/);
    const get = (auth: string) => app.request('/api/auth/me', { headers: { authorization: auth } });
    expect((await get(`Bearer ${token}`)).status).toBe(200);
    expect((await get(`Bearer ${token}x`)).status).toBe(401);
    expect((await get('Basic bmFuaHU6cGFzcw==')).status).toBe(401);
    const rows = await db().query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    await revokeTokens(store, 'nanhu', 'test');
    expect((await get(`Bearer ${token}`)).status).toBe(401);
  });

  it('ends the sessions of a disabled account and of an account whose role changes', async () => {
    await createUser(store, { username: 'temp', role: 'leader', password: PASSWORD }, 'test');
    const s = await session('temp');
    const { token } = await createApiToken(store, 'temp', {}, 'test');
    await setUserRole(store, 'temp', { role: 'county', division: '330411' }, 'boss');
    expect((await me(s.cookie)).status).toBe(401);
    const s2 = await session('temp');
    expect(((await (await me(s2.cookie)).json()) as C.MeResponse).user).toMatchObject({
      role: 'county',
      division: '330411',
    });
    await setUserDisabledState(store, 'temp', true, 'boss');
    expect((await me(s2.cookie)).status).toBe(401);
    expect(
      (await app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    const res = await login('temp', PASSWORD);
    expect(res.status).toBe(403);
    expect(((await res.json()) as C.ApiError).error.message).toContain('disabled');
    const audit = await listAudit(db(), { subject: undefined, limit: 1000 });
    const actions = audit.filter((e) => JSON.stringify(e.after ?? {}).includes('temp')).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'user.role', 'user.disable', 'token.create']),
    );
    const role = audit.find((e) => e.action === 'user.role' && e.actor === 'boss')!;
    expect(role.before).toMatchObject({ role: 'leader', division: null });
    expect(role.after).toMatchObject({ role: 'county', division: '330411' });
  });

  it('throttles and audits wrong current passwords when changing one’s password, like logins (issue 11 item 7)', async () => {
    await createUser(store, { username: 'stolen', role: 'leader', password: PASSWORD }, 'test');
    const s = await session('stolen');
    const change = (current: string, ip = '192.0.2.77') =>
      app.request(
        '/api/auth/password',
        {
          method: 'POST',
          body: JSON.stringify({ current, password: 'a brand new password 2025' }),
          headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
        },
        from(ip),
      );
    // five guesses are checked (and refused), each from another address: the account's count
    for (let k = 1; k <= 5; k++) {
      const res = await change(`guess-number-${k}`, `198.51.100.${100 + k}`);
      expect(res.status, `guess ${k}`).toBe(403);
      expect(((await res.json()) as C.ApiError).error.message).toBe(
        '当前密码不正确 / the current password is wrong',
      );
    }
    // the sixth is not checked at all, even with the right password; logging in is locked as well
    const locked = await change(PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await locked.json()) as C.ApiError;
    expect(body.error.message).toMatch(/请 \d+ 秒后再试.*try again in \d+ s/);
    expect(body.error.retryAfter).toBe(Number(locked.headers.get('retry-after')));
    expect((await login('stolen', PASSWORD)).status).toBe(429);
    // the password did not change; each wrong guess is in the audit log, without the guess
    const audit = await listAudit(db(), { action: 'auth.password_failed', actor: 'stolen' });
    expect(audit).toHaveLength(5);
    expect(audit.map((e) => (e.after as { ip: string }).ip).sort()).toEqual(
      [1, 2, 3, 4, 5].map((k) => `198.51.100.${100 + k}`),
    );
    expect(JSON.stringify(audit)).not.toContain('guess-number');
    // after the lock, the right current password changes it and the count starts again
    await db().query(`UPDATE login_throttle SET locked_until = now() WHERE key = 'user:stolen'`);
    expect((await change(PASSWORD)).status).toBe(204);
    expect(await db().query(`SELECT * FROM login_throttle WHERE key = 'user:stolen'`)).toEqual([]);
    expect((await login('stolen', 'a brand new password 2025')).status).toBe(200);
  });

  it('revokes a user’s API tokens when its role, county or password changes; enabling it again revives none (issue 11 item 8)', async () => {
    const boss = await session('boss');
    const write = (method: string, url: string, body?: unknown) =>
      app.request(url, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headers: { 'content-type': 'application/json', cookie: boss.cookie, 'x-csrf-token': boss.csrf },
      });
    const asToken = (token: string, url = '/api/auth/me') =>
      app.request(url, { headers: { authorization: `Bearer ${token}` } });
    await createUser(
      store,
      { username: 'mover', role: 'county', division: '330402', password: PASSWORD },
      'test',
    );
    const token = async (name: string) => (await createApiToken(store, 'mover', { name }, 'test')).token;

    // moved to 海宁市: the 南湖区 token reads nothing, of either county
    const t1 = await token('nanhu-report');
    expect((await asToken(t1)).status).toBe(200);
    expect((await write('PATCH', '/api/users/mover', { role: 'county', division: '330481' })).status).toBe(
      200,
    );
    expect((await asToken(t1)).status).toBe(401);
    expect((await asToken(t1, '/api/runs')).status).toBe(401);
    // the same role and county again is no change: the token made since keeps working
    const t2 = await token('haining-report');
    expect((await write('PATCH', '/api/users/mover', { role: 'county', division: '330481' })).status).toBe(
      200,
    );
    expect((await asToken(t2)).status).toBe(200);
    // a password reset by an analyst
    expect((await write('PATCH', '/api/users/mover', { password: 'reset by the bureau 2025' })).status).toBe(
      200,
    );
    expect((await asToken(t2)).status).toBe(401);
    // the user's own password change
    const t3 = await token('own-change');
    const own = await session('mover', 'reset by the bureau 2025');
    const changed = await app.request('/api/auth/password', {
      method: 'POST',
      body: JSON.stringify({ current: 'reset by the bureau 2025', password: PASSWORD }),
      headers: { 'content-type': 'application/json', cookie: own.cookie, 'x-csrf-token': own.csrf },
    });
    expect(changed.status).toBe(204);
    expect((await asToken(t3)).status).toBe(401);
    // disabled, then enabled again: the token stays dead
    const t4 = await token('before-disable');
    expect((await write('PATCH', '/api/users/mover', { disabled: true })).status).toBe(200);
    expect((await asToken(t4)).status).toBe(401);
    expect((await write('PATCH', '/api/users/mover', { disabled: false })).status).toBe(200);
    expect((await asToken(t4)).status).toBe(401);

    // analysts list the tokens (never the token, never its hash) and revoke one
    const t5 = await token('kept');
    const list = await app.request('/api/tokens?user=mover', { headers: { cookie: boss.cookie } });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const text = await list.text();
    for (const t of [t1, t2, t3, t4, t5]) expect(text).not.toContain(t);
    expect(text).not.toMatch(/hash/i);
    const items = (JSON.parse(text) as C.TokenList).items;
    expect(items.map((t) => [t.name, t.username, t.state])).toEqual([
      ['kept', 'mover', 'active'],
      ['before-disable', 'mover', 'revoked'],
      ['own-change', 'mover', 'revoked'],
      ['haining-report', 'mover', 'revoked'],
      ['nanhu-report', 'mover', 'revoked'],
    ]);
    await createApiToken(store, 'boss', { name: 'another account’s' }, 'test');
    const all = (await (
      await app.request('/api/tokens', { headers: { cookie: boss.cookie } })
    ).json()) as C.TokenList;
    expect(all.items.length).toBeGreaterThan(items.length);
    const kept = items[0]!;
    const revoked = await write('DELETE', `/api/tokens/${kept.id}`);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as C.TokenRevokeResponse).token).toMatchObject({
      id: kept.id,
      state: 'revoked',
    });
    expect((await asToken(t5)).status).toBe(401);
    const again = await write('DELETE', `/api/tokens/${kept.id}`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as C.ApiError).error.message).toMatch(/已于.*撤销.*was revoked/);
    expect((await write('DELETE', '/api/tokens/999999')).status).toBe(404);
    expect((await write('DELETE', '/api/tokens/0x1')).status).toBe(400);
    // every revocation is audited, by whom and which
    const audit = await listAudit(db(), { actor: 'boss', action: 'token.revoke' });
    expect(audit[0]!.after).toMatchObject({ username: 'mover', tokenId: kept.id, name: 'kept' });
    const role = (await listAudit(db(), { actor: 'boss', action: 'user.role' }))[1]!;
    expect(role.after).toMatchObject({ division: '330481', tokensRevoked: 1 });
  });

  it('answers the login, who I am and every API answer with Cache-Control: no-store and nosniff (issue 11 item 12)', async () => {
    const res = await login('nanhu', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const failed = await login('nanhu', 'wrong password here');
    expect(failed.headers.get('cache-control')).toBe('no-store');
    const s = await session();
    const who = await me(s.cookie);
    expect(who.headers.get('cache-control')).toBe('no-store');
    expect(((await who.json()) as C.MeResponse).csrfToken).toBe(s.csrf);
    for (const url of ['/api/health', '/api/nothing-here', '/api/runs'])
      expect((await app.request(url)).headers.get('cache-control'), url).toBe('no-store');
  });

  it('clears the cookies of an ended session, so that the page asks nothing more of it (issue 11 item 17)', async () => {
    const s = await session();
    expect((await me(s.cookie)).status).toBe(200);
    await app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    // the browser still sends the cookies (another tab): refused, and told to drop both
    const res = await me(s.cookie);
    expect(res.status).toBe(401);
    const cleared = setCookies(res);
    for (const name of ['mujun_session', 'mujun_csrf'])
      expect(cleared.get(name)?.attrs, name).toEqual(expect.arrayContaining(['max-age=0']));
    // no cookie at all: nothing to clear
    expect(setCookies(await app.request('/api/auth/me')).size).toBe(0);
  });

  it('refuses every API route that is not in the access table (deny by default)', async () => {
    const extra = createApp(store);
    extra.get('/api/not-in-the-table', (c) => c.json({ secret: true }));
    const { token } = await createApiToken(store, 'boss', {}, 'test');
    const res = await extra.request('/api/not-in-the-table', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secret');
    // and every registered route is in the table, and every entry is a route
    const routes = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...routes].filter((r) => !(r in ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((r) => !routes.has(r))).toEqual([]);
  });

  it('answers 401 to nobody on a non-public route, and the health check to anybody', async () => {
    expect((await app.request('/api/runs')).status).toBe(401);
    expect(((await (await app.request('/api/runs')).json()) as C.ApiError).error.code).toBe(
      'unauthenticated',
    );
    expect((await app.request('/api/health')).status).toBe(200);
  });
});
