/**
 * Golden-test reports as text for a terminal: each file with the methodology it ran against, a line per
 * test (✓/✗), each failure with the enterprise, the step, the field, the expected and the computed value,
 * and the closing count `N passed, M failed`.
 */
import { STEP_TITLES, type GoldenFailure, type GoldenValue } from '../engine/golden/index.js';
import type { Lang } from '../i18n/messages.js';
import type { GoldenFileReport } from '../services/methodology-tests.service.js';

/** Numbers to at most 6 decimals (a computed 34.502984508… reads as 34.502985). */
const shown = (v: GoldenValue): string =>
  v === null ? '—' : typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v);

const marginText = (f: GoldenFailure, lang: Lang): string => {
  if (!f.margin) return '';
  const parts: string[] = [];
  if (f.margin.absolute !== undefined) parts.push(`±${f.margin.absolute}`);
  if (f.margin.relative !== undefined) parts.push(`±${f.margin.relative * 100}%`);
  return parts.length
    ? lang === 'zh'
      ? `（允许误差 ${parts.join(' 或 ')}）`
      : ` (margin ${parts.join(' or ')})`
    : '';
};

/** One line for a failure, in the reader's language. */
export function describeGoldenFailure(f: GoldenFailure, lang: Lang): string {
  const who = f.record ?? (lang === 'zh' ? '全体' : 'all');
  const step = STEP_TITLES[f.step][lang];
  if (f.step === 'record')
    return lang === 'zh' ? `${who} · 测试中没有这条记录` : `${who} · no such record in the test`;
  if (f.computed === null && f.field.startsWith('indicators.') && f.field.split('.').length === 2)
    return lang === 'zh'
      ? `${who} · ${step} · 评价办法没有指标“${shown(f.expected)}”`
      : `${who} · ${step} · the methodology has no indicator "${shown(f.expected)}"`;
  return lang === 'zh'
    ? `${who} · ${step} · ${f.field}：预期 ${shown(f.expected)}，计算得 ${shown(f.computed)}${marginText(f, lang)}`
    : `${who} · ${step} · ${f.field}: expected ${shown(f.expected)}, computed ${shown(f.computed)}${marginText(f, lang)}`;
}

export function describeGoldenReports(reports: readonly GoldenFileReport[], lang: Lang): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const r of reports) {
    const m = r.methodology;
    lines.push(m ? `${r.file} — ${m.title[lang]} (${m.id}, ${m.hash.slice(0, 12)})` : r.file);
    for (const i of r.issues) {
      const where = i.line === null ? '' : `:${i.line}:${i.column ?? 1}`;
      lines.push(
        `  ! ${r.file}${where} ${i.path || ''} ${lang === 'zh' ? i.zh : i.en} [${i.rule}]`.replace(
          / +/g,
          ' ',
        ),
      );
    }
    if (r.issues.some((i) => i.severity === 'error')) failed++; // a file that cannot run counts as one failure
    for (const o of r.outcomes) {
      const checks = lang === 'zh' ? `${o.checks} 项检查` : `${o.checks} checks`;
      lines.push(`  ${o.passed ? '✓' : '✗'} ${o.name} (${checks})`);
      for (const f of o.failures) lines.push(`      ${describeGoldenFailure(f, lang)}`);
      if (o.failures.length > 0) {
        const first = STEP_TITLES[o.failures[0]!.step][lang];
        lines.push(
          lang === 'zh' ? `      最早不一致的步骤：${first}` : `      earliest step that differs: ${first}`,
        );
      }
    }
    passed += r.passed;
    failed += r.failed;
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}
