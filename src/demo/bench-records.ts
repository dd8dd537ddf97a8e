/**
 * Synthetic canonical records for timing runs (`npm run bench`, `bench/gen-records.js`): N enterprises of
 * the seven county-level divisions of the demo city, every field of the canonical record file filled the
 * way a merged departmental sheet is (below-scale firms have no energy, emission, headcount or R&D
 * figures; about 5 % of above-scale firms lack emissions). Unlike the demo city (`generateDemoCity`) it
 * models no departments, parcels or history: it is the plain, fast input that the engine and the DuckDB
 * peer (`bench/peer-duckdb.js`) both read. Deterministic for a seed.
 */
import { CANONICAL_COLUMNS } from '../domain/fields.js';
import { withCheckChar } from '../domain/uscc.js';
import { Random } from './random.js';

const COUNTIES = ['330402', '330411', '330421', '330424', '330481', '330482', '330483'] as const;
/** Industry 小类 codes of manufacturing the demo city has many of (GB/T 4754-2017). */
const INDUSTRIES = [
  '3825',
  '3972',
  '4028',
  '3421',
  '2651',
  '1713',
  '3670',
  '2929',
  '3311',
  '3581',
  '1810',
  '2665',
] as const;

/** Rounds to `d` decimals and prints without trailing zeros. */
const fixed = (x: number, d: number): string => String(Math.round(x * 10 ** d) / 10 ** d);
const flag = (rng: Random, p: number): string => (rng.bernoulli(p) ? '1' : '0');

/** The USCC of the i-th bench enterprise (i ≥ 1): 91 + 330400 + a 9-digit serial, with its check character. */
export function benchUscc(i: number): string {
  return withCheckChar(('91330400' + String(i).padStart(9, '0')).slice(0, 17));
}

/** `n` canonical records as the text of a canonical record file (UTF-8 CSV with its header). */
export function benchRecordsCsv(n: number, seed = 7): string {
  const rng = new Random(seed, 'bench-records');
  const out: string[] = [CANONICAL_COLUMNS.join(',')];
  for (let i = 1; i <= n; i++) {
    const above = rng.bernoulli(0.3);
    const land = rng.lognormal(above ? Math.exp(3) : Math.exp(1.8), 0.8);
    const tax = land * 20 * rng.lognormal(1, 1) * rng.lognormal(1, 0.5);
    const va = tax * 5 * rng.lognormal(1, 0.4);
    const revenue = va * 4 * rng.lognormal(1, 0.3);
    const energy = above ? fixed(va / (2.5 * rng.lognormal(1, 0.6)), 2) : '';
    const emissions = above && rng.bernoulli(0.95) ? fixed(va / (4000 * rng.lognormal(1, 1)), 4) : '';
    const employees = above ? String(Math.max(1, Math.floor((va / 18) * rng.lognormal(1, 0.3)))) : '';
    const rd = above ? fixed(revenue * 0.03 * rng.lognormal(1, 0.7), 2) : '';
    const electricity = fixed(tax / (0.23 * rng.lognormal(1, 0.5)), 2);
    out.push(
      [
        benchUscc(i),
        `企业${i}`,
        rng.pick(COUNTIES),
        rng.pick(INDUSTRIES),
        above ? '1' : '0',
        fixed(land, 2),
        fixed(tax, 2),
        fixed(va, 2),
        fixed(revenue, 2),
        energy,
        emissions,
        employees,
        rd,
        electricity,
        String(Math.floor(-Math.log(1 - rng.uniform()) / 0.2)),
        String(rng.int(1990, 2022)),
        flag(rng, 0.1),
        flag(rng, 0.05),
        flag(rng, 0.01),
        flag(rng, 0.01),
        flag(rng, 0.01),
        String(Math.floor(-Math.log(1 - rng.uniform()) / 2)),
      ].join(','),
    );
  }
  return out.join('\n') + '\n';
}
