/**
 * The demo city one year earlier: the same enterprises (those founded before the data year), with
 * their figures varied deterministically, so that the cockpit's "against last year" and an
 * enterprise's history have something to show. Every number is a demo assumption.
 *
 * Per enterprise a growth factor g (this year ÷ last year, lognormal around 1.06, within 0.55–1.8) is
 * drawn; last year's tax, revenue and R&D are this year's ÷ g, value added ÷ g with a little noise of
 * its own, energy, electricity and emissions ÷ g^0.7, headcount ÷ g^0.3; land, parcels, scale and
 * qualifications are unchanged; safety accidents and environmental violations are drawn afresh at the
 * generator's rates; land acquired in the data year is unknown last year.
 */
import { allocateBatch, type RecordBatch } from '../domain/record-batch.js';
import { NUMERIC_FIELDS } from '../domain/fields.js';
import type { DemoCity, DemoParcels } from './generate.js';
import { Random } from './random.js';

const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const ABOVE_SCALE_REVENUE = 2000; // 万元

/** What loading a demo year needs: its year, seed, records and parcels. */
export type DemoYear = Pick<DemoCity, 'seed' | 'dataYear' | 'batch' | 'parcels'>;

export function previousYearOf(city: DemoYear): DemoYear {
  const b = city.batch;
  const year = city.dataYear - 1;
  const keep: number[] = [];
  for (let i = 0; i < b.length; i++) if (!(b.columns.founded[i]! > year)) keep.push(i);
  const n = keep.length;
  const out: RecordBatch = allocateBatch(n);
  const newIndex = new Int32Array(b.length).fill(-1);
  const rng = new Random(city.seed, 'previous-year');
  keep.forEach((i, k) => {
    newIndex[i] = k;
    out.uscc[k] = b.uscc[i]!;
    out.name[k] = b.name[i] ?? null;
    out.division[k] = b.division[i] ?? null;
    out.industry[k] = b.industry[i] ?? null;
    out.tenantOf[k] = b.tenantOf[i] ?? null;
    for (const f of NUMERIC_FIELDS) out.columns[f][k] = b.columns[f][i]!;
    const c = out.columns;
    const g = clamp(rng.lognormal(1.06, 0.18), 0.55, 1.8);
    const vaNoise = rng.lognormal(1, 0.05);
    const scaled = (f: 'tax' | 'revenue' | 'rd_spend' | 'value_added', by: number) => {
      const v = c[f][k]!;
      if (!Number.isNaN(v)) c[f][k] = round2(v / by);
    };
    scaled('tax', g);
    scaled('revenue', g);
    scaled('rd_spend', g);
    scaled('value_added', g * vaNoise);
    const above = c.above_scale[k] === 1;
    if (!Number.isNaN(c.revenue[k]!))
      c.revenue[k] = above ? Math.max(ABOVE_SCALE_REVENUE, c.revenue[k]!) : Math.min(1999.99, c.revenue[k]!);
    for (const f of ['energy_tce', 'electricity'] as const) {
      const v = c[f][k]!;
      if (!Number.isNaN(v)) c[f][k] = Math.max(0.01, round2(v / g ** 0.7));
    }
    if (!Number.isNaN(c.emissions_t[k]!))
      c.emissions_t[k] = Math.round((c.emissions_t[k]! / g ** 0.7) * 1000) / 1000;
    if (!Number.isNaN(c.employees[k]!)) c.employees[k] = Math.max(1, Math.round(c.employees[k]! / g ** 0.3));
    const polluting = c.environmental_violation[k] === 1;
    c.safety_accident[k] = rng.bernoulli(0.01) ? 1 : 0;
    c.environmental_violation[k] = rng.bernoulli(polluting ? 0.025 : 0.008) ? 1 : 0;
    if (c.land_acquired[k]! > year) c.land_acquired[k] = NaN;
  });
  // the parcels of the enterprises kept, renumbered
  const p = city.parcels;
  const idx: number[] = [];
  for (let j = 0; j < p.count; j++) if (newIndex[p.owner[j]!]! >= 0) idx.push(j);
  const start = new Int32Array(n + 1);
  const owner = new Int32Array(idx.length);
  idx.forEach((j, m) => (owner[m] = newIndex[p.owner[j]!]!));
  for (let m = 0, k = 0; k <= n; k++) {
    while (m < owner.length && owner[m]! < k) m++;
    start[k] = m;
  }
  const parcels: DemoParcels = {
    count: idx.length,
    start,
    owner,
    certificate: idx.map((j) => p.certificate[j]!),
    areaM2: Float64Array.from(idx, (j) => p.areaM2[j]!),
    tenure: Uint8Array.from(idx, (j) => p.tenure[j]!),
    acquired: Int16Array.from(idx, (j) => p.acquired[j]!),
  };
  return { seed: city.seed, dataYear: year, batch: out, parcels };
}
