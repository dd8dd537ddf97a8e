/**
 * Accounts as use cases (ADR 0011): users and their roles, passwords, logging in and out with a
 * throttle, browser sessions and API tokens, and who a session or a token acts as. Every change is
 * audited with its actor; no secret (password, hash, session id, token) is ever written to the audit log.
 *
 * A session id and an API token are 256 random bits; the database keeps their SHA-256 only. The
 * principal of a session or token is cached in memory for a minute (requests, including job polls,
 * would otherwise wait for a long transaction on the embedded database); every change made through
 * this module empties the cache at once, changes made by another process apply within the minute.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  appendAudit,
  clearLoginAttempts,
  countLoginAttempt,
  countUsers,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findApiToken,
  findSession,
  getApiToken,
  getLogin,
  getUserByName,
  insertApiToken,
  insertSession,
  insertUser,
  listAllApiTokens,
  listApiTokens,
  listUsers,
  refundLoginAttempt,
  revokeApiToken,
  revokeApiTokens,
  setPasswordHash,
  setUserDisabled,
  touchApiToken,
  touchSession,
  updateUserRole,
  type ApiToken,
  type ApiTokenOfUser,
  type Sql,
  type ThrottleRule,
  type User,
} from '../db/index.js';
import { isRole, ROLE_LABELS, type Principal, type Role } from '../domain/access.js';
import { isValidUscc, normaliseUscc } from '../domain/uscc.js';
import { loadDivisions } from '../reference/reference-data.js';
import { ServiceError } from './errors.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.js';
import type { Store } from './store.js';

/** A session lasts a working day at most, and ends after two idle hours. */
export const SESSION_SECONDS = 12 * 3600;
export const SESSION_IDLE_SECONDS = 2 * 3600;

/** Per account: 5 attempts, then one per 30 s, 60 s, 120 s … at most one per 15 minutes. */
export const ACCOUNT_THROTTLE: ThrottleRule = {
  free: 5,
  baseSeconds: 30,
  maxSeconds: 900,
  windowSeconds: 3600,
};
/** Per address (an office behind one address has many users): 30 failed attempts, then the same. */
export const ADDRESS_THROTTLE: ThrottleRule = {
  free: 30,
  baseSeconds: 30,
  maxSeconds: 900,
  windowSeconds: 3600,
};

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');

/** The principal of a stored user. */
export const principalOf = (u: User): Principal => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  division: u.division,
  uscc: u.uscc,
});

// ---- users ---------------------------------------------------------------------------------------------

/** A user name as stored: NFKC, trimmed, lower case. */
export const normaliseUsername = (raw: string): string => raw.normalize('NFKC').trim().toLowerCase();

function checkUsername(raw: string): string {
  const u = normaliseUsername(raw);
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(u))
    throw new ServiceError(
      '用户名应为 2–63 个小写字母、数字或 . _ -，以字母或数字开头 / a user name is 2–63 lower-case letters, digits or . _ -, starting with a letter or digit',
    );
  return u;
}

/** The role with the county or USCC it needs, checked. */
function checkRole(
  role: unknown,
  division: string | null | undefined,
  uscc: string | null | undefined,
): { role: Role; division: string | null; uscc: string | null } {
  if (!isRole(role))
    throw new ServiceError(
      `角色应为 analyst（市经信局分析员）、county（区县操作员）、enterprise（企业）或 leader（领导），而不是“${String(role)}” / role must be analyst, county, enterprise or leader, not "${String(role)}"`,
    );
  if (role === 'county') {
    const d = (division ?? '').trim();
    const known = loadDivisions().get(d);
    if (!known || known.level !== 'county')
      throw new ServiceError(
        `区县操作员须指定所属区县（6 位区县级区划代码），“${d}”不是 / a county operator needs its county (a 6-digit county-level division code); "${d}" is not one`,
      );
    return { role, division: d, uscc: null };
  }
  if (role === 'enterprise') {
    const u = normaliseUscc(uscc ?? '');
    if (!isValidUscc(u))
      throw new ServiceError(
        `企业账号须指定有效的统一社会信用代码，“${uscc ?? ''}”无效 / an enterprise account needs a valid USCC; "${uscc ?? ''}" is not one`,
      );
    return { role, division: null, uscc: u };
  }
  if (division || uscc)
    throw new ServiceError(
      `${ROLE_LABELS[role].zh}账号不限定区县或企业 / a ${ROLE_LABELS[role].en} account has no county or USCC`,
    );
  return { role, division: null, uscc: null };
}

export interface NewUserInput {
  username: string;
  displayName?: string | null;
  role: string;
  division?: string | null;
  uscc?: string | null;
  /** Absent or null: the account logs in with API tokens only. */
  password?: string | null;
}

/** What the audit log keeps of a user (never a password or its hash). */
const auditView = (u: User) => ({
  username: u.username,
  role: u.role,
  division: u.division,
  uscc: u.uscc,
  disabled: u.disabledAt !== null,
});

/** Creates a user; `by` is the actor. A taken name is a conflict. */
export async function createUser(store: Store, input: NewUserInput, by: string): Promise<User> {
  const username = checkUsername(input.username);
  const r = checkRole(input.role, input.division, input.uscc);
  const displayName = input.displayName?.normalize('NFKC').trim().slice(0, 100) || null;
  let passwordHash: string | null = null;
  if (input.password !== undefined && input.password !== null) {
    const bad = passwordProblem(input.password, username);
    if (bad) throw new ServiceError(bad);
    passwordHash = await hashPassword(input.password);
  }
  const user = await store.db.transaction(async (tx) => {
    const u = await insertUser(tx, { username, displayName, ...r, passwordHash, createdBy: by });
    if (!u) return null;
    await appendAudit(tx, { actor: by, action: 'user.create', subject: `user:${u.id}`, after: auditView(u) });
    return u;
  });
  if (!user)
    throw new ServiceError(`用户名“${username}”已被使用 / user name "${username}" is taken`, 'conflict');
  return user;
}

/** The first analyst of a fresh installation; refused once an analyst exists. */
export async function createAdmin(
  store: Store,
  input: { username: string; password: string; displayName?: string | null },
  by: string,
): Promise<User> {
  if ((await countUsers(store.db, 'analyst')) > 0)
    throw new ServiceError(
      '已有市经信局分析员账号：请用 mujun users add 添加账号 / an analyst account exists already: add accounts with mujun users add',
      'conflict',
    );
  return createUser(store, { ...input, role: 'analyst' }, by);
}

export async function usersList(store: Store): Promise<User[]> {
  return listUsers(store.db);
}

async function mustUser(sql: Sql, username: string): Promise<User> {
  const u = await getUserByName(sql, normaliseUsername(username));
  if (!u) throw new ServiceError(`没有用户“${username}” / no user "${username}"`, 'not_found');
  return u;
}

/**
 * Changes a user's role (and county or USCC); ends the user's sessions and, when the role, county or
 * USCC changes, revokes the user's API tokens (a token made for one county must not read another);
 * audited with before and after.
 */
export async function setUserRole(
  store: Store,
  username: string,
  input: { role: string; division?: string | null; uscc?: string | null },
  by: string,
): Promise<User> {
  const r = checkRole(input.role, input.division, input.uscc);
  const out = await store.db.transaction(async (tx) => {
    const before = await mustUser(tx, username);
    const after = await updateUserRole(tx, before.id, r);
    if (!after) throw new ServiceError(`没有用户“${username}” / no user "${username}"`, 'not_found');
    await deleteUserSessions(tx, before.id);
    const changed =
      before.role !== after.role || before.division !== after.division || before.uscc !== after.uscc;
    const tokensRevoked = changed ? await revokeApiTokens(tx, before.id) : 0;
    await appendAudit(tx, {
      actor: by,
      action: 'user.role',
      subject: `user:${before.id}`,
      before: auditView(before),
      after: { ...auditView(after), tokensRevoked },
    });
    return after;
  });
  forget(store);
  return out;
}

/**
 * Disables a user — ending its sessions and revoking its API tokens, so that enabling it again revives
 * none of them — or enables it; audited.
 */
export async function setUserDisabledState(
  store: Store,
  username: string,
  disabled: boolean,
  by: string,
): Promise<User> {
  const out = await store.db.transaction(async (tx) => {
    const before = await mustUser(tx, username);
    const after = (await setUserDisabled(tx, before.id, disabled))!;
    let tokensRevoked = 0;
    if (disabled) {
      await deleteUserSessions(tx, before.id);
      tokensRevoked = await revokeApiTokens(tx, before.id);
    }
    await appendAudit(tx, {
      actor: by,
      action: disabled ? 'user.disable' : 'user.enable',
      subject: `user:${before.id}`,
      before: auditView(before),
      after: { ...auditView(after), ...(disabled ? { tokensRevoked } : {}) },
    });
    return after;
  });
  forget(store);
  return out;
}

/**
 * Sets a user's password (null: no password login): a reset by an analyst or the user's own change. Ends
 * the user's sessions and revokes its API tokens (whoever knew the old password may have made one);
 * audited without the password.
 */
export async function setUserPassword(
  store: Store,
  username: string,
  password: string | null,
  by: string,
): Promise<User> {
  const u = await mustUser(store.db, username);
  let hash: string | null = null;
  if (password !== null) {
    const bad = passwordProblem(password, u.username);
    if (bad) throw new ServiceError(bad);
    hash = await hashPassword(password);
  }
  await store.db.transaction(async (tx) => {
    await setPasswordHash(tx, u.id, hash);
    await deleteUserSessions(tx, u.id);
    const tokensRevoked = await revokeApiTokens(tx, u.id);
    await appendAudit(tx, {
      actor: by,
      action: 'user.password',
      subject: `user:${u.id}`,
      after: { username: u.username, password: hash ? 'set' : 'removed', tokensRevoked },
    });
  });
  forget(store);
  return { ...u, hasPassword: hash !== null };
}

/**
 * A user changes their own password, giving the current one. The current password is a password guess
 * like a login's: counted against the same throttle (the account's and the address's) before it is
 * checked, a wrong one audited (`auth.password_failed`), so that a stolen session cannot guess around
 * the login throttle.
 */
export async function changeOwnPassword(
  store: Store,
  principal: Principal,
  current: string,
  next: string,
  o: { ip?: string | null } = {},
): Promise<void> {
  const ip = o.ip ?? null;
  const userKey = `user:${principal.username}`;
  const ipKey = ip ? `ip:${ip}` : null;
  const a = await countLoginAttempt(store.db, userKey, ACCOUNT_THROTTLE);
  if ('lockedSeconds' in a) throw throttled(a.lockedSeconds);
  if (ipKey) {
    const b = await countLoginAttempt(store.db, ipKey, ADDRESS_THROTTLE);
    if ('lockedSeconds' in b) throw throttled(b.lockedSeconds);
  }
  const login = await getLogin(store.db, principal.username);
  const ok =
    current.length <= 1000 && (await verifyPassword(current, login?.passwordHash ?? (await dummyHash())));
  if (!login?.passwordHash || !ok) {
    await appendAudit(store.db, {
      actor: principal.username,
      action: 'auth.password_failed',
      subject: `user:${principal.id}`,
      after: { reason: login?.passwordHash ? 'password' : 'no_password', ip, attempt: a.attempt },
    });
    throw new ServiceError('当前密码不正确 / the current password is wrong', 'forbidden');
  }
  await clearLoginAttempts(store.db, userKey);
  if (ipKey) await refundLoginAttempt(store.db, ipKey);
  await setUserPassword(store, principal.username, next, principal.username);
}

// ---- API tokens ----------------------------------------------------------------------------------------

/** Creates an API token for a user; the token is shown once (only its hash is kept). */
export async function createApiToken(
  store: Store,
  username: string,
  o: { name?: string; days?: number | null },
  by: string,
): Promise<{ token: string; record: ApiToken; user: User }> {
  const user = await mustUser(store.db, username);
  if (user.disabledAt)
    throw new ServiceError(`用户“${username}”已停用 / user "${username}" is disabled`, 'conflict');
  const days = o.days ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
    throw new ServiceError('有效期应为 1–3650 天 / validity must be 1 to 3650 days');
  const name = (o.name ?? 'api').normalize('NFKC').trim().slice(0, 100) || 'api';
  const token = `mj_${secret()}`;
  const record = await store.db.transaction(async (tx) => {
    const t = await insertApiToken(tx, {
      userId: user.id,
      name,
      tokenHash: sha256(token),
      createdBy: by,
      days,
    });
    await appendAudit(tx, {
      actor: by,
      action: 'token.create',
      subject: `user:${user.id}`,
      after: { username: user.username, tokenId: t.id, name, expiresAt: t.expiresAt },
    });
    return t;
  });
  return { token, record, user };
}

export async function tokensOf(store: Store, username: string): Promise<ApiToken[]> {
  return listApiTokens(store.db, (await mustUser(store.db, username)).id);
}

export type TokenState = 'active' | 'expired' | 'revoked' | 'user_disabled';

/** A token as the analysts' list shows it (never the token itself: only its hash is kept). */
export interface TokenListItem extends ApiTokenOfUser {
  state: TokenState;
}

/** Every API token (of one user when given), newest first, with its user and whether it still works. */
export async function tokensList(store: Store, o: { username?: string } = {}): Promise<TokenListItem[]> {
  const user = o.username !== undefined ? await mustUser(store.db, o.username) : null;
  const disabled = new Set((await listUsers(store.db)).filter((u) => u.disabledAt).map((u) => u.id));
  const now = Date.now();
  return (await listAllApiTokens(store.db, user ? { userId: user.id } : {})).map((t) => ({
    ...t,
    state: t.revokedAt
      ? 'revoked'
      : t.expiresAt && Date.parse(t.expiresAt) <= now
        ? 'expired'
        : disabled.has(t.userId)
          ? 'user_disabled'
          : 'active',
  }));
}

/** Revokes one token by its id; audited. Unknown is a 404, revoked already a 409. */
export async function revokeToken(store: Store, id: number, by: string): Promise<ApiTokenOfUser> {
  const out = await store.db.transaction(async (tx) => {
    const t = await revokeApiToken(tx, id);
    if (!t) return null;
    const withUser = (await getApiToken(tx, id))!;
    await appendAudit(tx, {
      actor: by,
      action: 'token.revoke',
      subject: `user:${t.userId}`,
      after: { username: withUser.username, tokenId: t.id, name: t.name, revoked: 1 },
    });
    return withUser;
  });
  forget(store);
  if (out) return out;
  const t = await getApiToken(store.db, id);
  if (!t) throw new ServiceError(`没有 API 令牌 #${id} / no API token #${id}`, 'not_found');
  throw new ServiceError(
    `API 令牌 #${id}（${t.username}）已于 ${t.revokedAt} 撤销 / API token #${id} (${t.username}) was revoked at ${t.revokedAt}`,
    'conflict',
  );
}

/** Revokes every token of a user; audited. */
export async function revokeTokens(store: Store, username: string, by: string): Promise<number> {
  const user = await mustUser(store.db, username);
  const n = await store.db.transaction(async (tx) => {
    const k = await revokeApiTokens(tx, user.id);
    await appendAudit(tx, {
      actor: by,
      action: 'token.revoke',
      subject: `user:${user.id}`,
      after: { username: user.username, revoked: k },
    });
    return k;
  });
  forget(store);
  return n;
}

// ---- logging in ----------------------------------------------------------------------------------------

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The session id the browser already had, if any: it is ended (never reused: no session fixation). */
  previousSessionId?: string | null;
}

export interface LoginResult {
  principal: Principal;
  /** The new session id (for the cookie) and its CSRF token. */
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
}

const WRONG = '用户名或密码不正确 / wrong user name or password';

const throttled = (seconds: number) =>
  new ServiceError(
    `登录尝试过多，请 ${seconds} 秒后再试 / too many login attempts: try again in ${seconds} s`,
    'too_many_requests',
    seconds,
  );

/**
 * Logs in: the attempt is counted per account and per address before the password is checked (a locked
 * key answers 429 without checking anything), the password is compared in constant time (an unknown
 * account is checked against a dummy hash, in the same time), and a fresh session is created while
 * the browser's previous one, if any, is ended.
 */
export async function login(store: Store, input: LoginInput): Promise<LoginResult> {
  const username = normaliseUsername(input.username).slice(0, 64);
  if (!username || !input.password)
    throw new ServiceError('请输入用户名和密码 / enter a user name and a password');
  if (input.password.length > 1000) throw new ServiceError(WRONG, 'unauthenticated');
  const userKey = `user:${username}`;
  const ipKey = input.ip ? `ip:${input.ip}` : null;
  const a = await countLoginAttempt(store.db, userKey, ACCOUNT_THROTTLE);
  if ('lockedSeconds' in a) throw throttled(a.lockedSeconds);
  if (ipKey) {
    const b = await countLoginAttempt(store.db, ipKey, ADDRESS_THROTTLE);
    if ('lockedSeconds' in b) throw throttled(b.lockedSeconds);
  }
  const found = await getLogin(store.db, username);
  const ok = await verifyPassword(input.password, found?.passwordHash ?? (await dummyHash()));
  const fail = async (reason: string, e: ServiceError): Promise<never> => {
    await appendAudit(store.db, {
      actor: username,
      action: 'auth.login_failed',
      subject: found ? `user:${found.user.id}` : null,
      after: { reason, ip: input.ip, attempt: a.attempt },
    });
    throw e;
  };
  if (!found || !found.passwordHash || !ok)
    return fail(found ? 'password' : 'unknown_user', new ServiceError(WRONG, 'unauthenticated'));
  if (found.user.disabledAt)
    return fail('disabled', new ServiceError('账号已停用 / this account is disabled', 'forbidden'));
  await clearLoginAttempts(store.db, userKey);
  if (ipKey) await refundLoginAttempt(store.db, ipKey);
  const sessionId = secret();
  const csrfToken = secret();
  const { expiresAt } = await store.db.transaction(async (tx) => {
    if (input.previousSessionId) await deleteSession(tx, sha256(input.previousSessionId));
    await deleteExpiredSessions(tx);
    const s = await insertSession(tx, {
      idHash: sha256(sessionId),
      userId: found.user.id,
      csrfToken,
      lifetimeSeconds: SESSION_SECONDS,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await appendAudit(tx, {
      actor: found.user.username,
      action: 'auth.login',
      subject: `user:${found.user.id}`,
      after: { ip: input.ip, role: found.user.role, expiresAt: s.expiresAt },
    });
    return s;
  });
  if (input.previousSessionId) cacheOf(store).delete(`s:${sha256(input.previousSessionId)}`);
  return { principal: principalOf(found.user), sessionId, csrfToken, expiresAt };
}

/** Ends a session (logging out); audited when it existed. */
export async function logout(store: Store, sessionId: string, principal: Principal | null): Promise<void> {
  const h = sha256(sessionId);
  cacheOf(store).delete(`s:${h}`);
  await store.db.transaction(async (tx) => {
    const ended = await deleteSession(tx, h);
    if (ended && principal)
      await appendAudit(tx, {
        actor: principal.username,
        action: 'auth.logout',
        subject: `user:${principal.id}`,
      });
  });
  // again once it is gone, and no lookup that began before may bring it back
  cacheOf(store).delete(`s:${h}`);
  generations.set(store, generationOf(store) + 1);
}

// ---- who a request acts as -----------------------------------------------------------------------------

interface Cached {
  principal: Principal;
  csrfToken: string | null;
  /** Date.now() when read from the database. */
  at: number;
  /** For tokens: the id, to record its use. */
  tokenId?: number;
}

/** How long a principal is trusted from memory before it is read again. */
export const PRINCIPAL_CACHE_MS = 60_000;

const caches = new WeakMap<Store, Map<string, Cached>>();
const cacheOf = (store: Store): Map<string, Cached> => {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map<string, Cached>()));
  return c;
};

/** Raised by every `forget`: a lookup that began before it must not put its answer in the cache. */
const generations = new WeakMap<Store, number>();
const generationOf = (store: Store): number => generations.get(store) ?? 0;

/** Empties the principal cache (after a change of users, sessions or tokens). */
export function forget(store: Store): void {
  cacheOf(store).clear();
  generations.set(store, generationOf(store) + 1);
}

/**
 * Remembers a principal read from the database in generation `gen`, unless the cache was emptied since:
 * a request whose lookup ran while a session was being ended would otherwise bring it back for a minute.
 */
function remember(store: Store, key: string, v: Cached, gen: number): void {
  if (gen !== generationOf(store)) return;
  const c = cacheOf(store);
  c.set(key, v);
  if (c.size > 10_000) c.delete(c.keys().next().value!);
}

/** The principal and CSRF token of a live session, or null. */
export async function sessionPrincipal(
  store: Store,
  sessionId: string,
): Promise<{ principal: Principal; csrfToken: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const h = sha256(sessionId);
  const key = `s:${h}`;
  const hit = cacheOf(store).get(key);
  if (hit && Date.now() - hit.at < PRINCIPAL_CACHE_MS)
    return { principal: hit.principal, csrfToken: hit.csrfToken! };
  const gen = generationOf(store);
  const s = await findSession(store.db, h, SESSION_IDLE_SECONDS);
  if (!s) {
    cacheOf(store).delete(key);
    return null;
  }
  await touchSession(store.db, h);
  const principal = principalOf(s.user);
  remember(store, key, { principal, csrfToken: s.csrfToken, at: Date.now() }, gen);
  return { principal, csrfToken: s.csrfToken };
}

/** The principal of a live API token, or null. */
export async function tokenPrincipal(store: Store, token: string): Promise<Principal | null> {
  if (!/^mj_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const h = sha256(token);
  const key = `t:${h}`;
  const hit = cacheOf(store).get(key);
  if (hit && Date.now() - hit.at < PRINCIPAL_CACHE_MS) return hit.principal;
  const gen = generationOf(store);
  const t = await findApiToken(store.db, h);
  if (!t) {
    cacheOf(store).delete(key);
    return null;
  }
  await touchApiToken(store.db, t.tokenId);
  const principal = principalOf(t.user);
  remember(store, key, { principal, csrfToken: null, at: Date.now(), tokenId: t.tokenId }, gen);
  return principal;
}
