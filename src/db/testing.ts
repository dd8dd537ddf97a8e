/**
 * Test harness: run a suite against every engine available. Always a fresh in-memory PGlite; also the
 * real PostgreSQL server when `TEST_DATABASE_URL` is set, in a schema of its own (`t_<random>`, created
 * for the suite and dropped after it) so that test files running in parallel do not collide.
 *
 * @example
 * describeEachDatabase('datasets', ({ db }) => {
 *   it('stores a batch', async () => { await insertDataset(db(), meta, batch); });
 * });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database, type DatabaseKind } from './database.js';
import { migrate } from './migrate.js';

export interface TestDatabase {
  readonly db: Database;
  /** Closes the database and drops what was created for it. */
  dispose(): Promise<void>;
}

export interface TestEngine {
  readonly kind: DatabaseKind;
  /** Shown in test names. */
  readonly label: string;
  open(): Promise<TestDatabase>;
}

async function withAdminClient(url: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** The engines to test on: PGlite in memory, plus the server of `TEST_DATABASE_URL` when set. */
export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const engines: TestEngine[] = [
    {
      kind: 'pglite',
      label: 'pglite',
      async open() {
        const db = await openDatabase({ dataDir: ':memory:' });
        return { db, dispose: () => db.close() };
      },
    },
  ];
  const url = env.TEST_DATABASE_URL;
  if (url) {
    engines.push({
      kind: 'postgres',
      label: 'postgres',
      async open() {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        await withAdminClient(url, (c) => c.query(`CREATE SCHEMA ${schema}`).then(() => undefined));
        const db = await openDatabase({ url, searchPath: schema });
        return {
          db,
          async dispose() {
            await db.close();
            await withAdminClient(url, (c) => c.query(`DROP SCHEMA ${schema} CASCADE`).then(() => undefined));
          },
        };
      },
    });
  }
  return engines;
}

export interface DatabaseSuite {
  readonly kind: DatabaseKind;
  /** The suite's database (opened, and migrated unless `migrate: false`, before the first test). */
  readonly db: () => Database;
}

/**
 * `describe.each` over `testDatabases()`: one database per engine, shared by the tests of the suite,
 * opened in `beforeAll` and disposed of in `afterAll`.
 */
export function describeEachDatabase(
  name: string,
  fn: (suite: DatabaseSuite) => void,
  options: { migrate?: boolean } = {},
): void {
  describe.each(testDatabases())(`${name} [$label]`, (engine) => {
    let handle: TestDatabase | undefined;
    beforeAll(async () => {
      handle = await engine.open();
      if (options.migrate !== false) await migrate(handle.db);
    });
    afterAll(async () => {
      await handle?.dispose();
    });
    fn({
      kind: engine.kind,
      db: () => {
        if (!handle) throw new Error('the test database is not open yet (use it inside a test or hook)');
        return handle.db;
      },
    });
  });
}
