/**
 * The CSV form of a run (methodology.md): `uscc,status,group,total,rank,unit_size,initial_class,
 * adjusted_class` first, totals to 6 decimals, then the reason, the division and each indicator's score.
 * Pure text building: the caller writes it out.
 */
import { CLASS_OF_CODE, STATUS_CODES, type EvaluationRun } from './result.js';

export const RESULT_CSV_COLUMNS = [
  'uscc',
  'status',
  'group',
  'total',
  'rank',
  'unit_size',
  'initial_class',
  'adjusted_class',
  'reason',
  'division',
] as const;

const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * Builds the run's CSV. Indicator score columns are named `score_<group>_<indicator>` (6 decimals);
 * each is empty for firms outside that group.
 */
export function formatResultsCsv(run: EvaluationRun, options: { indicatorScores?: boolean } = {}): string {
  const m = run.methodology;
  const withScores = options.indicatorScores ?? true;
  const slotNames: string[] = [];
  if (withScores) for (const g of m.groups) for (const ind of g.indicators) slotNames.push(`score_${g.id}_${ind.id}`);
  const header = [...RESULT_CSV_COLUMNS, ...slotNames].join(',');
  const out: string[] = new Array<string>(run.length + 1);
  out[0] = header;
  const groupIds = m.groups.map((g) => g.id);
  const empties = slotNames.map(() => '');
  for (let i = 0; i < run.length; i++) {
    const g = run.group[i]!;
    const evaluated = run.cell[i]! >= 0;
    const rank = run.rank[i]!;
    let line =
      cell(run.uscc[i]!) +
      ',' +
      STATUS_CODES[run.status[i]!]! +
      ',' +
      (g >= 0 ? groupIds[g]! : '') +
      ',' +
      (evaluated ? run.total[i]!.toFixed(6) : '') +
      ',' +
      (rank > 0 ? String(rank) : '') +
      ',' +
      (rank > 0 ? String(run.unitSize[i]!) : '') +
      ',' +
      (CLASS_OF_CODE[run.initialClass[i]!] ?? '') +
      ',' +
      (CLASS_OF_CODE[run.adjustedClass[i]!] ?? '') +
      ',' +
      (run.reason[i] ?? '') +
      ',' +
      cell(run.batch.division[i] ?? '');
    if (withScores) {
      const parts = empties.slice();
      if (evaluated) {
        const off = run.slotOffset[g]!;
        const k = m.groups[g]!.indicators.length;
        for (let j = 0; j < k; j++) parts[off + j] = run.score[off + j]![i]!.toFixed(6);
      }
      line += ',' + parts.join(',');
    }
    out[i + 1] = line;
  }
  return out.join('\n') + '\n';
}
