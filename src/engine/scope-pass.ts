/**
 * Phase 1 of an evaluation: identity, scope, group and ranking unit of every record, in
 * docs/methodology.md's order (the first check that fails is the reason), with the duplicate-USCC pass.
 */
import { normaliseUscc, usccHashIfValid } from '../domain/uscc.js';
import { IndustryTable } from '../domain/reference.js';
import type { RecordBatch } from '../domain/record-batch.js';
import { conditionMask } from './conditions.js';
import type { Methodology } from './methodology/schema.js';
import { ST_GRADED, ST_NOT_GRADED } from './codes.js';
import { scratchI16, scratchI32, scratchU8 } from './scratch.js';
import { RadixSorter } from './rank.js';
import type { EvaluateContext } from './evaluate.js';

/**
 * Phase 1: each record's normalised code, status and reason, group and ranking unit × group cell.
 */
export function scopePass(batch: RecordBatch, m: Methodology, ctx: EvaluateContext, dataYear: number) {
  const n = batch.length;
  const status = new Uint8Array(n);
  const reason = new Array<string | null>(n).fill(null);
  const group = new Int16Array(n).fill(-1);
  const cell = new Int32Array(n).fill(-1);
  // The first group, and the first not-graded rule, whose condition holds for each record.
  const groupOf = firstMatch(
    m.groups.map((g) => conditionMask(g.when, batch, dataYear)),
    scratchI16('groupOf', n),
  );
  const ruleOf = firstMatch(
    m.scope.notGraded.map((r) => conditionMask(r.when, batch, dataYear)),
    scratchI16('ruleOf', n),
  );
  // Normalised codes, their hashes (−1 = invalid) and which records repeat an earlier valid code.
  // The batch's codes are copied only if one needs normalising (a 200,000-pointer copy is not free).
  const hashes = scratchI32('hashes', n);
  const invalid = hashCodes(batch.uscc, hashes);
  const uscc = invalid > 0 ? normaliseInvalid(batch.uscc, hashes) : batch.uscc;
  const duplicate = markDuplicates(hashes, uscc);
  let knownMajors: Uint8Array | null = null;
  if (ctx.knownIndustries) {
    knownMajors = new Uint8Array(100);
    for (const code of ctx.knownIndustries)
      if (code.length === 2) knownMajors[IndustryTable.majorOf(code)] = 1;
  }
  const minLand = Float64Array.from(m.groups, (g) => g.minLandMu ?? NaN);
  const unitKeys = scopeRecords(
    batch,
    hashes,
    duplicate,
    ctx.knownDivisions ?? null,
    knownMajors,
    m.scope.industrial.from,
    m.scope.industrial.to,
    groupOf,
    minLand,
    ruleOf,
    m.scope.notGraded.map((r) => r.id),
    m.groups.length,
    m.classing.rankingUnit,
    status,
    reason,
    group,
    cell,
  );
  return { uscc, status, reason, group, cell, unitKeys };
}

/** Per record, the index of the first mask that holds there, or −1. */
export function firstMatch(masks: Uint8Array[], out: Int16Array): Int16Array {
  out.fill(-1);
  for (let k = masks.length - 1; k >= 0; k--) setWhere(masks[k]!, k, out);
  return out;
}

export function setWhere(mask: Uint8Array, k: number, out: Int16Array): void {
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out[i] = k;
}

/** hashes[i] = usccHashIfValid(codes[i]); returns how many are invalid. */
export function hashCodes(codes: readonly string[], hashes: Int32Array): number {
  let invalid = 0;
  for (let i = 0; i < hashes.length; i++) {
    const h = usccHashIfValid(codes[i]!);
    hashes[i] = h;
    if (h < 0) invalid++;
  }
  return invalid;
}

/** Normalises the invalid codes (full-width, spaces, lower case); a copy of `codes` if one changes. */
export function normaliseInvalid(codes: string[], hashes: Int32Array): string[] {
  let out = codes;
  for (let i = 0; i < hashes.length; i++) {
    if (hashes[i]! >= 0) continue;
    const u = codes[i]!;
    const v = normaliseUscc(u);
    if (v === u) continue;
    if (out === codes) out = codes.slice();
    out[i] = v;
    hashes[i] = usccHashIfValid(v);
  }
  return out;
}

/**
 * The scope checks of every record, in docs/methodology.md's order (the first that fails is the reason);
 * groups, not-graded rules and ranking units of the records in scope. Returns the ranking units'
 * keys in order of first appearance.
 */
export function scopeRecords(
  batch: RecordBatch,
  hashes: Int32Array,
  duplicate: Uint8Array,
  knownDivisions: ReadonlySet<string> | null,
  knownMajors: Uint8Array | null,
  indFrom: number,
  indTo: number,
  groupOf: Int16Array,
  minLand: Float64Array,
  ruleOf: Int16Array,
  ruleIds: readonly string[],
  G: number,
  rankingUnit: Methodology['classing']['rankingUnit'],
  status: Uint8Array,
  reason: (string | null)[],
  group: Int16Array,
  cell: Int32Array,
): string[] {
  const n = batch.length;
  const { issues, division, industry } = batch;
  const land = batch.columns.land_mu;
  const byCounty = rankingUnit === 'county';
  // Per division: −1 unknown, −2 known (not yet a ranking unit), else its unit (ranking by county).
  const divState = new Map<string, number>();
  let lastDiv: string | null = null;
  let lastDivState = 0;
  const unitIndex = new Map<string, number>();
  const unitKeys: string[] = [];
  let lastKey: string | null = null;
  let lastUnit = -1;
  for (let i = 0; i < n; i++) {
    if (hashes[i]! < 0) {
      reason[i] = 'invalid_uscc';
      continue;
    }
    if (duplicate[i] === 1) {
      reason[i] = 'duplicate_uscc';
      continue;
    }
    if (issues[i]) {
      reason[i] = 'invalid_value';
      continue;
    }
    const div = division[i];
    if (!div) {
      reason[i] = 'missing_division';
      continue;
    }
    // Records usually come grouped by county: compare with the previous code before hashing.
    let ds: number;
    if (div === lastDiv) ds = lastDivState;
    else {
      let s = divState.get(div);
      if (s === undefined) {
        s = knownDivisions === null || knownDivisions.has(div) ? -2 : -1;
        divState.set(div, s);
      }
      ds = s;
      lastDiv = div;
      lastDivState = s;
    }
    if (ds === -1) {
      reason[i] = 'unknown_division';
      continue;
    }
    const ind = industry[i];
    if (!ind) {
      reason[i] = 'missing_industry';
      continue;
    }
    const major = IndustryTable.majorOf(ind);
    // A code is usable when its 大类 exists: departments often send a 中类 padded with 0 (1810 for 181).
    if (Number.isNaN(major) || !digitsOnly(ind) || (knownMajors !== null && knownMajors[major] !== 1)) {
      reason[i] = 'unknown_industry';
      continue;
    }
    if (major < indFrom || major > indTo) {
      reason[i] = 'non_industrial';
      continue;
    }
    const lm = land[i]!;
    if (Number.isNaN(lm)) {
      reason[i] = 'land_missing';
      continue;
    }
    if (lm <= 0) {
      reason[i] = 'land_not_positive';
      continue;
    }
    const g = groupOf[i]!;
    if (g < 0) {
      reason[i] = 'no_group';
      continue;
    }
    group[i] = g;
    if (lm < minLand[g]!) {
      reason[i] = 'below_land_threshold';
      continue;
    }
    const r = ruleOf[i]!;
    if (r >= 0) {
      status[i] = ST_NOT_GRADED;
      reason[i] = ruleIds[r]!;
    } else status[i] = ST_GRADED;
    let ui: number;
    if (byCounty) {
      if (ds === -2) {
        ui = unitKeys.length;
        unitKeys.push(div);
        divState.set(div, ui);
        lastDivState = ui;
      } else ui = ds;
    } else {
      const key =
        rankingUnit === 'city'
          ? 'city'
          : rankingUnit === 'industry'
            ? ind.slice(0, 2)
            : `${div}/${ind.slice(0, 2)}`;
      let u = key === lastKey ? lastUnit : unitIndex.get(key);
      if (u === undefined) {
        u = unitKeys.length;
        unitIndex.set(key, u);
        unitKeys.push(key);
      }
      lastKey = key;
      lastUnit = u;
      ui = u;
    }
    cell[i] = ui * G + g;
  }
  return unitKeys;
}

/** True when every character is an ASCII digit (industry codes). */
export function digitsOnly(s: string): boolean {
  if (s.length < 2 || s.length > 4) return false;
  for (let k = 0; k < s.length; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * Marks every record whose (valid) code repeats an earlier record's: a stable radix sort of the 30-bit
 * hashes puts equal codes next to each other in record order, so the first of each is the original.
 * (A hash table of 200,000 codes costs twice as much here: its probes miss the cache.)
 */
export function markDuplicates(hashes: Int32Array, codes: readonly string[]): Uint8Array {
  const n = hashes.length;
  const valid = n - countNegative(hashes);
  const idx = scratchI32('dupOrder', valid);
  collectNonNegative(hashes, idx);
  const sorter = new RadixSorter(idx, scratchI32('dupTmp', valid));
  // the valid hashes are non-negative: the same bits as unsigned keys (one key type for the sorter)
  const keys = new Uint32Array(hashes.buffer, hashes.byteOffset, n);
  sorter.pass(keys, 0);
  sorter.pass(keys, 16);
  const dup = scratchU8('dup', n).fill(0);
  markRepeats(sorter.order, hashes, codes, dup);
  return dup;
}

export function countNegative(a: Int32Array): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! < 0) k++;
  return k;
}

export function collectNonNegative(a: Int32Array, out: Int32Array): void {
  for (let i = 0, k = 0; i < a.length; i++) if (a[i]! >= 0) out[k++] = i;
}

/** In runs of equal hashes (in record order): a record is a repeat if an earlier one has its code. */
export function markRepeats(
  sorted: Int32Array,
  hashes: Int32Array,
  codes: readonly string[],
  dup: Uint8Array,
): void {
  const m = sorted.length;
  for (let k = 0; k < m;) {
    let e = k + 1;
    const h = hashes[sorted[k]!]!;
    while (e < m && hashes[sorted[e]!] === h) e++;
    for (let a = k + 1; a < e; a++)
      for (let b = k; b < a; b++)
        if (dup[sorted[b]!] === 0 && codes[sorted[a]!] === codes[sorted[b]!]) {
          dup[sorted[a]!] = 1;
          break;
        }
    k = e;
  }
}
