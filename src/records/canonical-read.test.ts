import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CANONICAL_COLUMNS, NUMERIC_FIELDS, OPTIONAL_COLUMNS } from '../domain/fields.js';
import { batchFromRecords, type EnterpriseRecord, type RecordBatch } from '../domain/record-batch.js';
import { isValidUscc, withCheckChar } from '../domain/uscc.js';
import { CanonicalFileError, parseCanonicalCsv, parseDecimalBytes } from './canonical-read.js';
import { formatCanonicalCsv } from './canonical-format.js';
import { benchRecordsCsv } from '../demo/bench-records.js';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const parse = (s: string) => parseCanonicalCsv(bytes(s), 'records.csv');

/** Mulberry32: a small seeded generator, so that failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = CANONICAL_COLUMNS.join(',');
const code = (i: number): string => withCheckChar('91330400' + String(i).padStart(9, '0'));

/** A canonical row from a partial map of column → cell text. */
function row(cells: Partial<Record<string, string>>, cols: readonly string[] = CANONICAL_COLUMNS): string {
  return cols.map((c) => cells[c] ?? '').join(',');
}

function expectSameBatch(actual: RecordBatch, expected: RecordBatch): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.uscc).toEqual(expected.uscc);
  expect(actual.name).toEqual(expected.name);
  expect(actual.division).toEqual(expected.division);
  expect(actual.industry).toEqual(expected.industry);
  expect(actual.tenantOf).toEqual(expected.tenantOf);
  for (const f of NUMERIC_FIELDS) {
    // toEqual compares numbers with Object.is: NaN equals NaN, 0 differs from -0.
    expect(Array.from(actual.columns[f]), f).toEqual(Array.from(expected.columns[f]));
  }
}

function thrown(f: () => unknown): CanonicalFileError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CanonicalFileError);
    return e as CanonicalFileError;
  }
  throw new Error('expected a CanonicalFileError');
}

describe('parseCanonicalCsv', () => {
  const records: EnterpriseRecord[] = [
    {
      uscc: code(1),
      name: '嘉兴市南湖区某某纺织有限公司',
      division: '330402',
      industry: '1713',
      values: {
        above_scale: 1,
        land_mu: 35.2,
        tax: 412.37,
        value_added: 2100,
        revenue: 9876.5,
        energy_tce: 1200.25,
        emissions_t: 0.0123,
        employees: 140,
        rd_spend: 321.9,
        electricity: 560.1,
        invention_patents: 3,
        founded: 2004,
        high_tech: 1,
        specialised_sme: 0,
        safety_accident: 0,
        environmental_violation: 0,
        major_project_build: 0,
        sublet_tenants: 2,
      },
    },
    {
      // Missing values, negative tax (refunds), a name with a comma, quotes and a line break.
      uscc: code(2),
      name: '浙江"新材料",有限公司\n二期',
      division: '330411',
      industry: '2651',
      values: { above_scale: 0, land_mu: 4.5, tax: -12.75, revenue: 300, founded: 2019, high_tech: 0 },
    },
    {
      uscc: code(3),
      name: 'Plain ASCII Ltd.',
      division: null,
      industry: '3825',
      values: { land_mu: 0.01, tax: 0 },
    },
    { uscc: '', name: null, values: {}, division: '330421' },
    {
      uscc: code(5),
      name: '平湖,某"公司"',
      division: '330482',
      industry: '3311',
      tenant_of: code(1),
      values: {
        above_scale: 1,
        land_mu: 1e-7,
        tax: 123456789012.5,
        value_added: 1.7976931348623157e308,
        little_giant: 1,
        listed: 0,
        land_acquired: 2021,
      },
    },
  ];

  it('reads back what formatCanonicalCsv wrote (missing values, negative tax, quotes, commas, Chinese)', () => {
    const original = batchFromRecords(records);
    for (const optionalColumns of [false, true]) {
      const text = formatCanonicalCsv(original, { optionalColumns });
      const { batch, warnings } = parse(text);
      expect(warnings).toEqual([]);
      const expected = optionalColumns
        ? original
        : batchFromRecords(
            records.map((r) => {
              const values = { ...r.values };
              for (const c of OPTIONAL_COLUMNS) delete values[c as keyof typeof values];
              return { ...r, tenant_of: null, values };
            }),
          );
      expectSameBatch(batch, expected);
      expect(batch.issues).toEqual([null, null, null, null, null]);
      // Record 2's name spans two lines of the file but is one row of the sheet.
      expect(Array.from(batch.sourceRow!)).toEqual([2, 3, 4, 5, 6]);
    }
  });

  it('round-trips random doubles bit for bit', () => {
    const r = rng(42);
    const recs: EnterpriseRecord[] = [];
    for (let i = 0; i < 2000; i++) {
      const scale = 10 ** Math.floor(r() * 40 - 20);
      recs.push({
        uscc: code(i),
        name: `企业${i}`,
        values: { tax: (r() - 0.3) * scale, land_mu: r() * 1000, revenue: Math.round(r() * 1e6) / 100 },
      });
    }
    const original = batchFromRecords(recs);
    expectSameBatch(parse(formatCanonicalCsv(original)).batch, original);
  });

  it('parses numbers exactly as Number() does, for a large seeded sample of decimal strings', () => {
    const r = rng(20240607);
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    let checked = 0;
    for (let k = 0; k < 200_000; k++) {
      const sign = pick(['', '', '', '-', '+']);
      const intPart = digits(pick([0, 1, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 16, 17, 20, 25]));
      const frac = r() < 0.7 ? '.' + digits(pick([0, 1, 2, 2, 3, 4, 5, 6, 6, 9, 15, 22, 25])) : '';
      const exp = r() < 0.15 ? pick(['e', 'E']) + pick(['', '+', '-']) + digits(pick([1, 1, 2, 3])) : '';
      const s = sign + intPart + frac + exp;
      const got = parseDecimalBytes(bytes(s));
      const want = Number(s);
      if (intPart === '' && (frac === '' || frac === '.')) {
        expect(got, s).toBeNaN(); // no digits at all
        continue;
      }
      if (!Number.isFinite(want)) {
        expect(got, s).toBeNaN(); // 1e999: out of range is not a usable number
        continue;
      }
      if (!Object.is(got, want)) expect(got, s).toBe(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(150_000);
    for (const [s, v] of [
      ['.5', 0.5],
      ['5.', 5],
      ['-0', -0],
      ['-0.0', -0],
      ['+7', 7],
      ['0.1', 0.1],
      ['0.3', 0.3],
      ['1e-7', 1e-7],
      ['1E+3', 1000],
      ['123456789012345678901234567890', 1.2345678901234568e29],
      ['9007199254740993', 2 ** 53],
      ['0.000000000000000000000000001', 1e-27],
      ['2.2250738585072014e-308', 2.2250738585072014e-308],
      ['00012.50', 12.5],
    ] as const) {
      expect(Object.is(parseDecimalBytes(bytes(s)), v), s).toBe(true);
    }
    for (const s of [
      '',
      '.',
      '-',
      '+',
      'e5',
      '1e',
      '1e+',
      '1,234',
      '0x10',
      'Infinity',
      '1_000',
      ' 1',
      '1 ',
      '--1',
      '1.2.3',
      'NaN',
      '1e999',
    ]) {
      expect(parseDecimalBytes(bytes(s)), JSON.stringify(s)).toBeNaN();
    }
  });

  it('reads random numeric cells through the whole reader bit-exactly', () => {
    const r = rng(7);
    const cells: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = (r() - 0.5) * 10 ** Math.floor(r() * 30 - 12);
      cells.push(r() < 0.5 ? String(v) : v.toFixed(Math.floor(r() * 7)));
    }
    const text = [HEADER, ...cells.map((c, i) => row({ uscc: code(i), tax: c }))].join('\n');
    const { batch } = parse(text);
    expect(batch.length).toBe(cells.length);
    cells.forEach((c, i) => expect(Object.is(batch.columns.tax[i], Number(c)), c).toBe(true));
  });

  it('strips a UTF-8 BOM and accepts CRLF, blank lines and a missing final newline', () => {
    const lines = [
      HEADER,
      row({ uscc: code(1), name: '甲', tax: '1.5' }),
      '',
      row({ uscc: code(2), name: '乙', tax: '-2' }),
      '',
      '',
    ];
    const lf = parse(lines.join('\n'));
    const crlf = parseCanonicalCsv(
      new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(lines.join('\r\n'))]),
      'bom.csv',
    );
    const noFinal = parse(lines.slice(0, 4).join('\r\n'));
    for (const { batch, warnings } of [lf, crlf, noFinal]) {
      expect(warnings).toEqual([]);
      expect(batch.length).toBe(2);
      expect(batch.uscc).toEqual([code(1), code(2)]);
      expect(batch.name).toEqual(['甲', '乙']);
      expect(Array.from(batch.columns.tax)).toEqual([1.5, -2]);
      // The blank line is row 3 of the sheet.
      expect(Array.from(batch.sourceRow!)).toEqual([2, 4]);
    }
  });

  it('reads the columns in any order, ignores unknown ones with a warning, reads optional ones', () => {
    const r = rng(3);
    const cols = [...CANONICAL_COLUMNS, 'remark', 'listed'];
    for (let i = cols.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [cols[i], cols[j]] = [cols[j]!, cols[i]!];
    }
    const cells = {
      uscc: code(9),
      name: '丙',
      division: '330424',
      industry: '3421',
      tax: '12',
      land_mu: '3',
      remark: '备注',
      listed: '1',
    };
    const shuffled = parse([cols.join(','), row(cells, cols)].join('\n'));
    const plain = parse([HEADER, row(cells)].join('\n'));
    expect(shuffled.warnings).toHaveLength(1);
    expect(shuffled.warnings[0]).toContain('remark');
    expect(shuffled.batch.columns.listed[0]).toBe(1);
    expect(plain.batch.columns.listed[0]).toBeNaN();
    plain.batch.columns.listed[0] = 1;
    expectSameBatch(shuffled.batch, plain.batch);
  });

  it('normalises uscc (and tenant_of), trims text, keeps empty uscc as "" and other empty text as null', () => {
    const fullWidth = code(4).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const text = [
      `${HEADER},tenant_of`,
      `${row({ uscc: ` ${code(1).toLowerCase()} `, name: '  甲公司\u3000', division: ' 330402 ', industry: '' })},${code(4).toLowerCase()}`,
      `${row({ uscc: fullWidth, name: '   ', tax: '1' })},`,
      `${row({ uscc: '', name: 'x' })},`,
    ].join('\n');
    const { batch } = parse(text);
    expect(batch.uscc).toEqual([code(1), code(4), '']);
    expect(batch.name).toEqual(['甲公司', null, 'x']);
    expect(batch.division).toEqual(['330402', null, null]);
    expect(batch.industry).toEqual([null, null, null]);
    expect(batch.tenantOf).toEqual([code(4), null, null]);
  });

  it('makes a non-numeric cell missing and records the first problem of the row', () => {
    const text = [
      HEADER,
      row({ uscc: code(1), tax: 'abc', land_mu: '"1,234"' }),
      row({ uscc: code(2), land_mu: '"1,234"' }),
      row({ uscc: code(3), high_tech: '2', tax: '5' }),
      row({ uscc: code(4), high_tech: '1.0', above_scale: '0', tax: ' 7 ' }),
      row({ uscc: code(5), revenue: '1e999' }),
    ].join('\n');
    const { batch } = parse(text);
    expect(batch.length).toBe(5);
    // land_mu comes before tax in the file: the row's first problem is land_mu.
    expect(batch.issues[0]).toEqual({ field: 'land_mu', value: '1,234', rule: 'not_a_number' });
    expect(batch.columns.tax[0]).toBeNaN();
    expect(batch.columns.land_mu[0]).toBeNaN();
    expect(batch.issues[1]).toEqual({ field: 'land_mu', value: '1,234', rule: 'not_a_number' });
    expect(batch.issues[2]).toEqual({ field: 'high_tech', value: '2', rule: 'not_a_flag' });
    expect(batch.columns.high_tech[2]).toBeNaN();
    expect(batch.columns.tax[2]).toBe(5);
    expect(batch.issues[3]).toBeNull();
    expect(batch.columns.high_tech[3]).toBe(1);
    expect(batch.columns.tax[3]).toBe(7);
    expect(batch.issues[4]).toEqual({ field: 'revenue', value: '1e999', rule: 'not_a_number' });

    const words = parse([HEADER, row({ uscc: code(1), tax: 'abc' })].join('\n')).batch;
    expect(words.issues[0]).toEqual({ field: 'tax', value: 'abc', rule: 'not_a_number' });
    expect(words.columns.tax[0]).toBeNaN();
  });

  it('names the missing required column in Chinese and English', () => {
    const cols = CANONICAL_COLUMNS.filter((c) => c !== 'land_mu');
    const e = thrown(() => parse([cols.join(','), cols.map(() => '').join(',')].join('\n')));
    expect(e.rule).toBe('missing_column');
    expect(e.column).toBe('land_mu');
    expect(e.row).toBe(1);
    expect(e.file).toBe('records.csv');
    expect(e.messageZh).toContain('用地面积');
    expect(e.messageZh).toContain('land_mu');
    expect(e.messageEn).toContain('land');
    expect(e.message).toContain(e.messageZh);
    expect(e.message).toContain(e.messageEn);
  });

  it('names the row whose cell count differs from the header', () => {
    const text = [HEADER, row({ uscc: code(1) }), row({ uscc: code(2), tax: '1,234' })].join('\n');
    const e = thrown(() => parse(text));
    expect(e.rule).toBe('column_count');
    expect(e.row).toBe(3);
    expect(e.messageZh).toContain('第 3 行');
    expect(e.messageEn).toContain('row 3');
    expect(e.messageEn).toContain('23 cells');
    expect(thrown(() => parse([HEADER, 'a,b'].join('\n'))).row).toBe(2);
  });

  it('rejects binary content, text that is not UTF-8, and an unterminated quote', () => {
    const nul = new Uint8Array([...bytes(HEADER + '\n' + code(1) + ','), 0, 0, 0, 1, 2]);
    const e1 = thrown(() => parseCanonicalCsv(nul, 'x.csv'));
    expect(e1.rule).toBe('binary');
    expect(e1.row).toBe(2);
    const zip = new Uint8Array([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00,
    ]);
    expect(thrown(() => parseCanonicalCsv(zip, 'x.xlsx')).rule).toBe('binary');
    // 企业 in GBK on row 3.
    const gbk = new Uint8Array([
      ...bytes(HEADER + '\n' + row({ uscc: code(1) }) + '\n' + code(2) + ','),
      0xc6,
      0xf3,
      0xd2,
      0xb5,
      ...bytes(',,' + ','.repeat(19) + '\n'),
    ]);
    const e2 = thrown(() => parseCanonicalCsv(gbk, 'gbk.csv'));
    expect(e2.rule).toBe('not_utf8');
    expect(e2.row).toBe(3);
    expect(e2.messageZh).toContain('UTF-8');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x75, 0x00, 0x73, 0x00]);
    expect(thrown(() => parseCanonicalCsv(utf16, 'u16.csv')).rule).toBe('not_utf8');
    const e3 = thrown(() =>
      parse([HEADER, row({ uscc: code(1) }), row({ uscc: code(2), name: '"未闭合' })].join('\n')),
    );
    expect(e3.rule).toBe('unterminated_quote');
    expect(e3.row).toBe(3);
    expect(e3.column).toBe('name');
  });

  it('rejects an empty file but reads a header-only file as zero records', () => {
    for (const empty of ['', '\n\n', ' \r\n']) expect(thrown(() => parse(empty)).rule).toBe('empty_file');
    expect(thrown(() => parseCanonicalCsv(new Uint8Array([0xef, 0xbb, 0xbf]), 'bom.csv')).rule).toBe(
      'empty_file',
    );
    for (const text of [HEADER, HEADER + '\n', HEADER + '\r\n\r\n']) {
      const { batch, warnings } = parse(text);
      expect(batch.length).toBe(0);
      expect(batch.uscc).toEqual([]);
      expect(batch.columns.tax.length).toBe(0);
      expect(batch.sourceRow!.length).toBe(0);
      expect(warnings).toEqual([]);
    }
  });

  it('skips rows of empty cells (a spreadsheet’s formatted blank rows) with one warning', () => {
    const empty = ','.repeat(CANONICAL_COLUMNS.length - 1);
    const { batch, warnings } = parse(
      [HEADER, empty, row({ uscc: code(1), tax: '3' }), empty, empty].join('\n'),
    );
    expect(batch.length).toBe(1);
    expect(batch.columns.tax[0]).toBe(3);
    expect(Array.from(batch.sourceRow!)).toEqual([3]);
    expect(warnings).toHaveLength(1);
  });

  it('handles quoting at the edges: last cell, CR-only line ends, line breaks inside quotes', () => {
    const cols = [...CANONICAL_COLUMNS.filter((c) => c !== 'name'), 'name'];
    const quotedLast = parse([cols.join(','), row({ uscc: code(1), name: '"a,""b"""' }, cols)].join('\n'));
    expect(quotedLast.batch.name).toEqual(['a,"b"']);
    const crOnly = parse(
      [HEADER, row({ uscc: code(1), name: '"x\r\ny"' }), row({ uscc: code(2), tax: '"5"' })].join('\r'),
    );
    expect(crOnly.batch.name).toEqual(['x\r\ny', null]);
    expect(crOnly.batch.columns.tax[1]).toBe(5);
    expect(Array.from(crOnly.batch.sourceRow!)).toEqual([2, 3]);
    const bad = thrown(() => parse([HEADER, row({ uscc: code(1), name: '"a"b' })].join('\n')));
    expect(bad.rule).toBe('bad_quote');
    expect(bad.row).toBe(2);
  });

  it('treats blank-only rows as empty and warns about nameless header columns', () => {
    const { batch, warnings } = parse(
      [
        `${HEADER},`,
        `${row({ uscc: code(1), tax: '1' })},`,
        '   ',
        ` ${','.repeat(CANONICAL_COLUMNS.length)}\t`,
      ].join('\n'),
    );
    expect(batch.length).toBe(1);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('no name');
  });

  it('grows its arrays when the first rows understate the row count', () => {
    const long = '很长的企业名称'.repeat(40);
    const lines = [HEADER];
    for (let i = 0; i < 100; i++) lines.push(row({ uscc: code(i), name: long, tax: String(i) }));
    for (let i = 100; i < 5000; i++) lines.push(row({ uscc: code(i), tax: String(i) }));
    const { batch } = parse(lines.join('\n'));
    expect(batch.length).toBe(5000);
    expect(batch.uscc[4999]).toBe(code(4999));
    expect(batch.name[99]).toBe(long);
    expect(batch.name[100]).toBeNull();
    expect(batch.columns.tax[4999]).toBe(4999);
    expect(batch.columns.tax.length).toBe(5000);
    expect(batch.issues).toHaveLength(5000);
    expect(batch.sourceRow![4999]).toBe(5001);
  });

  it('reads all 22 columns of the benchmark input (src/demo/bench-records.ts)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mujun-canonical-'));
    try {
      const file = path.join(dir, 'records.csv');
      writeFileSync(file, benchRecordsCsv(2000, 5));
      const raw = readFileSync(file);
      const { batch, warnings } = parseCanonicalCsv(raw, file);
      expect(warnings).toEqual([]);
      expect(batch.length).toBe(2000);
      // Compare with a naïve reading of the same text (the file has no quoted cells).
      const lines = raw.toString('utf8').trimEnd().split(/\r?\n/);
      const header = lines[0]!.split(',');
      expect(header).toEqual([...CANONICAL_COLUMNS]);
      lines.slice(1).forEach((line, i) => {
        const cells = line.split(',');
        expect(batch.uscc[i]).toBe(cells[0]);
        expect(isValidUscc(batch.uscc[i]!)).toBe(true);
        expect(batch.name[i]).toBe(cells[1]);
        expect(batch.division[i]).toBe(cells[2]);
        expect(batch.industry[i]).toBe(cells[3]);
        header.slice(4).forEach((c, k) => {
          const cell = cells[k + 4]!;
          const v = batch.columns[c as (typeof NUMERIC_FIELDS)[number]][i]!;
          if (cell === '') expect(v).toBeNaN();
          else expect(Object.is(v, Number(cell)), `${c}=${cell}`).toBe(true);
        });
      });
      expect(batch.issues.every((x) => x === null)).toBe(true);
      for (const c of CANONICAL_COLUMNS.slice(4)) {
        const col = batch.columns[c as (typeof NUMERIC_FIELDS)[number]];
        expect(
          col.some((v) => !Number.isNaN(v)),
          c,
        ).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
