import { describe, expect, it } from 'vitest';
import { isValidUscc, normaliseUscc, usccCheckChar, usccProblem, withCheckChar } from './uscc.js';

describe('USCC (GB 32100-2015)', () => {
  // Published codes: Bank of Communications' licence, and the worked example of the standard's annex.
  it.each(['91110000802100433B', '91350100M000100Y43'])('accepts the real code %s', (code) => {
    // The check character must be recomputed from the body, not trusted.
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(isValidUscc(code)).toBe(true);
  });

  it('computes the check character by the standard weights', () => {
    // Hand computations: seventeen zeros → sum 0 → (31 − 0) mod 31 = 0 → '0'.
    expect(usccCheckChar('00000000000000000')).toBe('0');
    // Body '10000000000000000': 1×1 = 1 → 31-1 = 30 → alphabet[30] = 'Y'.
    expect(usccCheckChar('10000000000000000')).toBe('Y');
    // Body '01000000000000000': 1×3 = 3 → 28 → 'W' (0–9, A–H, J–N, P–R, T, U, W: index 28).
    expect(usccCheckChar('01000000000000000')).toBe('W');
  });

  it('normalises full-width characters, spaces and case before checking', () => {
    const valid = withCheckChar('91330400000000001');
    const messy =
      ' ' +
      valid.slice(0, 8).toLowerCase() +
      '\u3000' +
      valid.slice(8).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(normaliseUscc(messy)).toBe(valid);
    expect(isValidUscc(normaliseUscc(messy))).toBe(true);
  });

  it('names what is wrong', () => {
    expect(usccProblem('')).toBe('empty');
    expect(usccProblem('123')).toBe('length');
    expect(usccProblem('91110000802100I33B')).toBe('charset');
    expect(usccProblem('91110000802100433C')).toBe('check_char');
  });
});

describe('usccHashIfValid', () => {
  it('agrees with usccProblem on valid and invalid codes, and gives equal codes equal hashes', async () => {
    const { usccHashIfValid } = await import('./uscc.js');
    const valid = withCheckChar('91330400000000001');
    expect(usccHashIfValid(valid)).toBeGreaterThanOrEqual(0);
    expect(usccHashIfValid(valid)).toBe(usccHashIfValid(String(valid)));
    for (const bad of ['', '123', valid.slice(0, 17) + 'I', '91110000802100433C', valid.toLowerCase()])
      expect([usccHashIfValid(bad), usccProblem(bad) !== null]).toEqual([-1, true]);
  });
});
