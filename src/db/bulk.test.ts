import { expect, it } from 'vitest';
import { chunkRanges, floatParam, intParam, jsonParam, textParam } from './bulk.js';
import { describeEachDatabase } from './testing.js';

it('splits a length into chunks', () => {
  expect(chunkRanges(0, 3)).toEqual([]);
  expect(chunkRanges(7, 3)).toEqual([
    [0, 3],
    [3, 6],
    [6, 7],
  ]);
});

describeEachDatabase(
  'binary array parameters',
  ({ db }) => {
    const roundTrip = async <T>(param: Uint8Array, type: string): Promise<T[]> =>
      (
        await db().query<{ v: T }>(
          `SELECT v FROM unnest($1::${type}[]) WITH ORDINALITY AS u(v, i) ORDER BY i`,
          [param],
        )
      ).map((r) => r.v);

    it('sends float8 exactly, missing as NULL', async () => {
      const values = [
        1.5,
        NaN,
        -0.1,
        1e-300,
        1.7976931348623157e308,
        Infinity,
        -Infinity,
        0.1 + 0.2,
        5e-324,
        0,
      ];
      expect(await roundTrip(floatParam(Float64Array.from(values)), 'float8')).toEqual([
        1.5,
        null,
        -0.1,
        1e-300,
        1.7976931348623157e308,
        Infinity,
        -Infinity,
        0.30000000000000004,
        5e-324,
        0,
      ]);
      expect(await roundTrip(floatParam([1, null, undefined, 2], 1, 4), 'float8')).toEqual([null, null, 2]);
    });

    it('sends int4 and refuses what is not an int4', async () => {
      expect(await roundTrip(intParam([0, -1, 2147483647, -2147483648, null, NaN]), 'int4')).toEqual([
        0,
        -1,
        2147483647,
        -2147483648,
        null,
        null,
      ]);
      expect(() => intParam([1.5])).toThrow(RangeError);
      expect(() => intParam([2 ** 31])).toThrow(RangeError);
    });

    it('sends text byte for byte', async () => {
      const values = [
        '',
        'a,b',
        '"q"',
        'back\\slash',
        '{NULL}',
        'NULL',
        null,
        '嘉兴市秀洲区',
        '😀 emoji',
        'tab\tnew\nline',
        ' spaces ',
      ];
      expect(await roundTrip(textParam(values), 'text')).toEqual(values);
    });

    it('sends JSON documents', async () => {
      const rows = await db().query<{ j: unknown }>('SELECT v::jsonb AS j FROM unnest($1::text[]) AS u(v)', [
        jsonParam([{ field: 'tax', value: '1,0', rule: 'number' }, null, [1, 'x'], 'text']),
      ]);
      expect(rows.map((r) => r.j)).toEqual([
        { field: 'tax', value: '1,0', rule: 'number' },
        null,
        [1, 'x'],
        'text',
      ]);
    });

    it('sends empty arrays', async () => {
      expect(await roundTrip(floatParam([]), 'float8')).toEqual([]);
      expect(await roundTrip(intParam([]), 'int4')).toEqual([]);
      expect(await roundTrip(textParam([]), 'text')).toEqual([]);
    });
  },
  { migrate: false },
);
