/**
 * Units the departments write and their conversion to the canonical units of docs/methodology.md
 * (money 万元 · land 亩 · energy 吨标准煤 · emissions 吨 · electricity 万千瓦时 · headcount 人).
 * This is the one module of conversion factors: nothing else in the import multiplies by 10000.
 *
 * A factor is a fraction `mul / div` applied as `value * mul / div`, so that 元 → 万元 is a division by
 * 10000 (correctly rounded) rather than a multiplication by the inexact 0.0001.
 *
 * @example
 * toCanonical(123456, unitById('元')) // 12.3456 (万元)
 * findUnit('land', '㎡')?.id          // '平方米'
 */

/** What a column measures; each quantity has one canonical unit. */
export const QUANTITIES = ['money', 'land', 'energy', 'mass', 'electricity', 'headcount', 'count'] as const;
export type Quantity = (typeof QUANTITIES)[number];

export interface Unit {
  /** The unit's Chinese name, used in profile files: '元', '平方米', '千瓦时'. */
  readonly id: string;
  readonly quantity: Quantity;
  readonly en: string;
  /** Other spellings seen in headers, compared after `unitKey` (lower-case, no dots or spaces). */
  readonly aliases: readonly string[];
  /** value in this unit × mul ÷ div = value in the canonical unit. */
  readonly mul: number;
  readonly div: number;
}

const u = (
  id: string,
  quantity: Quantity,
  en: string,
  mul: number,
  div: number,
  aliases: readonly string[] = [],
): Unit => ({ id, quantity, en, mul, div, aliases });

/** Every unit the import understands. The first unit of each quantity is its canonical unit. */
export const UNITS: readonly Unit[] = [
  u('万元', 'money', '10k yuan', 1, 1, ['万', '万元人民币', '10kyuan', '10000yuan']),
  u('元', 'money', 'yuan', 1, 10_000, ['人民币元', 'yuan', 'rmb', 'cny']),
  u('千元', 'money', 'thousand yuan', 1, 10, ['千', '1000yuan', 'kyuan']),
  u('亿元', 'money', '100 million yuan', 10_000, 1, ['亿']),
  u('亩', 'land', 'mu', 1, 1, ['mu']),
  u('平方米', 'land', 'm²', 15, 10_000, ['m2', '平米', '平方', 'sqm', '㎡']),
  u('公顷', 'land', 'hectare', 15, 1, ['ha', 'hm2']),
  u('吨标准煤', 'energy', 'tce', 1, 1, [
    '吨标煤',
    'tce',
    '吨标准煤(当量值)',
    '吨标准煤(当量)',
    '当量值吨标准煤',
  ]),
  u('万吨标准煤', 'energy', '10k tce', 10_000, 1, ['万吨标煤', '万tce']),
  u('千克标准煤', 'energy', 'kgce', 1, 1000, ['千克标煤', '公斤标准煤', 'kgce']),
  u('吨', 'mass', 'tonne', 1, 1, ['t', '吨/年', 't/a']),
  u('千克', 'mass', 'kg', 1, 1000, ['kg', '公斤', '千克/年', 'kg/a']),
  u('万千瓦时', 'electricity', '10k kWh', 1, 1, ['万kwh', '万度', '10mwh']),
  u('千瓦时', 'electricity', 'kWh', 1, 10_000, ['kwh', '度', 'kw时']),
  u('兆瓦时', 'electricity', 'MWh', 1, 10, ['mwh']),
  u('亿千瓦时', 'electricity', '100 million kWh', 10_000, 1, ['亿kwh', '亿度']),
  u('人', 'headcount', 'persons', 1, 1, ['个', '名', 'persons']),
  u('个', 'count', 'count', 1, 1, ['件', '家', '项']),
];

/** The canonical unit of each quantity (docs/methodology.md). */
export const CANONICAL_UNIT: Readonly<Record<Quantity, Unit>> = Object.fromEntries(
  QUANTITIES.map((q) => [q, UNITS.find((x) => x.quantity === q)!]),
) as Record<Quantity, Unit>;

/** Comparison key of a unit spelling: NFKC, lower-case, without spaces, dots, middle dots or asterisks. */
export function unitKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.·*•・]/gu, '');
}

const BY_KEY = new Map<string, Unit[]>();
for (const unit of UNITS) {
  for (const spelling of [unit.id, ...unit.aliases]) {
    const k = unitKey(spelling);
    const list = BY_KEY.get(k) ?? [];
    if (!list.includes(unit)) list.push(unit);
    BY_KEY.set(k, list);
  }
}

/** The unit with this id; throws for an unknown id (profile files are validated against `UNITS`). */
export function unitById(id: string): Unit {
  const unit = UNITS.find((x) => x.id === id);
  if (!unit) throw new Error(`unknown unit ${id}`);
  return unit;
}

/** Whether `id` names a unit of `quantity`. */
export function isUnitOf(id: string, quantity: Quantity): boolean {
  return UNITS.some((x) => x.id === id && x.quantity === quantity);
}

/** The unit of `quantity` spelled `text` ('kWh', '千瓦时', 'KW·H'…), or undefined. */
export function findUnit(quantity: Quantity, text: string): Unit | undefined {
  return BY_KEY.get(unitKey(text))?.find((x) => x.quantity === quantity);
}

/** Any unit spelled `text`, whatever its quantity (to tell "a unit of the wrong kind" from "not a unit"). */
export function findAnyUnit(text: string): Unit | undefined {
  return BY_KEY.get(unitKey(text))?.[0];
}

/**
 * Converts a value in `unit` to the canonical unit of its quantity. The result is rounded to 15
 * significant digits: the figures arrive as decimals, and 119198.7 千元 ÷ 10 must be 11919.87 万元,
 * not the 11919.869999999999 of binary division (a decimal shift, as a clerk would do it).
 */
export function toCanonical(value: number, unit: Unit): number {
  if (unit.mul === 1 && unit.div === 1) return value;
  const v =
    unit.mul === 1 ? value / unit.div : unit.div === 1 ? value * unit.mul : (value * unit.mul) / unit.div;
  return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(15)) : v;
}

/**
 * Upper bounds per quantity, in canonical units, beyond which a value cannot be right for its unit: a
 * number that large is the sign of a header that says 万元 over figures in 元 (or 亩 over m²). Each is
 * far above anything one enterprise (or, for land, one parcel) reports: the largest industrial groups'
 * revenue is about 3×10⁸ 万元, a single industrial parcel rarely exceeds a few thousand 亩, a large
 * smelter uses about 10⁵ 万kWh. A profile column can set its own bound. Small values are never judged here: a small 万元 figure is a small firm, not a unit error.
 */
export const DEFAULT_MAX: Readonly<Record<Quantity, number>> = {
  money: 1e9,
  land: 20_000,
  energy: 1e8,
  mass: 1e5,
  electricity: 1e6,
  headcount: 1e6,
  count: 1e6,
};
