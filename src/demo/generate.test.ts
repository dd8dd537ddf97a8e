import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IndustryTable, isIndustrialCode } from '../domain/reference.js';
import { isValidUscc, usccProblem } from '../domain/uscc.js';
import { loadDivisions, loadIndustries } from '../reference/reference-data.js';
import { formatCanonicalCsv } from '../records/canonical-format.js';
import { DEMO_INDUSTRIES, generateDemoCity, M2_PER_MU, TENURE_LEASED, type DemoCity } from './index.js';

const round2 = (x: number): number => Math.round(x * 100) / 100;
const csvHash = (city: DemoCity): string =>
  createHash('sha256')
    .update(formatCanonicalCsv(city.batch, { optionalColumns: true }))
    .digest('hex');

const city = generateDemoCity();
const b = city.batch;
const col = b.columns;
const n = b.length;
const share = (f: (i: number) => boolean, over: (i: number) => boolean = () => true): number => {
  let k = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!over(i)) continue;
    m++;
    if (f(i)) k++;
  }
  return k / m;
};
const above = (i: number): boolean => col.above_scale[i] === 1;
const below = (i: number): boolean => col.above_scale[i] === 0;

describe('generateDemoCity', () => {
  it('is deterministic: same seed and size give the same canonical CSV, another seed another', () => {
    const again = generateDemoCity();
    expect(csvHash(again)).toBe(csvHash(city));
    expect(again.parcels.certificate).toEqual(city.parcels.certificate);
    expect(again.meters.account).toEqual(city.meters.account);
    expect(csvHash(generateDemoCity({ seed: 2025 }))).not.toBe(csvHash(city));
    expect(csvHash(generateDemoCity({ dataYear: 2022 }))).not.toBe(csvHash(city));
  });

  it('defaults to 8000 enterprises of data year 2023 and honours the size', () => {
    expect(n).toBe(8000);
    expect(city.dataYear).toBe(2023);
    expect(city.seed).toBe(2024);
    for (const size of [0, 5, 500, 20_000]) {
      const c = generateDemoCity({ enterprises: size });
      expect(c.batch.length).toBe(size);
      expect(c.registeredOn.length).toBe(size);
    }
    expect(() => generateDemoCity({ enterprises: -1 })).toThrow();
    expect(() => generateDemoCity({ enterprises: 1.5 })).toThrow();
  });

  it('covers Jiaxing and its seven counties, with skewed sizes', () => {
    const counties = loadDivisions().countiesOf('330400');
    expect(counties).toHaveLength(7);
    expect(city.city.code).toBe('330400');
    expect(city.counties.map((d) => d.code)).toEqual(counties.map((d) => d.code));
    const size = new Map<string, number>();
    for (let i = 0; i < n; i++) size.set(b.division[i]!, (size.get(b.division[i]!) ?? 0) + 1);
    expect([...size.keys()].sort()).toEqual(counties.map((d) => d.code).sort());
    const of = (name: string): number => size.get(counties.find((d) => d.name === name)!.code)!;
    expect(of('海宁市')).toBeGreaterThan(of('海盐县'));
    expect(of('桐乡市')).toBeGreaterThan(of('南湖区'));
    // Every county is present even in a tiny city.
    const tiny = generateDemoCity({ enterprises: 7 });
    expect(new Set(tiny.batch.division).size).toBe(7);
  });

  it('uses real GB/T 4754-2017 classes, weighted by county', () => {
    const table = loadIndustries();
    for (const ind of DEMO_INDUSTRIES) {
      expect(table.get(ind.code)?.level).toBe(4);
      expect(table.get(ind.code)?.name).toBe(ind.name);
    }
    for (const code of new Set(b.industry)) expect(table.get(code!)?.level).toBe(4);
    const nonIndustrial = share((i) => !isIndustrialCode(b.industry[i]!));
    const utilities = share((i) => {
      const m = IndustryTable.majorOf(b.industry[i]!);
      return m >= 44 && m <= 46;
    });
    expect(nonIndustrial).toBeGreaterThan(0.003);
    expect(nonIndustrial).toBeLessThan(0.03);
    expect(utilities).toBeGreaterThan(0.003);
    expect(utilities).toBeLessThan(0.04);
    const segShare = (county: string, seg: string): number =>
      share(
        (i) => DEMO_INDUSTRIES[city.industryIndex[i]!]!.segment.key === seg,
        (i) => b.division[i] === county,
      );
    expect(segShare('330411', 'pv')).toBeGreaterThan(2 * segShare('330402', 'pv')); // 秀洲 PV
    expect(segShare('330402', 'power_semi')).toBeGreaterThan(3 * segShare('330483', 'power_semi')); // 南湖
    expect(segShare('330421', 'sensor')).toBeGreaterThan(3 * segShare('330481', 'sensor')); // 嘉善
    expect(segShare('330482', 'cnc')).toBeGreaterThan(3 * segShare('330421', 'cnc')); // 平湖
    expect(segShare('330483', 'chemical_fibre')).toBeGreaterThan(3 * segShare('330402', 'chemical_fibre')); // 桐乡
    expect(segShare('330481', 'leather')).toBeGreaterThan(2 * segShare('330482', 'leather')); // 海宁
  });

  it('has unique codes and names, valid except a few injected bad check characters', () => {
    expect(new Set(b.uscc).size).toBe(n);
    expect(new Set(b.name).size).toBe(n);
    const invalid = b.uscc.filter((u) => !isValidUscc(u));
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeLessThan(0.01 * n);
    expect(invalid.every((u) => usccProblem(u) === 'check_char')).toBe(true);
    expect(city.faults.invalidUscc.map((i) => b.uscc[i])).toEqual(invalid);
    for (let i = 0; i < n; i++) {
      expect(b.uscc[i]).toMatch(/^91330(4|4\d\d)\d*/);
      expect(b.uscc[i]!.slice(2, 8) === b.division[i] || b.uscc[i]!.slice(2, 8) === '330400').toBe(true);
      expect(b.name[i]).toMatch(/有限公司$/);
    }
    // USCCs stay unique in a large city (codes come from per-group bijections).
    const big = generateDemoCity({ enterprises: 60_000, seed: 9 });
    expect(new Set(big.batch.uscc).size).toBe(60_000);
    expect(new Set(big.batch.name).size).toBe(60_000);
  });

  it('has about 30 % above-scale firms with revenue on the right side of 2,000 万元', () => {
    expect(share(above)).toBeGreaterThan(0.25);
    expect(share(above)).toBeLessThan(0.36);
    for (let i = 0; i < n; i++) {
      if (above(i)) expect(col.revenue[i]).toBeGreaterThanOrEqual(2000);
      else expect(col.revenue[i]).toBeLessThan(2000);
      expect(city.operatingRevenue[i]).toBeGreaterThanOrEqual(col.revenue[i]!);
    }
  });

  it('gives below-scale firms electricity but no energy, emissions, headcount or R&D', () => {
    for (let i = 0; i < n; i++) {
      if (!below(i)) continue;
      expect(col.energy_tce[i]).toBeNaN();
      expect(col.emissions_t[i]).toBeNaN();
      expect(col.employees[i]).toBeNaN();
      expect(col.rd_spend[i]).toBeNaN();
      expect(col.electricity[i]).toBeGreaterThan(0);
      expect(col.little_giant[i]).toBe(0);
      expect(col.listed[i]).toBe(0);
    }
  });

  it('has plausible, skewed distributions', () => {
    const median = (f: (i: number) => number, over: (i: number) => boolean): number => {
      const v: number[] = [];
      for (let i = 0; i < n; i++) if (over(i) && Number.isFinite(f(i))) v.push(f(i));
      v.sort((x, y) => x - y);
      return v[v.length >> 1]!;
    };
    const landAbove = median((i) => col.land_mu[i]!, above);
    const landBelow = median((i) => col.land_mu[i]!, below);
    expect(landAbove).toBeGreaterThan(30);
    expect(landAbove).toBeLessThan(55);
    expect(landBelow).toBeGreaterThan(5);
    expect(landBelow).toBeLessThan(11);
    const taxPerMu = median(
      (i) => col.tax[i]! / col.land_mu[i]!,
      (i) => above(i) && col.land_mu[i]! > 0,
    );
    expect(taxPerMu).toBeGreaterThan(5);
    expect(taxPerMu).toBeLessThan(60);
    const vaPerMu = median(
      (i) => col.value_added[i]! / col.land_mu[i]!,
      (i) => above(i) && col.land_mu[i]! > 0,
    );
    expect(vaPerMu).toBeGreaterThan(50);
    expect(vaPerMu).toBeLessThan(400);
    const rd = median(
      (i) => col.rd_spend[i]! / col.revenue[i]!,
      (i) => above(i) && DEMO_INDUSTRIES[city.industryIndex[i]!]!.segment.tech,
    );
    expect(rd).toBeGreaterThanOrEqual(0.01);
    expect(rd).toBeLessThanOrEqual(0.05);
    // Energy-heavy chemical fibre against sensors.
    const tcePerVa = (seg: string): number =>
      median(
        (i) => col.energy_tce[i]! / col.value_added[i]!,
        (i) => above(i) && DEMO_INDUSTRIES[city.industryIndex[i]!]!.segment.key === seg,
      );
    expect(tcePerVa('chemical_fibre')).toBeGreaterThan(5 * tcePerVa('sensor'));
    expect(share((i) => col.land_mu[i]! < 3)).toBeGreaterThan(0.03);
    const negTax = share((i) => col.tax[i]! < 0);
    expect(negTax).toBeGreaterThan(0);
    expect(negTax).toBeLessThan(0.03);
    // Electricity never exceeds the energy it is part of (equivalent value 1.229 tce per 万kWh).
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN(col.energy_tce[i]!) && !Number.isNaN(col.electricity[i]!)) {
        expect(col.electricity[i]! * 1.229).toBeLessThanOrEqual(col.energy_tce[i]! + 0.02);
      }
    }
  });

  it('has founding years, flags and their rates', () => {
    for (let i = 0; i < n; i++) {
      expect(col.founded[i]).toBeGreaterThanOrEqual(1990);
      expect(col.founded[i]).toBeLessThanOrEqual(2023);
      expect(Math.floor(city.registeredOn[i]! / 10000)).toBe(col.founded[i]);
      if (!Number.isNaN(col.land_acquired[i]!)) {
        expect(col.land_acquired[i]).toBeGreaterThanOrEqual(col.founded[i]!);
        expect(col.land_acquired[i]).toBeLessThanOrEqual(2023);
      }
    }
    const near = (f: (i: number) => boolean, target: number, tol: number): void => {
      const s = share(f);
      expect(s).toBeGreaterThan(target * (1 - tol));
      expect(s).toBeLessThan(target * (1 + tol));
    };
    near((i) => col.founded[i]! >= 2021, 0.06, 0.3);
    near((i) => col.high_tech[i] === 1, 0.12, 0.25);
    near((i) => col.specialised_sme[i] === 1, 0.06, 0.3);
    near((i) => col.little_giant[i] === 1, 0.01, 0.6);
    near((i) => col.listed[i] === 1, 0.01, 0.8);
    near((i) => col.safety_accident[i] === 1, 0.01, 0.6);
    near((i) => col.environmental_violation[i] === 1, 0.015, 0.6);
    near((i) => col.major_project_build[i] === 1, 0.015, 0.6);
    expect(share((i) => col.sublet_tenants[i] === 0)).toBeGreaterThan(0.9);
    expect(Math.max(...col.sublet_tenants)).toBeLessThanOrEqual(5);
    for (let i = 0; i < n; i++) {
      if (col.little_giant[i] === 1) expect(col.specialised_sme[i]).toBe(1);
    }
  });

  it('injects faults at low rates', () => {
    const f = city.faults;
    expect(f.landMissing.length).toBeGreaterThan(0);
    expect(f.landZero.length).toBeGreaterThan(0);
    expect(f.landMissing.length + f.landZero.length).toBeLessThan(0.01 * n);
    for (const i of f.landMissing) expect(col.land_mu[i]).toBeNaN();
    for (const i of f.landZero) expect(col.land_mu[i]).toBe(0);
    expect(share((i) => Number.isNaN(col.land_mu[i]!) || col.land_mu[i] === 0)).toBeLessThan(0.01);
    const missingAbove = share(
      (i) =>
        ['emissions_t', 'employees', 'energy_tce', 'rd_spend', 'electricity'].some((k) =>
          Number.isNaN(col[k as 'tax'][i]!),
        ),
      above,
    );
    expect(missingAbove).toBeGreaterThan(0.01);
    expect(missingAbove).toBeLessThan(0.04);
    expect(f.missingFields.length).toBeGreaterThan(0);
    for (const { index, field } of f.missingFields) expect(col[field][index]).toBeNaN();
    expect(new Set(f.missingFields.map((m) => m.field)).size).toBeGreaterThan(2);
    // Even a small city carries each fault kind.
    const small = generateDemoCity({ enterprises: 500 });
    expect(small.faults.invalidUscc.length).toBeGreaterThan(0);
    expect(small.faults.landMissing.length + small.faults.landZero.length).toBeGreaterThan(0);
    expect(small.faults.missingFields.length).toBeGreaterThan(0);
  });

  it('links tenants to an owner of the same county that sublets', () => {
    const index = new Map(b.uscc.map((u, i) => [u, i]));
    const tenants = city.faults.tenants;
    expect(tenants.length / n).toBeGreaterThan(0.01);
    expect(tenants.length / n).toBeLessThan(0.06);
    const perOwner = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const owner = b.tenantOf[i];
      if (owner === null || owner === undefined) continue;
      expect(tenants).toContain(i);
      const o = index.get(owner)!;
      expect(o).toBeDefined();
      expect(o).not.toBe(i);
      expect(b.division[o]).toBe(b.division[i]);
      expect(col.sublet_tenants[o]).toBeGreaterThan(0);
      perOwner.set(o, (perOwner.get(o) ?? 0) + 1);
      const p0 = city.parcels.start[i]!;
      expect(city.parcels.start[i + 1]! - p0).toBe(1);
      expect(city.parcels.tenure[p0]).toBe(TENURE_LEASED);
      expect(col.land_acquired[i]).toBeNaN();
    }
    for (const [o, k] of perOwner) expect(col.sublet_tenants[o]).toBeGreaterThanOrEqual(k);
  });

  it('keeps departmental detail consistent with the records', () => {
    const { parcels, meters, tax, emissions } = city;
    expect(new Set(parcels.certificate).size).toBe(parcels.count);
    expect(new Set(meters.account).size).toBe(meters.count);
    for (let i = 0; i < n; i++) {
      // Tax in 元.
      expect(tax.contributionYuan[i]! / 10000).toBeCloseTo(col.tax[i]!, 9);
      expect(tax.paidYuan[i]! - tax.refundYuan[i]!).toBe(tax.contributionYuan[i]);
      expect(tax.refundYuan[i]).toBeGreaterThanOrEqual(0);
      // Land parcels in m².
      const p0 = parcels.start[i]!;
      const p1 = parcels.start[i + 1]!;
      expect(p1 - p0).toBeLessThanOrEqual(3);
      if (Number.isNaN(col.land_mu[i]!)) expect(p1 - p0).toBe(0);
      else {
        expect(p1 - p0).toBeGreaterThan(0);
        let m2 = 0;
        for (let k = p0; k < p1; k++) {
          expect(parcels.owner[k]).toBe(i);
          m2 += parcels.areaM2[k]!;
        }
        expect(Math.abs(m2 - col.land_mu[i]! * M2_PER_MU)).toBeLessThan(0.0051 * (p1 - p0));
        expect(round2((m2 * 15) / 10000)).toBe(col.land_mu[i]);
      }
      // Meters in kWh.
      const m0 = meters.start[i]!;
      const m1 = meters.start[i + 1]!;
      if (Number.isNaN(col.electricity[i]!)) expect(m1 - m0).toBe(0);
      else {
        let kwh = 0;
        for (let k = m0; k < m1; k++) {
          expect(meters.owner[k]).toBe(i);
          expect(Number.isInteger(meters.kwh[k])).toBe(true);
          kwh += meters.kwh[k]!;
        }
        expect(m1 - m0).toBeGreaterThan(0);
        expect(kwh).toBe(Math.round(col.electricity[i]! * 10000));
        expect(round2(kwh / 10000)).toBe(col.electricity[i]);
      }
      // Emissions in kg.
      if (Number.isNaN(col.emissions_t[i]!)) expect(emissions.codKg[i]).toBeNaN();
      else {
        const kg = emissions.codKg[i]! + emissions.ammoniaKg[i]! + emissions.so2Kg[i]! + emissions.noxKg[i]!;
        expect(col.emissions_t[i]).toBe(kg / 1000);
      }
    }
  });

  it('prints how long 200,000 enterprises take', () => {
    const t0 = performance.now();
    const big = generateDemoCity({ enterprises: 200_000 });
    const ms = performance.now() - t0;
    console.log(
      `generateDemoCity(200,000): ${ms.toFixed(0)} ms, ${big.parcels.count} parcels, ${big.meters.count} meters, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(big.batch.length).toBe(200_000);
    expect(new Set(big.batch.uscc).size).toBe(200_000);
  });
});
