import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migrate } from './migrate.js';
import { describeEachDatabase } from './testing.js';

describeEachDatabase(
  'database',
  ({ db, kind }) => {
    it('reports its engine', () => {
      expect(db().kind).toBe(kind);
    });

    it('returns float8, int8, numeric as numbers and timestamptz as ISO strings in UTC', async () => {
      const [row] = await db().query<Record<string, unknown>>(
        `SELECT 1.5::float8 AS f, 'NaN'::float8 AS nan, count(*) AS c, 9007199254740991::int8 AS big, 2.25::numeric AS n,
                '2024-05-01 10:03:04.567+08'::timestamptz AS ts, '{"b":[1,null],"a":"x"}'::jsonb AS j, NULL::text AS t
         FROM generate_series(1, 3)`,
      );
      expect(row).toEqual({
        f: 1.5,
        nan: NaN,
        c: 3,
        big: 9007199254740991,
        n: 2.25,
        ts: '2024-05-01T02:03:04.567Z',
        j: { a: 'x', b: [1, null] },
        t: null,
      });
    });

    it('passes array parameters with NULLs and awkward text intact', async () => {
      const texts = ['a,b', '"q"', 'back\\slash', '{braces}', '', null, 'NULL', '中文 空格'];
      const rows = await db().query<{ t: string | null; f: number | null }>(
        'SELECT * FROM unnest($1::text[], $2::float8[]) AS u(t, f)',
        [texts, [1, null, -2.5, 1e-300, 0, 3, 4, 5]],
      );
      expect(rows.map((r) => r.t)).toEqual(texts);
      expect(rows.map((r) => r.f)).toEqual([1, null, -2.5, 1e-300, 0, 3, 4, 5]);
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await db().exec('CREATE TABLE tx_probe (n int); CREATE TABLE tx_probe2 (n int)');
      await db().transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES (1)');
      });
      await expect(
        db().transaction(async (tx) => {
          await tx.query('INSERT INTO tx_probe VALUES (2)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await db().query('SELECT n FROM tx_probe ORDER BY n')).toEqual([{ n: 1 }]);
    });

    it('refuses a transaction handle used after the transaction ended', async () => {
      const leaked = await db().transaction((tx) => Promise.resolve(tx));
      await expect(leaked.query('SELECT 1')).rejects.toThrow('transaction already finished');
    });

    it('refuses the database handle inside its own transaction', async () => {
      await expect(db().transaction(() => db().query('SELECT 1'))).rejects.toThrow(
        /use the transaction's handle/,
      );
      await expect(db().transaction(() => db().transaction(() => Promise.resolve(1)))).rejects.toThrow(
        /nested/,
      );
      expect(await db().query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it('rolls back a transaction whose statement failed and stays usable', async () => {
      await expect(db().transaction((tx) => tx.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
      expect(await db().query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });
  },
  { migrate: false },
);

describe('openDatabase', () => {
  it('keeps a PGlite database in the pgdata folder of its data directory across reopening', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mujun-db-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await migrate(first);
      await first.query(`INSERT INTO audit_log (actor, action) VALUES ('test', 'persist')`);
      await first.close();
      expect(existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);

      const second = await openDatabase({ dataDir: dir });
      expect((await migrate(second)).applied).toEqual([]);
      expect(await second.query('SELECT action FROM audit_log')).toEqual([{ action: 'persist' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a search path without a server url', async () => {
    await expect(openDatabase({ dataDir: ':memory:', searchPath: 'x' })).rejects.toThrow(/only supported/);
  });
});
