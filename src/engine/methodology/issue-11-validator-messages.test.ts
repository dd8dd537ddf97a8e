/**
 * Issue 11 item 26: the methodology validator never says "取值 undefined 不允许" (or "unknown input field
 * undefined"): a missing value is named as a missing field, with what it may be.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMethodology } from './parse.js';

const HUANGYAN = readFileSync('methodologies/huangyan-2023.yaml', 'utf8');

describe('methodology validator messages (issue 11 item 26)', () => {
  it('names a missing field instead of showing "undefined"', () => {
    for (const [drop, field] of [
      ['        numerator: tax\n', 'numerator'],
      ['        scoring: { method: ratio_to_benchmark, benchmark: { constant: 24.097 } }\n', 'scoring'],
    ] as const) {
      const text = HUANGYAN.replace(drop, '');
      expect(text).not.toBe(HUANGYAN);
      const r = parseMethodology(text, 'm.yaml');
      expect(r.methodology, field).toBeNull();
      expect(r.issues.length, field).toBeGreaterThan(0);
      for (const i of r.issues) {
        expect(i.zh, field).not.toMatch(/undefined/);
        expect(i.en, field).not.toMatch(/undefined/);
      }
      expect(
        r.issues.some((i) => i.zh.includes(`“${field}”`) && i.en.includes(`"${field}"`)),
        field,
      ).toBe(true);
    }
  });
});
