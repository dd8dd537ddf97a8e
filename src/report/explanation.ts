/**
 * Turns an enterprise's result into a readable explanation (一企一单): each indicator with its title,
 * unit, value, benchmark and score; adjustments; rank; and why this class, in the chosen language.
 * Pure: used by the CLI (`mujun explain`) and the API alike.
 */
import type { EnterpriseResult, Methodology } from '../engine/index.js';
import { t, tryT, type Lang } from '../i18n/messages.js';

export interface ExplainedIndicator {
  id: string;
  title: string;
  unit: string;
  value: number | null;
  benchmark: number | null;
  weight: number;
  score: number;
  /** How the score came about, in words. */
  basis: string;
}

export interface Explanation {
  uscc: string;
  name: string | null;
  division: string | null;
  divisionName: string | null;
  industry: string | null;
  industryName: string | null;
  status: string;
  statusText: string;
  reasonText: string | null;
  group: string | null;
  groupTitle: string | null;
  unit: string | null;
  indicators: ExplainedIndicator[];
  adjustments: { id: string; title: string; points: number }[];
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: string | null;
  adjustedClass: string | null;
  classTitle: string | null;
  why: string[];
  methodologyId: string;
  methodologyHash: string;
  datasetVersion: string;
}

const fmt = (v: number | null, digits = 3): string =>
  v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(digits);

/** Names of codes, looked up by the caller (the report stays pure). */
export interface CodeNames {
  division?: (code: string) => string | null | undefined;
  industry?: (code: string) => string | null | undefined;
}

/** An ISO instant as the bureau reads it: China Standard Time, `2026-12-08 10:42` (not `…T02:42:52.654Z`). */
export function beijingTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const t = new Date(d.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

export function explain(r: EnterpriseResult, m: Methodology, lang: Lang, names: CodeNames = {}): Explanation {
  const grp = m.groups.find((g) => g.id === r.group) ?? null;
  const reasonRule = m.scope.notGraded.find((x) => x.id === r.reason) ?? null;
  const reasonText =
    r.reason === null
      ? null
      : reasonRule
        ? reasonRule.title[lang]
        : (tryT(lang, `reason.${r.reason}`) ?? r.reason);
  const indicators = r.indicators.map((x): ExplainedIndicator => {
    const def = grp?.indicators.find((d) => d.id === x.id);
    const basis = x.fill
      ? (tryT(lang, `fill.${x.fill}`) ?? x.fill) + `（${tryT(lang, `note.${x.note}`) ?? x.note}）`
      : (tryT(lang, `note.${x.note}`) ?? x.note);
    return {
      id: x.id,
      title: def?.title[lang] ?? x.id,
      unit: def?.unit ?? '',
      value: x.value,
      benchmark: x.benchmark,
      weight: x.weight,
      score: x.score,
      basis: lang === 'en' ? basis.replace('（', ' (').replace('）', ')') : basis,
    };
  });
  const why = r.classSteps.map((s) => {
    switch (s.kind) {
      case 'quota':
        return t(lang, 'step.quota', {
          rank: r.rank ?? 0,
          n: r.unitSize ?? 0,
          cuts: (s.cuts ?? []).join('/'),
          to: s.to,
        });
      case 'threshold':
        return t(lang, 'step.threshold', {
          total: fmt(r.total),
          A: s.thresholds?.A ?? '',
          B: s.thresholds?.B ?? '',
          C: s.thresholds?.C ?? '',
          to: s.to,
        });
      case 'veto':
        return t(lang, 'step.veto', {
          rule: m.vetoes.find((v) => v.id === s.rule)?.title[lang] ?? s.rule ?? '',
          from: s.from ?? '',
          to: s.to,
        });
      case 'protection':
        return t(lang, 'step.protection', {
          rule: m.protections.find((v) => v.id === s.rule)?.title[lang] ?? s.rule ?? '',
          from: s.from ?? '',
          to: s.to,
        });
      case 'manual':
        return t(lang, 'step.manual', {
          rule: s.rule ?? '',
          by: s.by ?? '',
          at: s.at ? beijingTime(s.at) : '',
          from: s.from ?? '',
          to: s.to,
        });
    }
  });
  return {
    uscc: r.uscc,
    name: r.name,
    division: r.division,
    divisionName: (r.division && names.division?.(r.division)) || null,
    industry: r.industry,
    industryName: (r.industry && names.industry?.(r.industry)) || null,
    status: r.status,
    statusText: t(lang, `status.${r.status}`),
    reasonText,
    group: r.group,
    groupTitle: grp?.title[lang] ?? null,
    unit: r.unit,
    indicators,
    adjustments: r.adjustments.map((a) => ({
      ...a,
      title: m.adjustments.find((d) => d.id === a.id)?.title[lang] ?? a.id,
    })),
    total: r.total,
    rank: r.rank,
    unitSize: r.unitSize,
    initialClass: r.initialClass,
    adjustedClass: r.adjustedClass,
    classTitle: r.adjustedClass ? (m.classTitles?.[r.adjustedClass][lang] ?? r.adjustedClass) : null,
    why,
    methodologyId: r.methodologyId,
    methodologyHash: r.methodologyHash,
    datasetVersion: r.datasetVersion,
  };
}

/** Plain-text rendering for terminals. */
export function explanationText(e: Explanation, lang: Lang): string {
  const L = (k: Parameters<typeof t>[1]) => t(lang, k);
  const lines: string[] = [];
  lines.push(`${e.name ?? ''}  ${e.uscc}`);
  lines.push(
    `${L('word.division')}: ${[e.divisionName, e.division].filter(Boolean).join(' ') || '—'}   ${L('word.industry')}: ${[e.industry, e.industryName].filter(Boolean).join(' ') || '—'}   ${L('word.group')}: ${e.groupTitle ?? '—'}`,
  );
  lines.push(`${L('word.status')}: ${e.statusText}${e.reasonText ? ` — ${e.reasonText}` : ''}`);
  if (e.indicators.length > 0) {
    lines.push('');
    const head = [
      L('word.indicator'),
      L('word.value'),
      L('word.benchmark'),
      L('word.weight'),
      L('word.score'),
      '',
    ];
    const rows = e.indicators.map((x) => [
      `${x.title}${x.unit ? `（${x.unit}）` : ''}`,
      fmt(x.value, 4),
      fmt(x.benchmark, 4),
      fmt(x.weight),
      fmt(x.score),
      x.basis,
    ]);
    lines.push(...table([head, ...rows]));
  }
  if (e.adjustments.length > 0) {
    lines.push('', `${L('word.adjustments')}:`);
    for (const a of e.adjustments) lines.push(`  ${a.points > 0 ? '+' : ''}${fmt(a.points)}  ${a.title}`);
  }
  if (e.total !== null) lines.push('', `${L('word.total')}: ${fmt(e.total)}`);
  if (e.rank !== null)
    lines.push(
      `${L('word.rank')}: ${e.rank} / ${e.unitSize}  (${L('word.unit')} ${e.unit} · ${e.groupTitle})`,
    );
  if (e.initialClass) {
    lines.push(
      `${L('word.initial')}: ${e.initialClass}   ${L('word.adjusted')}: ${e.adjustedClass}${e.classTitle ? `  ${e.classTitle}` : ''}`,
    );
    lines.push(`${L('word.why')}:`);
    for (const w of e.why) lines.push(`  · ${w}`);
  }
  lines.push(
    '',
    `${L('word.methodology')}: ${e.methodologyId} (${e.methodologyHash.slice(0, 12)})   ${L('word.dataset')}: ${e.datasetVersion}`,
  );
  return lines.join('\n');
}

/** Display width: CJK characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/** Left-aligns the columns of a small table for a terminal. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, displayWidth(c))));
  return rows.map((r) =>
    r
      .map((c, k) => c + ' '.repeat((widths[k] ?? 0) - displayWidth(c)))
      .join('  ')
      .trimEnd(),
  );
}
