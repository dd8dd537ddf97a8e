/**
 * A schema migration: one forward step, applied once, in version order, inside its own transaction.
 * A migration is never edited after it has shipped: a change to the schema is a new migration.
 */
export interface Migration {
  /** 1, 2, 3…: the order of application, unique. */
  readonly version: number;
  /** kebab-case, recorded beside the version in `schema_migrations`. */
  readonly name: string;
  /** The SQL script; it must run on PostgreSQL 15 and on PGlite (PostgreSQL 18). */
  readonly up: string;
}
