#!/usr/bin/env node
// `npm run schema`: rewrites the committed JSON Schemas from the zod schemas they are generated from
// (methodologies, methodology tests, policies, import profiles) and the OpenAPI document of the API
// (from its endpoint definitions), formatted as the repository formats
// them. Tests fail when a committed copy drifts from the code; this is how to bring it back in step.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { methodologyJsonSchema, methodologyTestsJsonSchema } = await dist('methodologies/json-schema.js');
const { policyJsonSchema } = await dist('policies/json-schema.js');
const { profileJsonSchema } = await dist('ingest/profiles/json-schema.js');
const { apiDocument } = await dist('api/routes/meta.routes.js');

const files = {
  'methodologies/methodology.schema.json': methodologyJsonSchema(),
  'methodologies/tests/methodology-tests.schema.json': methodologyTestsJsonSchema(),
  'policies/policy.schema.json': policyJsonSchema(),
  'profiles/profiles.schema.json': profileJsonSchema(),
  'docs/openapi.json': apiDocument(),
};
for (const [file, schema] of Object.entries(files))
  writeFileSync(path.join(root, file), JSON.stringify(schema, null, 2) + '\n');
execFileSync(path.join(root, 'node_modules/.bin/prettier'), ['--write', ...Object.keys(files)], {
  cwd: root,
  stdio: 'ignore',
});
console.log(`schemas written: ${Object.keys(files).join(', ')}`);
