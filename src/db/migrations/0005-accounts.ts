import type { Migration } from './migration.js';

/**
 * Accounts and access (ADR 0011): users with a role (and the county or USCC it is limited to), their
 * password as an scrypt hash, browser sessions and API tokens (both stored as SHA-256 of the secret, so
 * that a copy of the database opens no door), and the login throttle per account and per address.
 */
export const accounts: Migration = {
  version: 5,
  name: 'accounts',
  up: `
CREATE TABLE users (
  id            serial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  display_name  text,
  role          text NOT NULL CHECK (role IN ('analyst', 'county', 'enterprise', 'leader')),
  division      text CHECK (division IS NULL OR division ~ '^[0-9]{6}$'),
  uscc          text CHECK (uscc IS NULL OR uscc ~ '^[0-9A-Z]{18}$'),
  -- scrypt$N$r$p$salt$hash (base64); NULL: no password login (API tokens only)
  password_hash text,
  disabled_at   timestamptz,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'county') = (division IS NOT NULL)),
  CHECK ((role = 'enterprise') = (uscc IS NOT NULL))
);

CREATE TABLE sessions (
  -- SHA-256 (hex) of the session id the cookie carries
  id_hash      text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id           serial PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  -- SHA-256 (hex) of the token
  token_hash   text NOT NULL UNIQUE,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Login attempts per key ('user:<name>' or 'ip:<address>'), counted before the password is checked.
CREATE TABLE login_throttle (
  key          text PRIMARY KEY,
  attempts     integer NOT NULL,
  last_at      timestamptz NOT NULL,
  locked_until timestamptz
);
`,
};
