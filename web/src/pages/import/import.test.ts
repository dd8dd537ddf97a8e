/** The import wizard's pure helpers: words of departments and skipped rows, the row check, versions. */
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../contract';
import {
  bilingual,
  datasetsOfYear,
  deptLabel,
  fieldWords,
  fileRows,
  initialYear,
  nextVersion,
  rowsAddUp,
  skippedText,
  totalsOf,
} from './import';

const file = (over: Partial<ImportPreview['files'][number]> = {}) => ({
  file: 'tax.csv',
  sheet: null,
  department: 'tax',
  profile: 'tax',
  headerRow: 1,
  rowsRead: 10,
  accepted: 7,
  rejected: 2,
  skipped: 1,
  columns: [],
  sample: [],
  ...over,
});

const preview = (over: Partial<ImportPreview> = {}): ImportPreview =>
  ({
    token: 't',
    year: 2023,
    files: [
      file(),
      file({ file: 'power.csv', department: 'power', rowsRead: 5, accepted: 5, rejected: 0, skipped: 0 }),
    ],
    records: { total: 9, sample: [] },
    rejections: [],
    reconciliation: null,
    fieldLabels: { tax: { zh: '税收实际贡献', en: 'tax paid', unit: '万元' } },
    expiresAt: '2030-01-01T00:00:00Z',
    ...over,
  }) as unknown as ImportPreview;

describe('import helpers', () => {
  it('names departments in the language asked, the id when unknown, “not recognised” without one', () => {
    expect(deptLabel('tax', 'zh')).toBe('税务');
    expect(deptLabel('natural-resources', 'en')).toBe('natural resources');
    expect(deptLabel('customs', 'en')).toBe('customs');
    expect(deptLabel(null, 'zh')).toBe('未识别');
    expect(deptLabel(undefined, 'en')).toBe('not recognised');
  });

  it('gives a field its words, the code only when the preview has none', () => {
    expect(fieldWords(preview(), 'tax', 'en')).toBe('tax paid');
    expect(fieldWords(preview(), 'tax', 'zh')).toBe('税收实际贡献');
    expect(fieldWords(preview(), 'land_mu', 'en')).toBe('land_mu');
  });

  it('reads the rows per file from the reconciliation, or from the preview without one', () => {
    const own = fileRows(preview());
    expect(own.map((f) => [f.file, f.skippedN])).toEqual([
      ['tax.csv', 1],
      ['power.csv', 0],
    ]);
    expect(own.every(rowsAddUp)).toBe(true);
    const rec = fileRows(
      preview({
        reconciliation: {
          files: [
            {
              file: 'a.xlsx',
              sheet: 'S1',
              profile: 'tax',
              department: 'tax',
              headerRow: 2,
              rowsRead: 10,
              accepted: 6,
              rejected: 1,
              skipped: { blank: 2, summary: 0 },
            },
          ],
        } as never,
      }),
    );
    expect(rec).toHaveLength(1);
    expect(rec[0]!.skippedN).toBe(2);
    // 6 + 1 + 2 = 9 ≠ 10: the check fails
    expect(rowsAddUp(rec[0]!)).toBe(false);
  });

  it('sums the totals over the files when the merge gave none', () => {
    expect(totalsOf(preview())).toEqual({ rowsRead: 15, accepted: 12, rejected: 2, skipped: 1, records: 9 });
    const given = { rowsRead: 1, accepted: 1, rejected: 0, skipped: 0, records: 1 };
    expect(totalsOf(preview({ reconciliation: { totals: given } as never }))).toEqual(given);
  });

  it('says skipped rows by kind, zero kinds left out, punctuation of the language', () => {
    expect(skippedText({ blank: 2, summary: 1, note: 0, odd: 3 }, 'zh')).toBe('空行 2，合计行 1，odd 3');
    expect(skippedText({ blank: 2, summary: 1 }, 'en')).toBe('blank 2, totals 1');
  });

  it('numbers the next dataset version of a year', () => {
    const items = [
      { id: 1, year: 2023, version: 1, recordCount: 1, createdAt: '' },
      { id: 3, year: 2023, version: 2, recordCount: 1, createdAt: '' },
      { id: 2, year: 2022, version: 5, recordCount: 1, createdAt: '' },
    ];
    const of2023 = datasetsOfYear(items, 2023);
    expect(of2023.map((d) => d.version)).toEqual([2, 1]);
    expect(nextVersion(of2023)).toBe(3);
    expect(nextVersion(datasetsOfYear(items, 2024))).toBe(1);
  });

  it('takes the year from the address within 2000–2100, else last year', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    expect(initialYear('2023', now)).toBe(2023);
    expect(initialYear('1999', now)).toBe(2024);
    expect(initialYear('20x3', now)).toBe(2024);
    expect(initialYear(null, now)).toBe(2024);
  });

  it('writes client errors as the server does, Chinese / English', () => {
    expect(bilingual('err.tooLarge', { size: '600 MB' })).toBe(
      '文件合计 600 MB，超过 512 MB 上限 / the files add up to 600 MB, more than 512 MB',
    );
  });
});
