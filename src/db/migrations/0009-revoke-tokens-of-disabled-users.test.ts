/**
 * Migration 0009: the live API tokens of accounts disabled before it are revoked (enabling such an account
 * would otherwise revive them; issue 11, item 8); the tokens of active accounts are left alone.
 */
import { expect, it } from 'vitest';
import { findApiToken, setUserDisabled } from '../account.repository.js';
import { migrate } from '../migrate.js';
import { describeEachDatabase } from '../testing.js';
import { MIGRATIONS } from './index.js';

describeEachDatabase(
  'migration 0009 on accounts disabled before it',
  ({ db }) => {
    it('revokes the tokens of disabled accounts, so that enabling them revives none', async () => {
      await migrate(
        db(),
        MIGRATIONS.filter((m) => m.version < 9),
      );
      const q = (sql: string, params: unknown[] = []) => db().query(sql, params);
      await q(
        `INSERT INTO users (id, username, role, created_by, disabled_at) VALUES
         (1, 'gone', 'leader', 't', now()), (2, 'here', 'leader', 't', NULL)`,
      );
      await q(
        `INSERT INTO api_tokens (user_id, name, token_hash, created_by, revoked_at) VALUES
         (1, 'old', 'h1', 't', NULL), (2, 'live', 'h2', 't', NULL), (2, 'dead', 'h3', 't', '2024-01-02T00:00:00Z')`,
      );
      await migrate(db());
      const rows = await q(
        'SELECT name, revoked_at IS NOT NULL AS revoked, revoked_at FROM api_tokens ORDER BY id',
      );
      expect(rows.map((r) => [r.name, r.revoked])).toEqual([
        ['old', true],
        ['live', false],
        ['dead', true],
      ]);
      // an earlier revocation keeps its time
      expect(rows[2]!.revoked_at).toBe('2024-01-02T00:00:00.000Z');
      // enabling the account again: its token stays revoked
      await setUserDisabled(db(), 1, false);
      expect(await findApiToken(db(), 'h1')).toBeNull();
      expect(await findApiToken(db(), 'h2')).not.toBeNull();
    });
  },
  { migrate: false },
);
