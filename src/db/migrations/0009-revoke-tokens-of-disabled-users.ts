import type { Migration } from './migration.js';

/**
 * Disabling an account now revokes its API tokens (issue 11, item 8), so that enabling it again revives
 * none of them. Accounts disabled before that kept live tokens, which their re-enabling would revive:
 * this revokes them once. (A role, county or password change revokes tokens from now on; what changed
 * before cannot be told from the stored rows.)
 */
export const revokeTokensOfDisabledUsers: Migration = {
  version: 9,
  name: 'revoke-tokens-of-disabled-users',
  up: `
UPDATE api_tokens SET revoked_at = now()
 WHERE revoked_at IS NULL
   AND user_id IN (SELECT id FROM users WHERE disabled_at IS NOT NULL);
`,
};
