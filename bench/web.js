#!/usr/bin/env node
// The web figures of issue 4, in a real Chromium against `mujun serve` on a PGlite store:
//   - cockpit first render (navigation → class chart drawn and top-10 table filled), cold and warm cache;
//   - enterprise table page change (click "next page" → the first row changes), plain and sorted by
//     tax per mu within a county;
//   - the JavaScript and CSS the first page loads, gzipped.
// Sizes (env BENCH_WEB_SIZES, default "8000,200000"); the demo city of each size is generated and loaded
// once into a scratch folder. Run by `npm run bench` (section "web") or alone: `node bench/web.js`.
/* global document, requestAnimationFrame -- the page functions run in the browser */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = (process.env.BENCH_WEB_SIZES ?? '8000,200000').split(',').map(Number);
const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (!existsSync(exe)) {
  console.log(`web: skipped (no Chromium at ${exe})`);
  process.exit(0);
}
// the figures are those of the production build: a build made with NODE_ENV=test or development bundles
// React's development version (twice the bytes, several times slower renders)
{
  const assets = path.join(root, 'dist/web/assets');
  const dev = existsSync(assets)
    ? readdirSync(assets).filter(
        (f) =>
          f.endsWith('.js') &&
          readFileSync(path.join(assets, f), 'utf8').includes(
            'is deprecated in plain JavaScript React classes',
          ),
      )
    : [];
  if (!existsSync(assets) || dev.length > 0) {
    console.error(
      `web: dist/web is ${dev.length > 0 ? `a development build (${dev.join(', ')})` : 'missing'}: run \`npm run build\` first`,
    );
    process.exit(1);
  }
}

async function serve(dataDir, port) {
  const child = spawn(process.execPath, ['bin/mujun.js', 'serve', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, MUJUN_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    const on = (b) => {
      out += b;
      if (out.includes('http://')) resolve();
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return child;
}

/** A browser context logged in as the bench's analyst (the session cookie is shared with its pages). */
async function loggedIn(browser, url, password) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const r = await ctx.request.post(url + '/api/auth/login', { data: { username: 'bench', password } });
  if (!r.ok()) throw new Error(`login failed: ${r.status()} ${await r.text()}`);
  return ctx;
}

async function measure(n) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'mujun-bench-web-'));
  const dataDir = path.join(work, 'store');
  const t0 = performance.now();
  const d = spawnSync(
    process.execPath,
    ['bin/mujun.js', 'demo', '--enterprises', String(n), '--out', path.join(work, 'demo')],
    { cwd: root, env: { ...process.env, MUJUN_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' },
  );
  if (d.status !== 0) throw new Error(d.stderr);
  console.log(
    `web ${n.toLocaleString('en')}: demo city loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // an analyst account to browse with (every page needs a login)
  const password = randomBytes(12).toString('base64url');
  const u = spawnSync(
    process.execPath,
    ['bin/mujun.js', 'users', 'add', 'bench', '--role', 'analyst', '--name', 'bench'],
    {
      cwd: root,
      env: { ...process.env, MUJUN_DATA_DIR: dataDir, DATABASE_URL: '', MUJUN_PASSWORD: password },
      encoding: 'utf8',
    },
  );
  if (u.status !== 0) throw new Error(u.stderr);
  const port = 3900 + (n % 97);
  const server = await serve(dataDir, port);
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: exe,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    // cockpit: cold (new context = empty cache) and warm (same context, reload)
    const cold = [];
    const warm = [];
    let firstPageBytes = 0;
    for (let k = 0; k < 3; k++) {
      const ctx = await loggedIn(browser, url, password);
      const page = await ctx.newPage();
      const assets = new Set();
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/assets/')) assets.add(u.pathname);
      });
      for (const list of [cold, warm]) {
        // from the navigation's start (the page's time origin) to the class chart drawn and the top-10 filled
        await page.goto(url + '/', { waitUntil: 'commit' });
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid=chart-classes] canvas') &&
            document.querySelector('[data-testid=card-top] tbody tr.ant-table-row'),
          undefined,
          { polling: 'raf', timeout: 60_000 },
        );
        list.push(
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))),
        );
      }
      if (k === 0)
        for (const a of assets)
          firstPageBytes += gzipSync(readFileSync(path.join(root, 'dist/web', a))).length;
      await ctx.close();
    }
    // enterprise table: page changes
    const ctx = await loggedIn(browser, url, password);
    const page = await ctx.newPage();
    // from the click on "next page" to the next frame painted with the new rows, timed in the page
    const pageChange = async (address) => {
      await page.goto(url + address);
      await page.locator('[data-testid=results-table] tbody tr.ant-table-row').first().waitFor();
      await page.waitForTimeout(300);
      const times = [];
      const server = [];
      for (let k = 0; k < 7; k++) {
        const r = await page.evaluate(
          () =>
            new Promise((resolve) => {
              performance.clearResourceTimings();
              const first = () =>
                document.querySelector('[data-testid=results-table] tbody tr.ant-table-row');
              const before = first()?.getAttribute('data-row-key');
              const t0 = performance.now();
              document.querySelector('.ant-pagination-next').click();
              const check = () => {
                const row = first();
                const spinning = document.querySelector('[data-testid=results-table] .ant-spin-spinning');
                if (row && row.getAttribute('data-row-key') !== before && !spinning)
                  requestAnimationFrame(() => {
                    // the request's own time (sent → last byte), to tell the server's part from the page's
                    const e = performance
                      .getEntriesByType('resource')
                      .find((x) => x.name.includes('/results?'));
                    resolve({ ms: performance.now() - t0, request: e ? e.responseEnd - e.startTime : NaN });
                  });
                else requestAnimationFrame(check);
              };
              check();
            }),
        );
        times.push(r.ms);
        server.push(r.request);
      }
      return { ms: median(times), request: median(server) };
    };
    const plain = await pageChange('/enterprises');
    const sorted = await pageChange('/enterprises?division=330481&order=tax_per_mu&dir=desc');
    const search = await pageChange('/enterprises?q=%E7%A7%91%E6%8A%80&order=total&dir=desc');
    await ctx.close();
    const res = {
      n,
      cockpitColdMs: median(cold),
      cockpitWarmMs: median(warm),
      pagePlainMs: plain.ms,
      pageSortedMs: sorted.ms,
      pageSearchMs: search.ms,
      requestPlainMs: plain.request,
      requestSortedMs: sorted.request,
      requestSearchMs: search.request,
      firstPageKB: firstPageBytes / 1024,
    };
    console.log(
      `web ${n.toLocaleString('en')}: cockpit first render ${res.cockpitColdMs.toFixed(0)} ms cold, ${res.cockpitWarmMs.toFixed(0)} ms warm; ` +
        `table page change ${plain.ms.toFixed(0)} ms (by row), ${sorted.ms.toFixed(0)} ms (county, by tax per mu), ${search.ms.toFixed(0)} ms (name search, by score), ` +
        `of which the request ${plain.request.toFixed(0)} / ${sorted.request.toFixed(0)} / ${search.request.toFixed(0)} ms; ` +
        `first page JS+CSS ${res.firstPageKB.toFixed(0)} KB gzipped`,
    );
    console.log('BENCH ' + JSON.stringify(res));
    return res;
  } finally {
    await browser.close();
    server.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const n of sizes) await measure(n);
