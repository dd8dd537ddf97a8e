/**
 * Accounts (ADR 0011): users, browser sessions, API tokens and the login throttle. Secrets are never
 * stored: a session id and an API token are looked up by their SHA-256, a password is an scrypt hash
 * that only services/password.ts reads.
 */
import type { Role } from '../domain/access.js';
import type { Sql } from './database.js';

export interface User {
  readonly id: number;
  readonly username: string;
  readonly displayName: string | null;
  readonly role: Role;
  readonly division: string | null;
  readonly uscc: string | null;
  /** ISO 8601, or null when active. */
  readonly disabledAt: string | null;
  readonly hasPassword: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  division: string | null;
  uscc: string | null;
  disabled_at: string | null;
  has_password: boolean;
  created_by: string;
  created_at: string;
}

/** The user columns, of the table aliased `a` when given. */
const userColumns = (a = ''): string => {
  const p = a ? `${a}.` : '';
  return `${p}id, ${p}username, ${p}display_name, ${p}role, ${p}division, ${p}uscc, ${p}disabled_at, ${p}password_hash IS NOT NULL AS has_password, ${p}created_by, ${p}created_at`;
};
const USER_COLUMNS = userColumns();

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  division: r.division,
  uscc: r.uscc,
  disabledAt: r.disabled_at,
  hasPassword: r.has_password,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export interface NewUser {
  readonly username: string;
  readonly displayName?: string | null;
  readonly role: Role;
  readonly division?: string | null;
  readonly uscc?: string | null;
  readonly passwordHash?: string | null;
  readonly createdBy: string;
}

/** Stores a user; null when the name is taken. */
export async function insertUser(sql: Sql, u: NewUser): Promise<User | null> {
  const rows = await sql.query<UserRow>(
    `INSERT INTO users (username, display_name, role, division, uscc, password_hash, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [
      u.username,
      u.displayName ?? null,
      u.role,
      u.division ?? null,
      u.uscc ?? null,
      u.passwordHash ?? null,
      u.createdBy,
    ],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function getUser(sql: Sql, id: number): Promise<User | null> {
  const rows = await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function getUserByName(sql: Sql, username: string): Promise<User | null> {
  const rows = await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** A user with the stored password hash, for logging in. */
export async function getLogin(
  sql: Sql,
  username: string,
): Promise<{ user: User; passwordHash: string | null } | null> {
  const rows = await sql.query<UserRow & { password_hash: string | null }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE username = $1`,
    [username],
  );
  const r = rows[0];
  return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
}

export async function listUsers(sql: Sql): Promise<User[]> {
  const rows = await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`);
  return rows.map(toUser);
}

export async function countUsers(sql: Sql, role?: Role): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    'SELECT count(*)::int4 AS n FROM users WHERE ($1::text IS NULL OR role = $1)',
    [role ?? null],
  );
  return rows[0]?.n ?? 0;
}

/** Changes a user's role and the county or USCC that goes with it; returns the user as it is now. */
export async function updateUserRole(
  sql: Sql,
  id: number,
  r: { role: Role; division: string | null; uscc: string | null },
): Promise<User | null> {
  const rows = await sql.query<UserRow>(
    `UPDATE users SET role = $2, division = $3, uscc = $4 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, r.role, r.division, r.uscc],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** Disables (now) or enables a user. */
export async function setUserDisabled(sql: Sql, id: number, disabled: boolean): Promise<User | null> {
  const rows = await sql.query<UserRow>(
    `UPDATE users SET disabled_at = CASE WHEN $2::boolean THEN coalesce(disabled_at, now()) END
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, disabled],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function setPasswordHash(sql: Sql, id: number, hash: string | null): Promise<boolean> {
  const rows = await sql.query<{ id: number }>(
    'UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id',
    [id, hash],
  );
  return rows.length > 0;
}

// ---- sessions -------------------------------------------------------------------------------------------

export interface NewSession {
  readonly idHash: string;
  readonly userId: number;
  readonly csrfToken: string;
  /** Seconds from now. */
  readonly lifetimeSeconds: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export async function insertSession(sql: Sql, s: NewSession): Promise<{ expiresAt: string }> {
  const rows = await sql.query<{ expires_at: string }>(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8), $5, $6) RETURNING expires_at`,
    [s.idHash, s.userId, s.csrfToken, s.lifetimeSeconds, s.ip, s.userAgent],
  );
  return { expiresAt: rows[0]!.expires_at };
}

/** The live session with this id hash and its active user, or null (expired, idle, disabled, unknown). */
export async function findSession(
  sql: Sql,
  idHash: string,
  idleSeconds: number,
): Promise<{ user: User; csrfToken: string; expiresAt: string } | null> {
  const rows = await sql.query<UserRow & { csrf_token: string; expires_at: string }>(
    `SELECT ${userColumns('u')}, s.csrf_token, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(secs => $2::float8) AND u.disabled_at IS NULL`,
    [idHash, idleSeconds],
  );
  const r = rows[0];
  return r ? { user: toUser(r), csrfToken: r.csrf_token, expiresAt: r.expires_at } : null;
}

export async function touchSession(sql: Sql, idHash: string): Promise<void> {
  await sql.query('UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1', [idHash]);
}

export async function deleteSession(sql: Sql, idHash: string): Promise<boolean> {
  const rows = await sql.query<{ user_id: number }>(
    'DELETE FROM sessions WHERE id_hash = $1 RETURNING user_id',
    [idHash],
  );
  return rows.length > 0;
}

/** Ends every session of a user (role changed, disabled, password changed); returns how many. */
export async function deleteUserSessions(sql: Sql, userId: number): Promise<number> {
  const rows = await sql.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE user_id = $1 RETURNING id_hash',
    [userId],
  );
  return rows.length;
}

/** Removes expired sessions. */
export async function deleteExpiredSessions(sql: Sql): Promise<number> {
  const rows = await sql.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE expires_at <= now() RETURNING id_hash',
  );
  return rows.length;
}

// ---- API tokens -----------------------------------------------------------------------------------------

export interface ApiToken {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function insertApiToken(
  sql: Sql,
  t: { userId: number; name: string; tokenHash: string; createdBy: string; days: number | null },
): Promise<ApiToken> {
  const rows = await sql.query<TokenRow>(
    `INSERT INTO api_tokens (user_id, name, token_hash, created_by, expires_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::int4 IS NULL THEN NULL ELSE now() + make_interval(days => $5::int4) END)
     RETURNING id, user_id, name, created_by, created_at, expires_at, last_used_at, revoked_at`,
    [t.userId, t.name, t.tokenHash, t.createdBy, t.days],
  );
  return toToken(rows[0]!);
}

/** The active user of a live token, or null. */
export async function findApiToken(
  sql: Sql,
  tokenHash: string,
): Promise<{ user: User; tokenId: number } | null> {
  const rows = await sql.query<UserRow & { token_id: number }>(
    `SELECT ${userColumns('u')}, t.id AS token_id
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
       AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  const r = rows[0];
  return r ? { user: toUser(r), tokenId: r.token_id } : null;
}

export async function touchApiToken(sql: Sql, tokenId: number): Promise<void> {
  await sql.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [tokenId]);
}

export async function listApiTokens(sql: Sql, userId: number): Promise<ApiToken[]> {
  const rows = await sql.query<TokenRow>(
    `SELECT id, user_id, name, created_by, created_at, expires_at, last_used_at, revoked_at
     FROM api_tokens WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  return rows.map(toToken);
}

/** A token with the name of its user, for the analysts' list. */
export interface ApiTokenOfUser extends ApiToken {
  readonly username: string;
}

const TOKEN_COLUMNS = (a: string) =>
  `${a}.id, ${a}.user_id, ${a}.name, ${a}.created_by, ${a}.created_at, ${a}.expires_at, ${a}.last_used_at, ${a}.revoked_at`;

/** Every token (of one user when given), newest first, with the user's name. */
export async function listAllApiTokens(
  sql: Sql,
  o: { userId?: number; limit?: number } = {},
): Promise<ApiTokenOfUser[]> {
  const rows = await sql.query<TokenRow & { username: string }>(
    `SELECT ${TOKEN_COLUMNS('t')}, u.username
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE ($1::int4 IS NULL OR t.user_id = $1)
     ORDER BY t.id DESC LIMIT $2`,
    [o.userId ?? null, o.limit ?? 10_000],
  );
  return rows.map((r) => ({ ...toToken(r), username: r.username }));
}

/** One token with its user's name, or null. */
export async function getApiToken(sql: Sql, id: number): Promise<ApiTokenOfUser | null> {
  const rows = await sql.query<TokenRow & { username: string }>(
    `SELECT ${TOKEN_COLUMNS('t')}, u.username
     FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
    [id],
  );
  const r = rows[0];
  return r ? { ...toToken(r), username: r.username } : null;
}

/** Revokes one live token; returns it as it is now, or null when there is none or it was revoked. */
export async function revokeApiToken(sql: Sql, id: number): Promise<ApiToken | null> {
  const rows = await sql.query<TokenRow>(
    `UPDATE api_tokens t SET revoked_at = now() WHERE t.id = $1 AND t.revoked_at IS NULL
     RETURNING ${TOKEN_COLUMNS('t')}`,
    [id],
  );
  return rows[0] ? toToken(rows[0]) : null;
}

/** Revokes every live token of a user; returns how many. */
export async function revokeApiTokens(sql: Sql, userId: number): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    'UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
    [userId],
  );
  return rows.length;
}

// ---- login throttle -------------------------------------------------------------------------------------

export interface ThrottleRule {
  /** Attempts allowed before the first lock. */
  readonly free: number;
  /** The first lock, in seconds; each further attempt doubles it… */
  readonly baseSeconds: number;
  /** … up to this. */
  readonly maxSeconds: number;
  /** A key whose last attempt is this old starts again from zero. */
  readonly windowSeconds: number;
}

/**
 * Counts one login attempt for `key`, atomically, before the password is checked, so that parallel
 * guesses cannot all pass before the first failure is written. Returns the attempt's number, or the
 * time the key stays locked (this attempt is then refused and not counted).
 */
export async function countLoginAttempt(
  sql: Sql,
  key: string,
  rule: ThrottleRule,
): Promise<{ attempt: number } | { lockedSeconds: number }> {
  // n = this attempt's number; from the `free`-th on, the key is locked for base·2^(n−free) seconds
  const n = `CASE WHEN t.last_at < now() - make_interval(secs => $5::float8) THEN 1 ELSE t.attempts + 1 END`;
  const rows = await sql.query<{ attempts: number }>(
    `INSERT INTO login_throttle AS t (key, attempts, last_at, locked_until)
     VALUES ($1, 1, now(), CASE WHEN 1 >= $2::int4 THEN now() + make_interval(secs => $3::float8) END)
     ON CONFLICT (key) DO UPDATE SET
       attempts = ${n},
       last_at = now(),
       locked_until = CASE WHEN ${n} >= $2
         THEN now() + make_interval(secs => least($4::float8, $3::float8 * power(2, ${n} - $2)))
         END
     WHERE t.locked_until IS NULL OR t.locked_until <= now()
     RETURNING t.attempts`,
    [key, rule.free, rule.baseSeconds, rule.maxSeconds, rule.windowSeconds],
  );
  if (rows[0]) return { attempt: rows[0].attempts };
  const locked = await sql.query<{ s: number }>(
    `SELECT greatest(1, ceil(extract(epoch FROM locked_until - now())))::int4 AS s FROM login_throttle WHERE key = $1`,
    [key],
  );
  return { lockedSeconds: locked[0]?.s ?? 1 };
}

/** Forgets the attempts of a key (the account's, after a successful login). */
export async function clearLoginAttempts(sql: Sql, key: string): Promise<void> {
  await sql.query('DELETE FROM login_throttle WHERE key = $1', [key]);
}

/** Takes back one counted attempt (an address's, after a successful login) and its lock. */
export async function refundLoginAttempt(sql: Sql, key: string): Promise<void> {
  await sql.query(
    'UPDATE login_throttle SET attempts = greatest(0, attempts - 1), locked_until = NULL WHERE key = $1',
    [key],
  );
}
