/**
 * The database connection: the embedded PGlite (PostgreSQL in WASM, the default) or a real PostgreSQL
 * server through a `pg` pool. Both sit behind one small `Database` interface, so repositories hold one
 * code path and the tests run it on both engines.
 *
 * Values come back the same way from both engines:
 * - float8, int8 (`count(*)`, bigserial) and numeric → JS `number` (ids and counts stay far below 2^53);
 * - timestamptz → ISO 8601 string in UTC, e.g. `'2024-05-01T02:03:04.567Z'` (JSON-friendly, and equal
 *   whatever the session time zone); the schema uses no `timestamp without time zone` or `date` columns;
 * - json/jsonb → parsed JS values; text → string; int4/int2 → number; NULL → null.
 *
 * @example
 * const db = await openDatabase({ url: process.env.DATABASE_URL });
 * await migrate(db);
 * const rows = await db.query<{ n: number }>('SELECT count(*) AS n FROM datasets');
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type QueryOptions, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import pg from 'pg';
import { BINARY_ARRAY_TYPE_OIDS } from './bulk.js';
import { privateDir, privateTree } from './private-files.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** A handle that runs SQL: the database itself, or an open transaction. Repositories take this. */
export interface Sql {
  readonly kind: DatabaseKind;
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  /**
   * Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is rethrown).
   * Use only the `tx` handle inside `fn`: a query on the database itself would run outside the
   * transaction (on PGlite it would wait for the transaction to end, forever), so it is refused with an
   * error, and so is a nested `transaction()`.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL (usually `DATABASE_URL`): use that server through a pool. */
  url?: string;
  /**
   * PGlite only: the data folder (the cluster lives in its `pgdata` subfolder), or `':memory:'`.
   * Default `process.env.MUJUN_DATA_DIR ?? './.mujun'`.
   */
  dataDir?: string;
  /** Postgres only: the schema to work in (sets `search_path` on every connection); tests use it. */
  searchPath?: string;
  /** Postgres only: the pool size. Default 4. */
  poolMax?: number;
}

/** Reads the connection settings from the environment (`DATABASE_URL`, `MUJUN_DATA_DIR`). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDatabaseOptions {
  const options: OpenDatabaseOptions = {};
  if (env.DATABASE_URL) options.url = env.DATABASE_URL;
  if (env.MUJUN_DATA_DIR) options.dataDir = env.MUJUN_DATA_DIR;
  return options;
}

/** Opens the database: a `pg` pool when `url` is given, PGlite otherwise. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url) return guardTransactions(await openPostgres(options.url, options));
  if (options.searchPath !== undefined) throw new Error('searchPath is only supported with a PostgreSQL url');
  return guardTransactions(await openPGlite(options.dataDir ?? process.env.MUJUN_DATA_DIR ?? './.mujun'));
}

/** The database whose transaction callback is running in the current async context, if any. */
const insideTransaction = new AsyncLocalStorage<Database>();

/** Refuses the database's own handle inside its transaction callbacks, where only `tx` may be used. */
function guardTransactions(db: Database): Database {
  const refuse = (what: string): void => {
    if (insideTransaction.getStore() === guarded) {
      throw new Error(`${what} on the database inside one of its transactions: use the transaction's handle`);
    }
  };
  const guarded: Database = {
    kind: db.kind,
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      refuse('query');
      return db.query<T>(text, params);
    },
    async exec(script: string): Promise<void> {
      refuse('exec');
      return db.exec(script);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      refuse('a nested transaction');
      return db.transaction((tx) => insideTransaction.run(guarded, () => fn(tx)));
    },
    close: () => db.close(),
  };
  return guarded;
}

// Type OIDs (pg_type) whose text form we parse ourselves.
const OID = { INT8: 20, FLOAT8: 701, NUMERIC: 1700, TIMESTAMPTZ: 1184 } as const;

type TextParser = (text: string) => unknown;

/** pg's built-in parsers (pg-types), typed: its declaration returns `any`. */
const pgDefaultParser = pg.types.getTypeParser as unknown as (
  oid: number,
  format: 'text' | 'binary',
) => TextParser;

/** pg's own timestamptz parser (postgres-date): handles every offset form and infinity. */
const pgParseTimestamptz = pgDefaultParser(OID.TIMESTAMPTZ, 'text');

function parseTimestamptz(text: string): string {
  const d: unknown = pgParseTimestamptz(text);
  // 'infinity' / '-infinity' come back as ±Infinity; keep them as the server's text.
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : text;
}

/** The parsers both engines share, by type OID. */
const PARSERS: Readonly<Record<number, TextParser>> = {
  [OID.INT8]: Number,
  [OID.FLOAT8]: Number,
  [OID.NUMERIC]: Number,
  [OID.TIMESTAMPTZ]: parseTimestamptz,
};

// ───────────────────────────── PostgreSQL server (pg) ─────────────────────────────

function pgTypeOverrides(): pg.CustomTypesConfig {
  // Overrides on this pool's clients only; pg's global type registry is left alone.
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
    const own = format === 'binary' ? undefined : PARSERS[oid];
    return own ?? pgDefaultParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'];
  return { getTypeParser };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.poolMax ?? 4,
    types: pgTypeOverrides(),
  };
  if (options.searchPath !== undefined) {
    if (!SCHEMA_NAME.test(options.searchPath))
      throw new Error(`not a plain schema name: ${options.searchPath}`);
    config.options = `-c search_path=${options.searchPath}`;
  }
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.warn(`mujun: idle PostgreSQL connection failed: ${err.message}`));
  // Fail at open time, not at the first query, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();

  const clientSql = (client: pg.PoolClient | pg.Pool, isOpen: () => boolean = () => true): Sql => ({
    kind: 'postgres',
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (!isOpen()) throw new Error('transaction already finished');
      // A Buffer parameter goes in binary format (the bulk arrays of bulk.ts); a JS array as a text
      // literal, in which a NaN would be the float 'NaN', not NULL.
      const result = await client.query(text, params ? [...params] : undefined);
      return result.rows as T[];
    },
    async exec(script: string): Promise<void> {
      if (!isOpen()) throw new Error('transaction already finished');
      await client.query(script);
    },
  });

  return {
    ...clientSql(pool),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let open = true;
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(clientSql(client, () => open));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          throw err;
        }
      } finally {
        open = false;
        // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

// ───────────────────────────── PGlite (embedded) ─────────────────────────────

/**
 * The data folder of the embedded database, owner-only (issue 11, item 5): the folder 0700 and every file
 * of the cluster 0600, whatever the umask. PGlite writes a new cluster's files 0666; an existing cluster
 * found with files others may read or write is repaired with a warning (it was exposed until now).
 */
function securePGliteDir(dataDir: string, pgdata: string, when: 'open' | 'created' | 'close'): void {
  const loose = privateDir(dataDir);
  const { repaired } = existsSync(pgdata) ? privateTree(pgdata) : { repaired: [] };
  if (when === 'open' && (loose || repaired.length > 0))
    console.warn(
      `mujun: 数据目录 ${dataDir} 中有 ${repaired.length + (loose ? 1 : 0)} 个文件或目录其他用户可读写（如 ${path.relative(dataDir, repaired[0] ?? dataDir) || '.'}），已改为仅本人可读写 / ` +
        `${repaired.length + (loose ? 1 : 0)} files or folders in the data folder ${dataDir} were readable or writable by others (e.g. ${path.relative(dataDir, repaired[0] ?? dataDir) || '.'}); made owner-only`,
    );
}

async function openPGlite(dataDir: string): Promise<Database> {
  let pglite: PGlite;
  let secure: (when: 'created' | 'close') => void = () => {};
  if (dataDir === ':memory:') {
    pglite = await PGlite.create({ parsers: PARSERS });
  } else {
    const pgdata = path.join(dataDir, 'pgdata');
    securePGliteDir(dataDir, pgdata, 'open');
    pglite = await PGlite.create({ dataDir: pgdata, parsers: PARSERS });
    secure = (when) => securePGliteDir(dataDir, pgdata, when);
    // the files the cluster was created with, or has just written
    secure('created');
  }

  // PGlite serialises every parameter to text with the serializer of its described type, but its Bind
  // message sends a Uint8Array as a binary parameter. For queries with such parameters (the binary
  // arrays of bulk.ts) the array types' serializers let a Uint8Array through unchanged.
  const binaryPassthrough: QueryOptions = {
    serializers: Object.fromEntries(
      BINARY_ARRAY_TYPE_OIDS.map((oid) => [
        oid,
        (value: unknown): string => {
          if (value instanceof Uint8Array) return value as unknown as string;
          const serialize = pglite.serializers[oid];
          return serialize ? serialize(value) : String(value);
        },
      ]),
    ),
  };

  const handleSql = (handle: PGlite | PGliteTransaction, isOpen: () => boolean = () => true): Sql => ({
    kind: 'pglite',
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (!isOpen()) throw new Error('transaction already finished');
      const binary = params?.some((p) => p instanceof Uint8Array) ?? false;
      const result = await handle.query<T>(
        text,
        params ? [...params] : undefined,
        binary ? binaryPassthrough : undefined,
      );
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      if (!isOpen()) throw new Error('transaction already finished');
      await handle.exec(script);
    },
  });

  return {
    ...handleSql(pglite),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      let open = true;
      try {
        // PGlite's transaction() issues BEGIN, COMMIT on success and ROLLBACK when the callback throws.
        return await pglite.transaction((tx) => fn(handleSql(tx, () => open)));
      } finally {
        open = false;
      }
    },
    async close(): Promise<void> {
      await pglite.close();
      // the files written while open (the database writes its own 0600, some follow the umask)
      secure('close');
    },
  };
}
