/**
 * The database layer: connection (PGlite or a PostgreSQL server), migrations, and the repositories,
 * which hold every SQL statement of the project. Services open transactions and call repositories.
 */
export * from './database.js';
export * from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export * from './reference.repository.js';
export * from './dataset.repository.js';
export * from './land.repository.js';
export * from './qualification.repository.js';
export * from './methodology.repository.js';
export * from './run.repository.js';
export * from './run-results.repository.js';
export * from './audit.repository.js';
export * from './import.repository.js';
export * from './analysis.repository.js';
export * from './policy.repository.js';
export * from './account.repository.js';
export * from './objection.repository.js';
