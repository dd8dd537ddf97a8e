/** Dates and times as the bureau writes them (local time, 2024/03/05 14:20). */

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** Today plus `days`, as a date. */
export function daysFromNow(days: number): string {
  return fmtDate(new Date(Date.now() + days * 86_400_000).toISOString());
}

/** The bureau's units in English (the server sends them as written in Chinese: 万元/亩, 吨标准煤…). */
const UNITS_EN: Record<string, string> = {
  亩: 'mu',
  万元: '10k yuan',
  亿元: '100M yuan',
  元: 'yuan',
  吨标准煤: 'tce',
  吨: 't',
  万千瓦时: '10k kWh',
  万kWh: '10k kWh',
  千瓦时: 'kWh',
  人: 'persons',
  件: 'items',
  家: 'firms',
  年: 'year',
  分: 'pts',
  天: 'days',
};

/** A unit in the page's language: 万元/亩 → 10k yuan/mu; one not known stays as it is. */
export function unitText(unit: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!unit) return '';
  if (lang === 'zh') return unit;
  return unit
    .split('/')
    .map((u) => UNITS_EN[u.trim()] ?? u.trim())
    .join('/');
}

/** `label（unit）` in Chinese, `label (unit)` in English; the label alone without a unit. */
export function withUnit(label: string, unit: string | null | undefined, lang: 'zh' | 'en'): string {
  const u = unitText(unit, lang);
  if (!u) return label;
  return lang === 'zh' ? `${label}（${u}）` : `${label} (${u})`;
}
