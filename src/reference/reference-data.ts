/**
 * Loads the reference tables shipped in `data/reference/` (copies of the published code tables: GB/T 2260 divisions of
 * the Yangtze River Delta and GB/T 4754-2017). Loaded once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  DivisionTable,
  IndustryTable,
  type Division,
  type DivisionLevel,
  type Industry,
} from '../domain/reference.js';

/** The project's `data/reference` folder (works from src/ under vitest and from dist/ when built). */
export const REFERENCE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../data/reference',
);

function readRows(file: string): string[][] {
  const text = readFileSync(path.join(REFERENCE_DIR, file), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  return lines.slice(1).map(splitCsvLine);
}

/** These files quote names that contain commas (e.g. "农、林、牧、渔业" does not, but some do). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

let divisions: DivisionTable | undefined;
let industries: IndustryTable | undefined;

export function loadDivisions(): DivisionTable {
  divisions ??= new DivisionTable(
    readRows('admin_divisions_yrd.csv').map(([code, name, level, parent]): Division => ({
      code: code!,
      name: name!,
      level: level as DivisionLevel,
      parentCode: parent ? parent : null,
    })),
  );
  return divisions;
}

export function loadIndustries(): IndustryTable {
  industries ??= new IndustryTable(
    readRows('gbt4754_2017.csv').map(([code, name, level, parent]): Industry => ({
      code: code!,
      name: name!,
      level: Number(level) as Industry['level'],
      parentCode: parent ? parent : null,
    })),
  );
  return industries;
}

/** Name look-ups for reports: a division's name; an industry's name (or its 中类's, for a padded code). */
export function codeNames(): {
  division: (code: string) => string | null;
  industry: (code: string) => string | null;
} {
  const d = loadDivisions();
  const t = loadIndustries();
  return {
    division: (code) => d.get(code)?.name ?? null,
    industry: (code) =>
      t.get(code)?.name ?? t.get(code.slice(0, 3))?.name ?? t.get(code.slice(0, 2))?.name ?? null,
  };
}
