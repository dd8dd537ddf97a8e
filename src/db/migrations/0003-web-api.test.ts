/** Migration 0003 fills the new columns of runs stored before it, from their dataset and explanations. */
import { expect, it } from 'vitest';
import { migrate } from '../migrate.js';
import { describeEachDatabase } from '../testing.js';
import { MIGRATIONS } from './index.js';

describeEachDatabase(
  'migration 0003 on runs stored before it',
  ({ db }) => {
    it('fills land, tax, value added, per-mu values and flags of existing results', async () => {
      await migrate(
        db(),
        MIGRATIONS.filter((m) => m.version < 3),
      );
      const q = (sql: string, params: unknown[] = []) => db().query(sql, params);
      await q(
        `INSERT INTO datasets (id, year, version, content_hash, record_count) VALUES (1, 2022, 1, 'h', 3)`,
      );
      await q(
        `INSERT INTO enterprise_facts (dataset_id, row_no, uscc, land_mu, tax, value_added, above_scale, tenant_of, sublet_tenants, high_tech, specialised_sme)
         VALUES (1, 0, 'A', 50, 1000, 6000, 1, NULL, 0, 0, 1),
                (1, 1, 'B', 10, 80, NULL, 0, 'A', 2, 1, 0),
                (1, 2, 'C', NULL, 30, 10, 0, NULL, NULL, NULL, NULL)`,
      );
      await q(
        `INSERT INTO methodologies (id, content_hash, content, format) VALUES ('m', 'mh', 'x', 'yaml')`,
      );
      await q(
        `INSERT INTO runs (id, year, methodology_id, methodology_hash, dataset_id, dataset_version, status, created_by, published_at)
         VALUES (1, 2022, 'm', 'mh', 1, 1, 'published', 't', '2023-04-01T00:00:00Z')`,
      );
      // detail: `c` the class steps, `n` the score notes (3 = missing numerator, 4 = missing denominator)
      await q(
        `INSERT INTO run_results (run_id, seq, uscc, status, initial_class, adjusted_class, detail) VALUES
         (1, 0, 'A', 'graded', 'B', 'C', '{"v":[],"s":[],"n":[0,4],"f":[],"a":[],"c":[{"kind":"quota","from":null,"to":"B"},{"kind":"veto","from":"B","to":"C","rule":"x"}]}'),
         (1, 1, 'B', 'graded', 'D', 'C', '{"v":[],"s":[],"n":[0,0],"f":[],"a":[],"c":[{"kind":"quota","from":null,"to":"D"},{"kind":"protection","from":"D","to":"C","rule":"y"}]}'),
         (1, 2, 'C', 'not_evaluated', NULL, NULL, '{"v":[],"s":[],"n":[],"f":[],"a":[],"c":[]}')`,
      );
      await q(
        `INSERT INTO class_adjustments (run_id, uscc, from_class, to_class, reason, created_by) VALUES (1, 'B', 'C', 'B', 'r', 'u')`,
      );
      await migrate(db());
      const rows = await q(
        'SELECT uscc, land_mu, tax, value_added, tax_per_mu, va_per_mu, flags FROM run_results WHERE run_id = 1 ORDER BY seq',
      );
      expect(rows).toEqual([
        // veto 1 + above_scale 32 + specialised_sme 128 + missing_data 256
        { uscc: 'A', land_mu: 50, tax: 1000, value_added: 6000, tax_per_mu: 20, va_per_mu: 120, flags: 417 },
        // protected 2 + adjusted 4 + tenant 8 + sublets 16 + high_tech 64
        { uscc: 'B', land_mu: 10, tax: 80, value_added: null, tax_per_mu: 8, va_per_mu: null, flags: 94 },
        { uscc: 'C', land_mu: null, tax: 30, value_added: 10, tax_per_mu: null, va_per_mu: null, flags: 0 },
      ]);
      const [run] = await q('SELECT published_at, notice_until FROM runs WHERE id = 1');
      expect(run).toEqual({
        published_at: '2023-04-01T00:00:00.000Z',
        notice_until: '2023-04-08T00:00:00.000Z',
      });
    });
  },
  { migrate: false },
);
