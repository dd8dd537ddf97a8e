/**
 * Applies pending migrations in version order, each in its own transaction, and records them in
 * `schema_migrations`. Safe when several processes start at once: every step first takes a
 * transaction-scoped advisory lock (keyed by the current schema), then re-reads what is applied.
 */
import type { Database, Sql } from './database.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export interface MigrateResult {
  /** The migrations this call applied, in order (empty when the schema was up to date). */
  readonly applied: readonly Migration[];
  /** The schema version after the call. */
  readonly version: number;
}

const LOCK = `SELECT pg_advisory_xact_lock(hashtext('mujun.migrate:' || current_schema()))`;

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface AppliedRow {
  version: number;
  name: string;
}

async function lockAndReadApplied(tx: Sql): Promise<Map<number, string>> {
  await tx.query(LOCK);
  await tx.exec(CREATE_TABLE);
  const rows = await tx.query<AppliedRow>('SELECT version, name FROM schema_migrations ORDER BY version');
  return new Map(rows.map((r) => [r.version, r.name]));
}

/** Checks that the applied migrations are the ones this program knows, under the same names. */
function checkApplied(applied: ReadonlyMap<number, string>, migrations: readonly Migration[]): void {
  const known = new Map(migrations.map((m) => [m.version, m.name]));
  for (const [version, name] of applied) {
    const expected = known.get(version);
    if (expected === undefined) {
      throw new Error(
        `the database has migration ${version} (${name}), which this program does not know: it is newer than the program`,
      );
    }
    if (expected !== name) {
      throw new Error(
        `migration ${version} is recorded as "${name}" but this program calls it "${expected}"`,
      );
    }
  }
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (previous && m.version <= previous.version)) {
      throw new Error(
        `migrations must have increasing positive integer versions (at ${m.version} ${m.name})`,
      );
    }
  });
}

/**
 * Brings the schema up to date.
 *
 * @param migrations the list to apply; the shipped `MIGRATIONS` unless a test passes its own.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrateResult> {
  checkOrder(migrations);
  const appliedNow: Migration[] = [];
  let applied = await db.transaction(lockAndReadApplied);
  checkApplied(applied, migrations);

  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    const done = await db.transaction(async (tx) => {
      // Another process may have applied it while we waited for the lock.
      applied = await lockAndReadApplied(tx);
      if (applied.has(m.version)) return false;
      await tx.exec(m.up);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) appliedNow.push(m);
    applied.set(m.version, m.name);
  }
  checkApplied(applied, migrations);
  return { applied: appliedNow, version: Math.max(0, ...applied.keys()) };
}

/** The versions recorded in `schema_migrations` (empty when the table does not exist yet). */
export async function appliedMigrations(
  sql: Sql,
): Promise<{ version: number; name: string; appliedAt: string }[]> {
  const exists = await sql.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists[0]?.t) return [];
  const rows = await sql.query<{ version: number; name: string; applied_at: string }>(
    'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at }));
}
