#!/usr/bin/env node
// The JSON API's figures on N enterprises (BENCH_N, default 200,000), on PGlite and on PostgreSQL
// (BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL; skipped when none answers):
//   - the demo city and its previous year loaded and evaluated (two runs, as `npm start` has);
//   - the enterprise table: first page, then page changes (median of 5) for several filter/sort sets;
//   - the cockpit (first call, then median of 3), a comparison of the two runs, one enterprise;
//   - the XLSX export of every row;
//   - while a run is stored as a job: how long job polls and a table page take to answer.
// Requests go through the app in-process (`app.request`, no sockets): server time only.
// Each engine runs in its own child process. Run by `npm run bench` (section "api") or alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 200000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

if (process.argv[2] === '--child') await child(process.argv[3]);
else await parent();

async function parent() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'mujun-bench-api-'));
  const engines = [['PGlite', { MUJUN_DATA_DIR: path.join(work, 'pglite'), DATABASE_URL: '' }]];
  const pgUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_api_${process.pid}`;
  const pgOk =
    spawnSync('psql', [pgUrl, '-qtAc', `create schema ${schema}`], { encoding: 'utf8' }).status === 0;
  if (pgOk)
    engines.push([
      'PostgreSQL',
      {
        DATABASE_URL:
          pgUrl +
          (pgUrl.includes('?') ? '&' : '?') +
          `options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      },
    ]);
  else console.log(`api on PostgreSQL: skipped (${pgUrl} does not answer)`);
  try {
    for (const [label, env] of engines) {
      const r = spawnSync(
        '/usr/bin/time',
        ['-f', '%M', process.execPath, fileURLToPath(import.meta.url), '--child', label],
        {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 1 << 26,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      process.stdout.write(r.stdout);
      if (r.status !== 0) {
        console.log(`api on ${label} failed:\n${r.stderr}`);
        continue;
      }
      console.log(
        `api on ${label}: peak RSS ${(Number(r.stderr.trim().split('\n').at(-1)) / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    if (pgOk) spawnSync('psql', [pgUrl, '-qtAc', `drop schema ${schema} cascade`]);
    rmSync(work, { recursive: true, force: true });
  }
}

async function child(label) {
  const dist = (p) => path.join(root, 'dist', p);
  const { generateDemoCity, previousYearOf } = await import(dist('demo/index.js'));
  const { openStore } = await import(dist('services/store.js'));
  const { loadDemoCity } = await import(dist('services/demo.service.js'));
  const { evaluateStored } = await import(dist('services/evaluation.service.js'));
  const { loadMethodology } = await import(dist('methodologies/shipped.js'));
  const { createApp } = await import(dist('api/app.js'));
  const { jobsOf } = await import(dist('services/jobs.service.js'));

  const out = [];
  const figures = { pageChangeMaxMs: 0, firstPageMaxMs: 0 };
  const line = (what, value, note = '') => {
    out.push({ what, value, note });
    console.log(`api on ${label}: ${what}: ${value}${note ? ` ${note}` : ''}`);
  };
  const store = await openStore(
    process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: process.env.MUJUN_DATA_DIR },
  );
  const city = generateDemoCity({ enterprises: N });
  const methodology = await loadMethodology('jiaxing-demo-2024');
  const runs = [];
  for (const c of [previousYearOf(city), city]) {
    const t0 = performance.now();
    const { dataset } = await loadDemoCity(store, c, `bench-api-${c.dataYear}`, 'bench');
    const t1 = performance.now();
    const r = await evaluateStored(store, {
      methodology,
      year: c.dataYear,
      datasetId: dataset.id,
      createdBy: 'bench',
    });
    const t2 = performance.now();
    runs.push(r.runId);
    line(
      `load + evaluate + persist ${c.batch.length.toLocaleString('en')} (${c.dataYear})`,
      `${((t2 - t0) / 1000).toFixed(1)} s`,
      `(load ${((t1 - t0) / 1000).toFixed(1)} s, evaluate + persist ${((t2 - t1) / 1000).toFixed(1)} s)`,
    );
  }
  const [prevRun, run] = runs;
  const app = createApp(store);
  // every API call is made as a city analyst with an API token (ADR 0011)
  const { createApiToken, createUser } = await import(dist('services/accounts.service.js'));
  const benchUser = `bench-${Date.now().toString(36)}`;
  await createUser(store, { username: benchUser, role: 'analyst' }, 'bench');
  const { token } = await createApiToken(store, benchUser, { name: 'bench', days: 1 }, 'bench');
  const request = (url, init = {}) =>
    app.request(url, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });
  const time = async (url) => {
    const t0 = performance.now();
    const res = await request(url);
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString()}`);
    return { ms: performance.now() - t0, bytes: body.byteLength, body };
  };

  // the enterprise table: first page of a filter/sort set, then page changes within it
  const division = city.batch.division[0];
  const sets = [
    ['all, dataset order', ''],
    ['all, by total', 'order=total'],
    ['all, by tax per mu ↓', 'order=tax_per_mu&dir=desc'],
    ['one county, by tax per mu', `division=${division}&order=tax_per_mu`],
    [
      'graded class C+D, manufacturing (section C), by value added per mu ↑',
      'status=graded&class=C,D&industry=C&order=value_added_per_mu&dir=asc',
    ],
    ['above scale + high tech, by name', 'flags=above_scale,high_tech&order=name'],
    ['name contains 科技, by land', `q=${encodeURIComponent('科技')}&order=land_mu`],
  ];
  for (const [what, q] of sets) {
    const first = await time(`/api/runs/${run}/results?${q}&limit=50`);
    const changes = [];
    for (let k = 1; k <= 5; k++)
      changes.push((await time(`/api/runs/${run}/results?${q}&limit=50&offset=${k * 50}`)).ms);
    line(`table: ${what}`, `first page ${ms(first.ms)}, page change ${ms(median(changes))} (median of 5)`);
    figures.pageChangeMaxMs = Math.max(figures.pageChangeMaxMs, median(changes));
    figures.firstPageMaxMs = Math.max(figures.firstPageMaxMs, first.ms);
  }
  const deep = await time(`/api/runs/${run}/results?order=tax_per_mu&limit=50&offset=${Math.floor(N / 2)}`);
  line('table: page in the middle (offset N/2), by tax per mu', ms(deep.ms));

  // the cockpit, the comparison, one enterprise
  const c1 = await time(`/api/runs/${run}/cockpit`);
  figures.cockpitFirstMs = c1.ms;
  const cs = [];
  for (let k = 0; k < 3; k++) cs.push((await time(`/api/runs/${run}/cockpit`)).ms);
  line(
    'cockpit',
    `first ${ms(c1.ms)}, then ${ms(median(cs))} (median of 3)`,
    `(${(c1.bytes / 1024).toFixed(0)} KB)`,
  );
  const cmp = await time(`/api/runs/${prevRun}/compare/${run}?limit=50`);
  line('compare two runs (matrix, counties, first 50 moved)', ms(cmp.ms));
  const top = JSON.parse(
    Buffer.from((await time(`/api/runs/${run}/results?order=total&limit=1`)).body).toString(),
  );
  const ent = await time(`/api/enterprises/${top.items[0].uscc}`);
  line('one enterprise (identity, sources, result, history)', ms(ent.ms));

  // XLSX of every row
  const x = await time(`/api/runs/${run}/results.xlsx`);
  figures.xlsxMs = x.ms;
  line(
    `XLSX export of all ${N.toLocaleString('en')} rows`,
    `${(x.ms / 1000).toFixed(1)} s`,
    `(${(x.bytes / 1048576).toFixed(1)} MB)`,
  );

  // responsiveness while a run is evaluated and stored as a job
  const start = await request('/api/runs', {
    method: 'POST',
    body: JSON.stringify({ methodology: 'jiaxing-demo-2024', year: city.dataYear }),
    headers: { 'content-type': 'application/json' },
  });
  const { job } = await start.json();
  const polls = [];
  const phases = new Set();
  let pageDuring = null;
  const t0 = performance.now();
  let last = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const j = await (await request(`/api/jobs/${job.id}`)).json();
    const now = performance.now();
    // beyond the 100 ms pause: how long the event loop could not answer (the poll itself is memory only)
    polls.push(Math.max(0, now - last - 100));
    last = now;
    phases.add(j.phase);
    if (j.phase === 'persist' && pageDuring === null) {
      const q0 = performance.now();
      pageDuring = 'pending';
      void request(`/api/runs/${run}/results?order=total&limit=50&offset=50`).then(async (res) => {
        await res.arrayBuffer();
        pageDuring = performance.now() - q0;
      });
    }
    if (j.state === 'done' || j.state === 'failed') break;
  }
  const jobMs = performance.now() - t0;
  await jobsOf(store).idle();
  // gaps between polls beyond the 100 ms pause are time the event loop was blocked
  line(
    'during a run job',
    `job ${(jobMs / 1000).toFixed(1)} s; polls every 100 ms answered ${polls.length}×, late by at most ${ms(Math.max(...polls))} (median ${ms(median(polls))}); ` +
      `a table page asked during persist answered after ${typeof pageDuring === 'number' ? ms(pageDuring) : 'the job'}`,
    `(phases ${[...phases].filter(Boolean).join(' → ')})`,
  );
  await store.db.close();
  figures.pollLateMaxMs = Math.max(...polls);
  console.log('BENCH ' + JSON.stringify({ label, n: N, ...figures }));
}
