/**
 * Terminal renderings of a run: the summary by ranking unit and class, and the first rows.
 */
import { CLASS_IDS, enterpriseResult, summarise, type EvaluationRun } from '../engine/index.js';
import { t, tryT, type Lang } from '../i18n/messages.js';
import { loadDivisions } from '../reference/reference-data.js';
import { table } from '../report/explanation.js';

export function unitLabel(unit: string): string {
  const d = loadDivisions().get(unit.split('/')[0] ?? '');
  return d ? `${d.name} ${unit}` : unit;
}

export function renderRunTable(run: EvaluationRun, lang: Lang, limit: number): string {
  const s = summarise(run);
  const m = run.methodology;
  const lines: string[] = [];
  lines.push(
    `${t(lang, 'cli.summary')} — ${m.title[lang]} (${m.id}, ${s.methodologyHash.slice(0, 12)}) · ${t(lang, 'word.dataset')} ${s.datasetVersion}`,
  );
  lines.push(
    `${t(lang, 'word.records')}: ${s.records} · ${t(lang, 'status.graded')} ${s.byStatus.graded} · ${t(lang, 'status.computed_not_graded')} ${s.byStatus.computed_not_graded} · ${t(lang, 'status.not_evaluated')} ${s.byStatus.not_evaluated}`,
  );
  lines.push('');
  const head = [t(lang, 'word.unit'), t(lang, 'word.group'), ...CLASS_IDS, t(lang, 'status.graded')];
  const rows = s.byUnit.map((u) => [
    unitLabel(u.unit),
    m.groups.find((g) => g.id === u.group)?.title[lang] ?? u.group,
    ...CLASS_IDS.map((c) => String(u.classes[c])),
    String(u.graded),
  ]);
  rows.push([
    t(lang, 'word.all'),
    '',
    ...CLASS_IDS.map((c) => String(s.classes[c])),
    String(s.byStatus.graded),
  ]);
  lines.push(...table([head, ...rows]));
  if (Object.keys(s.byReason).length > 0) {
    lines.push('', `${t(lang, 'word.reason')}:`);
    for (const [r, n] of Object.entries(s.byReason)) {
      const rule = m.scope.notGraded.find((x) => x.id === r);
      lines.push(`  ${n}\t${rule ? rule.title[lang] : (tryT(lang, `reason.${r}`) ?? r)}`);
    }
  }
  if (limit > 0) {
    lines.push('');
    const h = [
      'uscc',
      t(lang, 'word.name'),
      t(lang, 'word.division'),
      t(lang, 'word.status'),
      t(lang, 'word.total'),
      t(lang, 'word.rank'),
      t(lang, 'word.initial'),
      t(lang, 'word.adjusted'),
    ];
    const body: string[][] = [];
    for (let i = 0; i < Math.min(limit, run.length); i++) {
      const r = enterpriseResult(run, i);
      body.push([
        r.uscc,
        r.name ?? '',
        r.division ?? '',
        t(lang, `status.${r.status}`),
        r.total === null ? '' : r.total.toFixed(3),
        r.rank === null ? '' : `${r.rank}/${r.unitSize}`,
        r.initialClass ?? '',
        r.adjustedClass ?? '',
      ]);
    }
    lines.push(...table([h, ...body]));
  }
  return lines.join('\n');
}
