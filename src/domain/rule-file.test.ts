import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssue, shownValue } from './rule-file.js';

describe('the wording of a rule broken', () => {
  it('shows a long value cut to 80 characters, not echoed whole', () => {
    const long = 'x'.repeat(99_000);
    expect(shownValue(long).length).toBe(78);
    expect(shownValue(long).endsWith('…')).toBe(true);
    expect(shownValue({ a: 1 })).toBe('{"a":1}');
    const r = z.object({ reason: z.string().max(2000) }).safeParse({ reason: long });
    const messages: string[] = [];
    for (const zi of r.error!.issues)
      describeZodIssue(zi, { reason: long }, (_p, _r, zh, en) => messages.push(zh, en));
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m.length).toBeLessThan(200);
  });
});
