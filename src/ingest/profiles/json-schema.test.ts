import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileJsonSchema, profileJsonSchemaText } from './json-schema.js';
import { PROFILES_DIR } from './shipped.js';

const FILE = path.join(PROFILES_DIR, 'profiles.schema.json');

describe('profiles.schema.json', () => {
  it('is the committed copy of the schema generated from zod', () => {
    // UPDATE_SCHEMA=1 rewrites the committed copy (then `npx prettier --write` it: the repository's
    // format check covers it, so the comparison is of the JSON, not of its layout).
    if (process.env.UPDATE_SCHEMA) writeFileSync(FILE, profileJsonSchemaText());
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(profileJsonSchema());
  });

  it('describes the format with its id and the canonical fields', () => {
    const s = profileJsonSchema();
    expect(s.$id).toBe('urn:mujun.profile/v1');
    const text = JSON.stringify(s);
    for (const word of ['first_present', 'duplicates', 'land_mu', 'emissions_t', '平方米', '千瓦时'])
      expect(text).toContain(word);
  });
});
