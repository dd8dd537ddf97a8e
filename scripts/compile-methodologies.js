#!/usr/bin/env node
// Build step: parse the shipped methodologies once and write dist/methodology-cache.json, keyed by the
// SHA-256 of each file's text (see src/methodologies/shipped.ts). A changed file is simply parsed again.
import { writeFileSync } from 'node:fs';
import { compileShippedMethodologies } from '../dist/methodologies/shipped.js';

const out = await compileShippedMethodologies();
writeFileSync(new URL('../dist/methodology-cache.json', import.meta.url), JSON.stringify(out));
console.log(`methodology cache: ${Object.keys(out).join(', ')}`);
