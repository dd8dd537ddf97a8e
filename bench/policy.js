#!/usr/bin/env node
// The figures of the differentiated-resources issue (run by bench/run.js, or alone after `npm run build`:
// `node bench/policy.js`). Each measurement in its own child process, its peak RSS from GNU time:
//   1. applying the demo policy to BENCH_N (200,000) enterprises in memory (apply + totals), and a
//      what-if of two methodologies (evaluate both, apply, compare) — the pure functions;
//   2. the same through the services on the embedded database (PGlite), and on PostgreSQL when one
//      answers (BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL): a published run of BENCH_N
//      enterprises stored first (not timed), then `applyToRun` cold (reads the results, the fields the
//      policy uses and the classes) and warm, and `whatIf` (skip with BENCH_SKIP=policy-db);
//   3. a 1,000-draw sensitivity run (±10 % weights, ±5 % data) on 8,000 enterprises (BENCH_SENS_N),
//      on the worker threads the service starts (2 on this machine).
// Prints `BENCH {json}` lines for run.js and a table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 200000);
const SENS_N = Number(process.env.BENCH_SENS_N ?? 8000);
const DRAWS = Number(process.env.BENCH_DRAWS ?? 1000);
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const work = mkdtempSync(path.join(os.tmpdir(), 'mujun-bench-policy-'));
const dist = (p) => JSON.stringify(path.join(root, 'dist', p));
const rows = [];

function timed(script, env = {}) {
  const file = path.join(work, `s${rows.length}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--expose-gc', file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: {
      ...process.env,
      DATABASE_URL: '',
      MUJUN_DATA_DIR: path.join(work, 'store-' + rows.length),
      ...env,
    },
  });
  if (r.status !== 0) throw new Error(`bench script failed:\n${r.stderr}`);
  const rssMB = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
  const m = r.stdout.match(/^RESULT (.*)$/m);
  return { ...JSON.parse(m[1]), rssMB };
}

function add(what, seconds, rssMB, n, note = '') {
  const row = { what, seconds, rssMB, perSecond: n / seconds, note };
  rows.push(row);
  console.log('BENCH ' + JSON.stringify(row));
}

const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(
  `policy bench: N=${N}, sensitivity on ${SENS_N} × ${DRAWS} draws; load average ${load}; ${os.availableParallelism()} cores`,
);

// ---- 1. pure: apply and what-if in memory --------------------------------------------------------------
{
  const r = timed(`
import { generateDemoCity } from ${dist('demo/index.js')};
import { evaluate } from ${dist('engine/index.js')};
import { loadMethodology } from ${dist('methodologies/shipped.js')};
import { loadPolicy } from ${dist('policies/shipped.js')};
import { referenceSets } from ${dist('services/records.service.js')};
import { applyInputFromRun, applyPolicy, policyTotals, compareApplications } from ${dist('policy/index.js')};
const city = generateDemoCity({ enterprises: ${N} });
const mA = await loadMethodology('jiaxing-demo-2024');
const mB = await loadMethodology('huangyan-2023');
const { policy } = await loadPolicy('jiaxing-demo-2024');
const ctx = (lm) => ({ methodologyHash: lm.hash, datasetVersion: 'bench', dataYear: city.dataYear, ...referenceSets() });
const runA = evaluate(city.batch, mA.methodology, ctx(mA));
globalThis.gc?.();
const apply = [];
for (let k = 0; k < 5; k++) {
  const t0 = performance.now();
  const app = applyPolicy(policy, applyInputFromRun(runA));
  policyTotals(app);
  apply.push(performance.now() - t0);
}
apply.sort((a, b) => a - b);
const whatif = [];
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  const a = evaluate(city.batch, mA.methodology, ctx(mA));
  const b = evaluate(city.batch, mB.methodology, ctx(mB));
  const r = compareApplications(applyPolicy(policy, applyInputFromRun(a)), applyPolicy(policy, applyInputFromRun(b)));
  whatif.push(performance.now() - t0);
  if (k === 0) console.error('changed', r.changedCount);
}
whatif.sort((a, b) => a - b);
console.log('RESULT ' + JSON.stringify({ applyMs: apply[2], whatifMs: whatif[1] }));
`);
  add(
    `policy apply + totals, ${N.toLocaleString('en')} enterprises, in memory (median of 5)`,
    r.applyMs / 1000,
    r.rssMB,
    N,
  );
  add(
    `what-if of two methodologies (evaluate both, apply, compare), ${N.toLocaleString('en')}, in memory (median of 3)`,
    r.whatifMs / 1000,
    r.rssMB,
    N,
  );
}

// ---- 2. the services on PGlite (and on PostgreSQL when one answers) ---------------------------------------
function services(label, env) {
  const r = timed(
    `
import { generateDemoCity } from ${dist('demo/index.js')};
import { openStore } from ${dist('services/store.js')};
import { loadDemoCity } from ${dist('services/demo.service.js')};
import { evaluateStored } from ${dist('services/evaluation.service.js')};
import { loadMethodology } from ${dist('methodologies/shipped.js')};
import { setRunPublishedAt } from ${dist('db/index.js')};
import { applyToRun, resolvePolicy, whatIf } from ${dist('services/policy.service.js')};
const city = generateDemoCity({ enterprises: ${N} });
const store = await openStore(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: process.env.MUJUN_DATA_DIR });
const { dataset } = await loadDemoCity(store, city, 'bench-policy', 'bench');
const lm = await loadMethodology('jiaxing-demo-2024');
const s = await evaluateStored(store, { methodology: lm, year: city.dataYear, datasetId: dataset.id, createdBy: 'bench' });
await setRunPublishedAt(store.db, s.runId, new Date());
globalThis.gc?.();
const policy = await resolvePolicy('jiaxing-demo-2024');
let t0 = performance.now();
await applyToRun(store, { runId: s.runId, policy, createdBy: 'bench' });
const cold = performance.now() - t0;
t0 = performance.now();
await applyToRun(store, { runId: s.runId, policy, save: true, createdBy: 'bench' });
const warm = performance.now() - t0;
t0 = performance.now();
await whatIf(store, { datasetId: dataset.id, methodology: lm, methodologyB: await loadMethodology('huangyan-2023'), policy });
const wi = performance.now() - t0;
await store.db.close();
console.log('RESULT ' + JSON.stringify({ cold, warm, wi }));
`,
    env,
  );
  const n = N.toLocaleString('en');
  add(
    `applyToRun on ${label}, ${n}, cold (reads the results, the policy's fields and the classes)`,
    r.cold / 1000,
    r.rssMB,
    N,
  );
  add(
    `applyToRun on ${label}, ${n}, warm (inputs cached, classes re-read; stores the application)`,
    r.warm / 1000,
    r.rssMB,
    N,
  );
  add(
    `whatIf service on ${label}, ${n} (reads the dataset, evaluates both, applies, compares)`,
    r.wi / 1000,
    r.rssMB,
    N,
  );
}
if (!skip.has('policy-db')) {
  services('PGlite', {});
  const pgUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_policy_${process.pid}`;
  if (spawnSync('psql', [pgUrl, '-qtAc', `create schema ${schema}`], { encoding: 'utf8' }).status === 0) {
    try {
      services('PostgreSQL', {
        DATABASE_URL:
          pgUrl +
          (pgUrl.includes('?') ? '&' : '?') +
          `options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      });
    } finally {
      spawnSync('psql', [pgUrl, '-qtAc', `drop schema ${schema} cascade`]);
    }
  } else console.log(`PostgreSQL: skipped (${pgUrl} does not answer)`);
}

// ---- 3. sensitivity ----------------------------------------------------------------------------------------
{
  const r = timed(`
import { openStore } from ${dist('services/store.js')};
import { runDemo } from ${dist('services/demo.service.js')};
import { sensitivity } from ${dist('services/policy.service.js')};
const store = await openStore({ dataDir: process.env.MUJUN_DATA_DIR });
const demo = await runDemo(store, { enterprises: ${SENS_N}, outDir: process.env.MUJUN_DATA_DIR + '-files' });
globalThis.gc?.();
const t0 = performance.now();
const s = await sensitivity(store, { runId: demo.stored.runId, draws: ${DRAWS}, seed: 1, weights: 0.1, data: 0.05 });
const ms = performance.now() - t0;
await store.db.close();
console.log('RESULT ' + JSON.stringify({ ms, workers: s.workers, fragile: s.fragileCount, graded: s.graded }));
`);
  add(
    `sensitivity ${DRAWS.toLocaleString('en')} draws × ${SENS_N.toLocaleString('en')} enterprises (${r.workers} worker threads; ${r.fragile} of ${r.graded} fragile)`,
    r.ms / 1000,
    r.rssMB,
    SENS_N * DRAWS,
  );
}

console.log(
  `load average after: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('\n| measurement | wall (s) | peak RSS (MB) |\n|---|---:|---:|');
for (const r of rows) console.log(`| ${r.what} | ${r.seconds.toFixed(3)} | ${r.rssMB.toFixed(0)} |`);
rmSync(work, { recursive: true, force: true });
