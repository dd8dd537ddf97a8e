import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import {
  completeUtf8Length,
  detectDelimiter,
  detectEncoding,
  detectKind,
  looksBinary,
  notGb18030,
} from './sniff.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('detectKind', () => {
  it('tells a ZIP, an OLE2 compound file and text apart by their first bytes', () => {
    expect(detectKind(bytes(0x50, 0x4b, 3, 4, 0, 0, 0, 0))).toBe('zip');
    expect(detectKind(bytes(0x50, 0x4b, 5, 6, 0, 0, 0, 0))).toBe('zip');
    expect(detectKind(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))).toBe('ole2');
    expect(detectKind(Buffer.from('PK,name\n'))).toBe('text');
    expect(detectKind(Buffer.from('统一社会信用代码'))).toBe('text');
  });
});

describe('detectEncoding', () => {
  const text = '统一社会信用代码,企业名称\r\n91330402MA2B3C4D5E,嘉兴市南湖精密机械有限公司\r\n';
  it('reads a BOM first', () => {
    expect(detectEncoding(Buffer.concat([bytes(0xef, 0xbb, 0xbf), Buffer.from(text)]), true)).toBe(
      'utf-8-bom',
    );
    expect(detectEncoding(bytes(0xff, 0xfe, 0x41, 0), true)).toBe('utf-16le');
    expect(detectEncoding(bytes(0xfe, 0xff, 0, 0x41), true)).toBe('utf-16be');
  });
  it('takes valid UTF-8 (and ASCII) as UTF-8, and anything else as GB18030', () => {
    expect(detectEncoding(Buffer.from(text), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from('a,b\n1,2\n'), true)).toBe('utf-8');
    expect(detectEncoding(iconv.encode(text, 'gbk'), true)).toBe('gb18030');
  });
  it('does not hold a character cut at the end of a sample against UTF-8', () => {
    const b = Buffer.from(text);
    const cut = b.subarray(0, b.indexOf(Buffer.from('嘉')) + 2); // two of the three bytes of 嘉
    expect(detectEncoding(cut, false)).toBe('utf-8');
    expect(detectEncoding(cut, true)).toBe('gb18030'); // the whole file: really not UTF-8
  });
  it('finds the end of the last complete UTF-8 character', () => {
    const b = Buffer.from('a嘉');
    expect(completeUtf8Length(b)).toBe(4);
    expect(completeUtf8Length(b.subarray(0, 3))).toBe(1);
    expect(completeUtf8Length(b.subarray(0, 2))).toBe(1);
    expect(completeUtf8Length(Buffer.from('😀').subarray(0, 3))).toBe(0);
    expect(completeUtf8Length(Buffer.alloc(0))).toBe(0);
  });
});

describe('looksBinary', () => {
  it('refuses NUL bytes and many control characters, but not text with tabs and line breaks', () => {
    expect(looksBinary(Buffer.from('a\tb\r\nc\fd\n'))).toBe(false);
    expect(looksBinary(iconv.encode('嘉兴,南湖\r\n'.repeat(100), 'gbk'))).toBe(false);
    expect(looksBinary(bytes(0x41, 0, 0x42))).toBe(true);
    expect(looksBinary(Buffer.from('ab\x01\x02\x03'.repeat(10)))).toBe(true);
    expect(looksBinary(Buffer.from(`${'a'.repeat(1000)}\x1a`))).toBe(false); // a DOS end-of-file mark
  });
});

describe('notGb18030', () => {
  it('flags text full of replacement characters', () => {
    expect(notGb18030('嘉兴南湖')).toBe(false);
    expect(notGb18030(`${'a'.repeat(1000)}\uFFFD`)).toBe(false);
    expect(notGb18030('\uFFFD\uFFFDab')).toBe(true);
  });
});

describe('detectDelimiter', () => {
  it('is a comma unless more lines are tab-separated', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('2023年报表\na\tb\n1\t"x,y"\n')).toBe('\t');
    expect(detectDelimiter('标题\na,b\n"1\t2",3\n')).toBe(',');
    expect(detectDelimiter('only one column\n')).toBe(',');
  });
});
