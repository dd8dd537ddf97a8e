import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, randomPassword, SCRYPT_PARAMS, verifyPassword } from './password.js';

describe('password hashing (scrypt)', () => {
  it('stores scrypt with N = 2^17, r = 8, p = 1, a 16-byte salt and a 64-byte key', async () => {
    const h = await hashPassword('correct horse battery');
    const [name, N, r, p, salt, key] = h.split('$');
    expect([name, N, r, p]).toEqual(['scrypt', '131072', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
  });

  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery', b)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies a hash made with other parameters (they are stored with it), and refuses malformed ones', async () => {
    const small = await hashPassword('早上好 password', { N: 1024, r: 8, p: 1 });
    expect(small.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('早上好 password', small)).toBe(true);
    for (const bad of [
      '',
      'scrypt$x',
      'bcrypt$1$2$3$4$5',
      small.replace('$1024$', '$4294967296$'),
      small.slice(0, -8),
    ])
      expect(await verifyPassword('早上好 password', bad)).toBe(false);
  });

  it('refuses short, trivial and name-bearing passwords', () => {
    expect(passwordProblem('short')).toMatch(/至少 10.*at least 10/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/same|同一/);
    expect(passwordProblem('li-analyst-2024', 'li-analyst')).toMatch(/user name/);
    expect(passwordProblem('a long enough one')).toBeNull();
  });

  it('makes random passwords of unambiguous characters', () => {
    const p = randomPassword(16);
    expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
    expect(new Set(Array.from({ length: 20 }, () => randomPassword())).size).toBe(20);
  });
});
