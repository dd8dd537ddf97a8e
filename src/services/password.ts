/**
 * Password hashing with scrypt (node:crypto), memory-hard: N = 2^17, r = 8, p = 1 (128 MiB and about
 * 0.4 s per hash on the 2-core reference machine; OWASP's minimum for scrypt), a 16-byte random salt and
 * a 64-byte key, stored as `scrypt$N$r$p$salt$key` (base64) so that the parameters can be raised later
 * without locking anyone out. Comparison is constant-time. At most two hashes run at once, which caps
 * the memory a flood of logins can take at 256 MiB. ADR 0011.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
const KEY_BYTES = 64;
const SALT_BYTES = 16;

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;

const derive = (password: string, salt: Buffer, q: ScryptParams): Promise<Buffer> =>
  limit(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        const opts: ScryptOptions = { N: q.N, r: q.r, p: q.p, maxmem: 256 * q.N * q.r + 1024 * 1024 };
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );

// two derivations at a time: each takes 128·N·r bytes (128 MiB)
let running = 0;
const waiting: (() => void)[] = [];
async function limit<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The stored form of a password. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` matches the stored hash (false for a malformed hash, never an exception). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, salt, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** A stored hash of no password, verified against when the account does not exist (equal timing). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** Why a new password is refused (Chinese / English), or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 / a password has at least ${MIN_PASSWORD_LENGTH} characters`;
  if ([...password].length > 200)
    return '密码过长（最多 200 个字符）/ password too long (200 characters at most)';
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return '密码不能包含用户名 / the password must not contain the user name';
  if (/^(.)\1*$/u.test(password))
    return '密码不能由同一个字符组成 / the password must not repeat one character';
  return null;
}

const READABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` unambiguous letters and digits (≈ 5.8 bits each). */
export function randomPassword(length = 16): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // rejection sampling: no bias towards the first letters
      if (b < 256 - (256 % READABLE.length)) out += READABLE[b % READABLE.length]!;
      if (out.length === length) break;
    }
  }
  return out;
}
