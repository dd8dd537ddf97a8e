#!/usr/bin/env node
// Writes N synthetic canonical records for timing runs: node bench/gen-records.js N OUT.csv [seed]
// (the generator is src/demo/bench-records.ts; run `npm run build` first).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { benchRecordsCsv } = await import(path.join(root, 'dist/demo/index.js'));
const [n, out, seed] = process.argv.slice(2);
if (!n || !out || !(Number(n) >= 0)) {
  console.error('usage: node bench/gen-records.js N OUT.csv [seed]');
  process.exit(2);
}
writeFileSync(out, benchRecordsCsv(Number(n), seed === undefined ? 7 : Number(seed)));
