/**
 * What-if: two applications on the same records (methodology A with policy P against methodology B with
 * policy Q — either may be the same) compared: the class transition matrix, the enterprises that change
 * class, the fiscal effect per county (relief cost, rewards, surcharge income) and the enterprises hit
 * hardest. Pure.
 */
import { CLASS_IDS, type ClassId } from '../engine/classes.js';
import { netBenefits, policyTotals, type PolicyApplication, type PolicyTotals } from './apply.js';

/** Rows and columns of the transition matrix: the four classes, then "not graded". */
export const TRANSITION_LABELS = [...CLASS_IDS, 'none'] as const;
export type TransitionLabel = (typeof TRANSITION_LABELS)[number];

export interface FiscalSide {
  reliefWan: number;
  rewardWan: number;
  surchargeWan: number;
  /** surcharges − relief − rewards. */
  netFiscalWan: number;
  landGrantMu: number;
  energyGrantTce: number;
  energyCutTce: number;
  emissionGrantT: number;
  emissionCutT: number;
  classes: Record<ClassId, number>;
}

export interface FiscalRow {
  /** County code; null for the city. */
  division: string | null;
  a: FiscalSide;
  b: FiscalSide;
  /** b − a, field by field. */
  delta: FiscalSide;
  movedUp: number;
  movedDown: number;
}

export interface ClassChange {
  seq: number;
  uscc: string;
  name: string | null;
  division: string | null;
  from: ClassId | null;
  to: ClassId | null;
  /** relief + rewards − surcharges under A and under B (万元), and B − A. */
  netBenefitA: number;
  netBenefitB: number;
  deltaWan: number;
}

export interface WhatIfResult {
  records: number;
  transition: { labels: readonly TransitionLabel[]; counts: number[][] };
  changedCount: number;
  movedUp: number;
  movedDown: number;
  /** Where `changed` starts in the list of every change. */
  changedOffset: number;
  /**
   * Enterprises whose class changes, the largest drops first, then by county and code (a page of
   * `changedLimit` from `changedOffset`).
   */
  changed: ClassChange[];
  fiscal: { counties: FiscalRow[]; city: FiscalRow };
  /** The largest losses of net benefit (B − A most negative first; at most `hardestLimit`). */
  hardestHit: ClassChange[];
}

const side = (t: PolicyTotals | undefined): FiscalSide => ({
  reliefWan: t?.reliefWan ?? 0,
  rewardWan: t?.rewardWan ?? 0,
  surchargeWan: t?.surchargeWan ?? 0,
  netFiscalWan: t?.netFiscalWan ?? 0,
  landGrantMu: t?.landGrantMu ?? 0,
  energyGrantTce: t?.energyGrantTce ?? 0,
  energyCutTce: t?.energyCutTce ?? 0,
  emissionGrantT: t?.emissionGrantT ?? 0,
  emissionCutT: t?.emissionCutT ?? 0,
  classes: { ...(t?.classes ?? { A: 0, B: 0, C: 0, D: 0 }) },
});

function minus(b: FiscalSide, a: FiscalSide): FiscalSide {
  const out = side(undefined);
  for (const k of Object.keys(out) as (keyof FiscalSide)[]) {
    if (k === 'classes') for (const c of CLASS_IDS) out.classes[c] = b.classes[c] - a.classes[c];
    else out[k] = b[k] - a[k];
  }
  return out;
}

/** Compares two applications over the same records (same order, same codes). */
export function compareApplications(
  a: PolicyApplication,
  b: PolicyApplication,
  opts: { changedLimit?: number; changedOffset?: number; hardestLimit?: number } = {},
): WhatIfResult {
  const n = a.input.length;
  if (b.input.length !== n) throw new Error('what-if: both sides must cover the same records');
  for (let i = 0; i < n; i++)
    if (a.input.uscc[i] !== b.input.uscc[i])
      throw new Error(
        `what-if: record ${i} differs between the two sides (${a.input.uscc[i]} / ${b.input.uscc[i]})`,
      );
  const counts = TRANSITION_LABELS.map(() => TRANSITION_LABELS.map(() => 0));
  const ca = a.input.classCode;
  const cb = b.input.classCode;
  const netA = netBenefits(a);
  const netB = netBenefits(b);
  const changedIdx: number[] = [];
  const up = new Map<string, number>();
  const down = new Map<string, number>();
  let movedUp = 0;
  let movedDown = 0;
  const bump = (m: Map<string, number>, d: string) => m.set(d, (m.get(d) ?? 0) + 1);
  for (let i = 0; i < n; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    // code 0 (not graded) is the last row/column
    counts[x === 0 ? 4 : x - 1]![y === 0 ? 4 : y - 1]!++;
    if (x === y) continue;
    changedIdx.push(i);
    const d = a.input.division[i] ?? '';
    if (x !== 0 && y !== 0) {
      if (y < x) {
        movedUp++;
        bump(up, d);
      } else {
        movedDown++;
        bump(down, d);
      }
    }
  }
  const change = (i: number): ClassChange => ({
    seq: i,
    uscc: a.input.uscc[i]!,
    name: a.input.name[i] ?? null,
    division: a.input.division[i] ?? null,
    from: ca[i]! > 0 ? CLASS_IDS[ca[i]! - 1]! : null,
    to: cb[i]! > 0 ? CLASS_IDS[cb[i]! - 1]! : null,
    netBenefitA: netA[i]!,
    netBenefitB: netB[i]!,
    deltaWan: netB[i]! - netA[i]!,
  });
  // the largest drops first (D ← A before C ← B), the rises last; within a move by county, then code —
  // not by the loss of net benefit, which is the order of the hardest hit (the two lists would repeat
  // each other: most changes are one-class moves, so the loss alone decided both)
  const drop = (i: number) => (cb[i]! || 5) - (ca[i]! || 5);
  const div = (i: number) => a.input.division[i] ?? '';
  changedIdx.sort(
    (i, j) =>
      drop(j) - drop(i) ||
      (div(i) < div(j) ? -1 : div(i) > div(j) ? 1 : 0) ||
      (a.input.uscc[i]! < a.input.uscc[j]! ? -1 : 1),
  );
  const hardestLimit = opts.hardestLimit ?? 20;
  const losers: number[] = [];
  for (let i = 0; i < n; i++) if (netB[i]! - netA[i]! < -1e-9) losers.push(i);
  losers.sort(
    (i, j) => netB[i]! - netA[i]! - (netB[j]! - netA[j]!) || (a.input.uscc[i]! < a.input.uscc[j]! ? -1 : 1),
  );

  const ta = policyTotals(a);
  const tb = policyTotals(b);
  const divisions = [
    ...new Set([...ta.counties.map((c) => c.division ?? ''), ...tb.counties.map((c) => c.division ?? '')]),
  ].sort();
  const row = (
    division: string | null,
    x: PolicyTotals | undefined,
    y: PolicyTotals | undefined,
    u: number,
    dn: number,
  ): FiscalRow => {
    const sa = side(x);
    const sb = side(y);
    return { division, a: sa, b: sb, delta: minus(sb, sa), movedUp: u, movedDown: dn };
  };
  return {
    records: n,
    transition: { labels: TRANSITION_LABELS, counts },
    changedCount: changedIdx.length,
    movedUp,
    movedDown,
    changedOffset: opts.changedOffset ?? 0,
    changed: changedIdx
      .slice(opts.changedOffset ?? 0, (opts.changedOffset ?? 0) + (opts.changedLimit ?? 100))
      .map(change),
    fiscal: {
      counties: divisions.map((d) =>
        row(
          d || null,
          ta.counties.find((c) => (c.division ?? '') === d),
          tb.counties.find((c) => (c.division ?? '') === d),
          up.get(d) ?? 0,
          down.get(d) ?? 0,
        ),
      ),
      city: row(null, ta.city, tb.city, movedUp, movedDown),
    },
    hardestHit: losers.slice(0, hardestLimit).map(change),
  };
}
