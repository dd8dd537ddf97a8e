#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (prepare) or `npm run build`.
// `mujun evaluate --records FILE` starts its helper thread first (for a large file), so that the file
// is read while the rest loads, and in its plain forms runs without the full command-line parser.
import { startRecordsHelperFromArgv } from '../dist/parallel/records-helper.js';

startRecordsHelperFromArgv(process.argv);
const { evaluateFast } = process.argv.includes('evaluate')
  ? await import('../dist/cli/commands/evaluate.js')
  : {};
const run = async () =>
  (await evaluateFast?.(process.argv)) ?? (await import('../dist/cli/main.js')).main(process.argv);

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
