import { describe, expect, it } from 'vitest';
import { withCheckChar } from '../../domain/uscc.js';
import { loadDivisions, loadIndustries } from '../../reference/reference-data.js';
import { divisionResolver, industryParser, parseUsccCell } from './codes.js';

describe('parseUsccCell', () => {
  const valid = withCheckChar('91330400MA2B3C4D5');
  it('normalises and checks the code', () => {
    expect(parseUsccCell(valid)).toEqual({ kind: 'uscc', code: valid });
    expect(parseUsccCell(` ${valid.toLowerCase()}\u3000`)).toEqual({ kind: 'uscc', code: valid });
    const fullWidth = valid.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(parseUsccCell(fullWidth)).toEqual({ kind: 'uscc', code: valid });
    expect(parseUsccCell(`'${valid}`)).toEqual({ kind: 'uscc', code: valid });
  });
  it('says what is wrong', () => {
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(parseUsccCell(wrong)).toEqual({ kind: 'invalid', problem: 'check_char', code: wrong });
    expect(parseUsccCell('330400123456789')).toMatchObject({ kind: 'invalid', problem: 'length' });
    expect(parseUsccCell('91330400MA2B3C4DIO')).toMatchObject({ kind: 'invalid', problem: 'charset' });
    // A code typed into a number cell has already lost digits.
    expect(parseUsccCell(Number('913304001234567890'))).toMatchObject({ kind: 'invalid', problem: 'number' });
    expect(parseUsccCell('')).toEqual({ kind: 'missing' });
    expect(parseUsccCell('—')).toEqual({ kind: 'missing' });
  });
});

describe('divisionResolver', () => {
  const table = loadDivisions();
  const resolve = divisionResolver(table);
  it('reads 6-digit codes, 12-digit statistical codes and numbers', () => {
    expect(resolve('330411')).toEqual({ kind: 'division', code: '330411' });
    expect(resolve(330411)).toEqual({ kind: 'division', code: '330411' });
    expect(resolve('330411000000')).toEqual({ kind: 'division', code: '330411' });
    expect(resolve('999999')).toEqual({ kind: 'unknown', text: '999999' });
  });
  it('reads names alone or after their city and province', () => {
    expect(resolve('秀洲区')).toEqual({ kind: 'division', code: '330411' });
    expect(resolve(' 嘉兴市 秀洲区 ')).toEqual({ kind: 'division', code: '330411' });
    expect(resolve('浙江省嘉兴市秀洲区')).toEqual({ kind: 'division', code: '330411' });
    expect(resolve('海宁市')).toEqual({ kind: 'division', code: '330481' });
    expect(resolve('火星区')).toEqual({ kind: 'unknown', text: '火星区' });
    expect(resolve('')).toEqual({ kind: 'missing' });
  });
  it('resolves a name that exists in several cities only with the city, or the full name', () => {
    const r = resolve('普陀区');
    expect(r.kind).toBe('ambiguous');
    expect(divisionResolver(table, { cityCode: '330900' })('普陀区')).toEqual({
      kind: 'division',
      code: '330903',
    });
    expect(resolve('上海市普陀区')).toEqual({ kind: 'division', code: '310107' });
  });
});

describe('industryParser', () => {
  const parse = industryParser(loadIndustries());
  it('reads codes with a section letter, a name after them, or as numbers', () => {
    expect(parse('3825')).toEqual({ kind: 'industry', code: '3825' });
    expect(parse('C3825')).toEqual({ kind: 'industry', code: '3825' });
    expect(parse('3825 光伏设备及元器件制造')).toEqual({ kind: 'industry', code: '3825' });
    expect(parse(3825)).toEqual({ kind: 'industry', code: '3825' });
    expect(parse('38')).toEqual({ kind: 'industry', code: '38' });
  });
  it('restores the leading zero a number cell lost, only when the table says so', () => {
    expect(parse(610)).toEqual({ kind: 'industry', code: '0610' });
    expect(parse('381')).toEqual({ kind: 'industry', code: '381' });
  });
  it('rejects malformed and unknown codes', () => {
    expect(parse('38251')).toEqual({ kind: 'invalid', text: '38251' });
    expect(parse('制造业')).toEqual({ kind: 'invalid', text: '制造业' });
    expect(parse('3898')).toEqual({ kind: 'unknown', code: '3898' });
    expect(industryParser()('3898')).toEqual({ kind: 'industry', code: '3898' });
  });
});
