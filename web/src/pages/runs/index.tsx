/**
 * 评价批次: the runs page and its screens — the list (`RunList`, with the start form, the publish dialog
 * and the adjustment drawer it opens) and, under /runs/compare, the comparison of two runs (`Compare`).
 * State lives in the address: `?start=1&year=Y` opens the start form, `?job=ID` follows a started run,
 * `?adjust=RUN&uscc=X` opens the adjustments of a run.
 */
import { useRouter } from '../../router';
import { Compare } from './Compare';
import { RunList } from './RunList';

export default function Runs() {
  const { location } = useRouter();
  if (location.path === '/runs/compare' || location.path.startsWith('/runs/compare/')) return <Compare />;
  return <RunList />;
}
