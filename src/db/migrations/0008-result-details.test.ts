/** Migration 0008 moves the explanations of runs stored before it into their own table, losing none. */
import { expect, it } from 'vitest';
import { getResult } from '../run-results.repository.js';
import { migrate } from '../migrate.js';
import { describeEachDatabase } from '../testing.js';
import { MIGRATIONS } from './index.js';

describeEachDatabase(
  'migration 0008 on runs stored before it',
  ({ db }) => {
    it('moves every explanation to run_result_details and keeps every result', async () => {
      await migrate(
        db(),
        MIGRATIONS.filter((m) => m.version < 8),
      );
      const q = (sql: string, params: unknown[] = []) => db().query(sql, params);
      await q(
        `INSERT INTO datasets (id, year, version, content_hash, record_count) VALUES (1, 2022, 1, 'h', 3)`,
      );
      await q(
        `INSERT INTO methodologies (id, content_hash, content, format) VALUES ('m', 'mh', 'x', 'yaml')`,
      );
      await q(
        `INSERT INTO runs (id, year, methodology_id, methodology_hash, dataset_id, dataset_version, status, created_by)
         VALUES (1, 2022, 'm', 'mh', 1, 1, 'draft', 't')`,
      );
      await q(
        `INSERT INTO run_results (run_id, seq, uscc, status, total, initial_class, adjusted_class, detail) VALUES
         (1, 0, 'A', 'graded', 93.87, 'B', 'B', '{"v":[1.5],"c":[{"kind":"quota","to":"B"}]}'),
         (1, 1, 'B', 'not_evaluated', NULL, NULL, NULL, NULL),
         (1, 2, 'C', 'graded', 12.5, 'D', 'D', '{"v":[0.25],"c":[]}')`,
      );
      await migrate(db());
      expect(await q('SELECT run_id, seq, detail FROM run_result_details ORDER BY seq')).toEqual([
        { run_id: 1, seq: 0, detail: { v: [1.5], c: [{ kind: 'quota', to: 'B' }] } },
        { run_id: 1, seq: 2, detail: { v: [0.25], c: [] } },
      ]);
      expect(
        await q(`SELECT column_name FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'run_results' AND column_name = 'detail'`),
      ).toEqual([]);
      expect(await q('SELECT seq, uscc, total, adjusted_class FROM run_results ORDER BY seq')).toEqual([
        { seq: 0, uscc: 'A', total: 93.87, adjusted_class: 'B' },
        { seq: 1, uscc: 'B', total: null, adjusted_class: null },
        { seq: 2, uscc: 'C', total: 12.5, adjusted_class: 'D' },
      ]);
      // the repository reads the explanation back with its result; none for a result without one
      expect((await getResult(db(), 1, 'C'))?.detail).toEqual({ v: [0.25], c: [] });
      expect((await getResult(db(), 1, 'B'))?.detail).toBeNull();
      // and the run has a results revision, raised by a change of its results
      await q(`UPDATE run_results SET adjusted_class = 'C' WHERE run_id = 1 AND uscc = 'C'`);
      expect(await q('SELECT results_revision FROM runs WHERE id = 1')).toEqual([{ results_revision: 1 }]);
    });
  },
  { migrate: false },
);
