/** Every migration, in version order. Add new ones at the end. */
import type { Migration } from './migration.js';
import { initialSchema } from './0001-initial-schema.js';
import { imports } from './0002-imports.js';
import { webApi } from './0003-web-api.js';
import { policies } from './0004-policies.js';
import { accounts } from './0005-accounts.js';
import { objections } from './0006-objections.js';
import { resultsRevision } from './0007-results-revision.js';
import { resultDetails } from './0008-result-details.js';
import { revokeTokensOfDisabledUsers } from './0009-revoke-tokens-of-disabled-users.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  imports,
  webApi,
  policies,
  accounts,
  objections,
  resultsRevision,
  resultDetails,
  revokeTokensOfDisabledUsers,
];
