/**
 * The store: an open database with its migrations applied and the reference tables loaded. PGlite under
 * `MUJUN_DATA_DIR` (default ./.mujun) unless `DATABASE_URL` names a PostgreSQL server.
 */
import {
  databaseOptionsFromEnv,
  loadReferenceTables,
  migrate,
  openDatabase,
  referenceCounts,
  type Database,
  type OpenDatabaseOptions,
} from '../db/index.js';
import { loadDivisions, loadIndustries } from '../reference/reference-data.js';

export interface Store {
  readonly db: Database;
}

export async function openStore(options: OpenDatabaseOptions = databaseOptionsFromEnv()): Promise<Store> {
  const db = await openDatabase(options);
  try {
    return await initStore(db);
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Applies pending migrations and loads the reference tables when they are empty. */
export async function initStore(db: Database): Promise<Store> {
  await migrate(db);
  const counts = await referenceCounts(db);
  if (counts.divisions === 0 || counts.industries === 0) {
    await db.transaction(async (tx) => {
      await loadReferenceTables(tx, loadDivisions(), loadIndustries());
    });
  }
  return { db };
}

/** Opens the store, runs `fn`, closes the store. */
export async function withStore<T>(
  fn: (store: Store) => Promise<T>,
  options?: OpenDatabaseOptions,
): Promise<T> {
  const store = await openStore(options);
  try {
    return await fn(store);
  } finally {
    await store.db.close();
  }
}
