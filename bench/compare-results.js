// Compares two results CSVs on the columns Mujun and the DuckDB peer share (uscc, status, group, total,
// rank, unit_size, initial_class, adjusted_class), matched by USCC in any order; totals within 1e-6.
//   node bench/compare-results.js OURS.csv PEER.csv   (prints the count of differences; exit 1 if any)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COLUMNS = ['status', 'group', 'total', 'rank', 'unit_size', 'initial_class', 'adjusted_class'];

function byUscc(text) {
  const lines = text.trimEnd().split(/\r?\n/);
  const header = lines[0].split(',');
  const at = COLUMNS.map((c) => header.indexOf(c));
  const rows = new Map();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    rows.set(
      cells[0],
      at.map((k) => cells[k] ?? ''),
    );
  }
  return rows;
}

const same = (column, a, b) =>
  column === 'total' && a !== '' && b !== '' ? Math.abs(Number(a) - Number(b)) <= 1e-6 : a === b;

/** { rows, differences, examples }: rows of `ours`, and those that differ from `peer` (missing counts). */
export function compareResults(ours, peer) {
  const a = byUscc(ours);
  const b = byUscc(peer);
  const examples = [];
  let differences = Math.abs(a.size - b.size);
  for (const [uscc, x] of a) {
    const y = b.get(uscc);
    const column = y ? COLUMNS.find((c, i) => !same(c, x[i], y[i])) : 'uscc';
    if (column === undefined) continue;
    differences++;
    if (examples.length < 5) examples.push({ uscc, column, ours: x, peer: y ?? null });
  }
  return { rows: a.size, differences, examples };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [ours, peer] = process.argv.slice(2);
  const r = compareResults(readFileSync(ours, 'utf8'), readFileSync(peer, 'utf8'));
  console.log(`${r.rows} rows, ${r.differences} differences`);
  for (const e of r.examples) console.log(JSON.stringify(e));
  process.exit(r.differences === 0 ? 0 : 1);
}
