import { expect, it } from 'vitest';
import { appliedMigrations, migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { describeEachDatabase } from './testing.js';

describeEachDatabase(
  'migrate',
  ({ db }) => {
    it('applies every migration once, then nothing', async () => {
      expect(await appliedMigrations(db())).toEqual([]);
      const first = await migrate(db());
      expect(first.applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      const second = await migrate(db());
      expect(second.applied).toEqual([]);
      expect(second.version).toBe(first.version);
      const recorded = await appliedMigrations(db());
      expect(recorded.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      expect(recorded[0]?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('applies a new migration exactly once when called concurrently', async () => {
      const extra = [
        ...MIGRATIONS,
        { version: 1000, name: 'probe', up: 'CREATE TABLE migration_probe (n int)' },
      ];
      const results = await Promise.all([migrate(db(), extra), migrate(db(), extra), migrate(db(), extra)]);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
      expect(results.every((r) => r.version === 1000)).toBe(true);
    });

    it('refuses a database that has a migration this program does not know', async () => {
      await expect(migrate(db())).rejects.toThrow(/migration 1000 \(probe\).*newer than the program/);
    });

    it('refuses a migration recorded under another name', async () => {
      const renamed = [...MIGRATIONS, { version: 1000, name: 'renamed', up: '' }];
      await expect(migrate(db(), renamed)).rejects.toThrow(/recorded as "probe"/);
    });

    it('refuses migrations out of order', async () => {
      const bad = [
        { version: 2, name: 'b', up: '' },
        { version: 1, name: 'a', up: '' },
      ];
      await expect(migrate(db(), bad)).rejects.toThrow(/increasing/);
    });
  },
  { migrate: false },
);
