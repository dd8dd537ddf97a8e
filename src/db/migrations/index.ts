/** Every migration, in version order. Add new ones at the end. */
import type { Migration } from './migration.js';
import { initialSchema } from './0001-initial-schema.js';
import { imports } from './0002-imports.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [initialSchema, imports];
