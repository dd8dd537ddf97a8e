import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDivisions, loadIndustries, REFERENCE_DIR } from './reference-data.js';
import { isIndustrialCode } from '../domain/reference.js';

describe('reference data', () => {
  it('loads GB/T 2260 divisions with the seven county-level divisions of Jiaxing', () => {
    const d = loadDivisions();
    expect(d.get('330400')?.name).toBe('嘉兴市');
    expect(d.countiesOf('330400').map((c) => c.code)).toEqual([
      '330402',
      '330411',
      '330421',
      '330424',
      '330481',
      '330482',
      '330483',
    ]);
  });

  it('loads GB/T 4754-2017 with the counts the source states (20/97/473/1381)', () => {
    const t = loadIndustries();
    const count = (l: number) => t.all.filter((i) => i.level === l).length;
    expect([count(1), count(2), count(3), count(4)]).toEqual([20, 97, 473, 1381]);
    expect(t.get('3825')?.name).toBeTruthy();
  });

  it('treats 大类 06–46 as industrial', () => {
    expect(isIndustrialCode('0610')).toBe(true);
    expect(isIndustrialCode('4620')).toBe(true);
    expect(isIndustrialCode('0511')).toBe(false);
    expect(isIndustrialCode('4710')).toBe(false);
    expect(isIndustrialCode('x')).toBe(false);
  });

  it('ships the code tables unchanged since they were received (checksums in SOURCES.md)', () => {
    const sources = readFileSync(path.join(REFERENCE_DIR, 'SOURCES.md'), 'utf8');
    const listed = [...sources.matchAll(/^\| (\S+\.csv) \| ([0-9a-f]{64}) \|$/gm)];
    expect(listed.map((m) => m[1]).sort()).toEqual(
      readdirSync(REFERENCE_DIR)
        .filter((f) => f.endsWith('.csv'))
        .sort(),
    );
    for (const [, file, sum] of listed) {
      const actual = createHash('sha256')
        .update(readFileSync(path.join(REFERENCE_DIR, file!)))
        .digest('hex');
      expect(actual, file).toBe(sum);
    }
  });
});
