/**
 * Pure helpers of the policy page: the label of a total (city or a county's own), why a sum of the
 * ledger cannot be computed, local times, quota changes as +grant / −cut.
 */
import type * as P from '../../contract';
import { say } from '../../catalogue';
import { num, type Lang } from '../../i18n';
import { messages } from './messages';

export const CLASSES = ['A', 'B', 'C', 'D'] as const;

/** The instruments behind each sum of the ledger. */
export const SURCHARGE_KINDS: readonly P.InstrumentKind[] = [
  'electricity_surcharge',
  'water_surcharge',
  'emission_fee_surcharge',
];
export const NET_KINDS: readonly P.InstrumentKind[] = ['land_use_tax_relief', 'reward', ...SURCHARGE_KINDS];

/** Local date and time of an ISO timestamp. */
export function when(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

/** 全市合计, or a county account's own county: 南湖区合计 / Nanhu total. */
export function totalLabel(city: Pick<P.PolicyTotalsView, 'division' | 'name'>, lang: Lang): string {
  if (city.division === null) return say(messages, lang, 'city.total');
  return say(messages, lang, 'city.countyTotal', { name: city.name ?? city.division });
}

/** Why a sum of a ledger row has no figure: the bases of its amounts that lack their input. */
export function missingReason(
  row: Pick<P.LedgerRowView, 'items'>,
  kinds: readonly P.InstrumentKind[],
  lang: Lang,
): string {
  return row.items
    .filter((it) => it.amount === null && kinds.includes(it.kind))
    .map((it) => `${it.title}${say(messages, lang, 'colon')}${it.basis}`)
    .join(say(messages, lang, 'semicolon'));
}

/** A quota's change: +grant / −cut. */
export const plusMinus = (grant: number, cut: number, digits = 2): string =>
  `+${num(grant, digits)} / −${num(cut, digits)}`;
