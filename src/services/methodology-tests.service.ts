/**
 * Golden tests of methodologies (`mujun.methodology-tests/v1`): reads a test file, loads the methodology
 * it names (a shipped id, or a file path relative to the test file), runs every test with the pure engine
 * (`engine/golden`) and the reference tables, and says what passed and what differs. The shipped
 * methodologies' tests are in `methodologies/tests/<id>.tests.yaml`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckedIssue } from '../domain/rule-file.js';
import type { GoldenOutcome } from '../engine/golden/index.js';
import { loadMethodology, METHODOLOGY_DIR } from '../methodologies/shipped.js';
import { referenceSets } from './records.service.js';

export const METHODOLOGY_TESTS_DIR = path.join(METHODOLOGY_DIR, 'tests');

export interface GoldenFileReport {
  /** The test file as given. */
  file: string;
  /** The methodology the tests ran against; null when the file or the methodology could not be read. */
  methodology: { id: string; title: { zh: string; en: string }; hash: string } | null;
  /** Problems of the test file itself (located), or why the methodology could not be loaded. */
  issues: CheckedIssue[];
  outcomes: GoldenOutcome[];
  passed: number;
  failed: number;
}

const fileIssue = (rule: string, zh: string, en: string): CheckedIssue => ({
  severity: 'error',
  path: '',
  line: null,
  column: null,
  rule,
  zh,
  en,
});

/** Runs one golden-test file given its text; `file` names it and anchors a relative methodology path. */
export async function runGoldenText(text: string, file: string): Promise<GoldenFileReport> {
  const { parseGoldenFile, runGoldenTest } = await import('../engine/golden/index.js');
  const empty = { file, methodology: null, outcomes: [], passed: 0, failed: 0 };
  const parsed = parseGoldenFile(text);
  if (!parsed.file) return { ...empty, issues: parsed.issues };
  const ref = parsed.file.methodology;
  const local = path.resolve(path.dirname(file), ref);
  let lm;
  try {
    lm = await loadMethodology(/^[a-z0-9_-]+$/.test(ref) || !existsSync(local) ? ref : local);
  } catch (e) {
    return {
      ...empty,
      issues: [
        ...parsed.issues,
        fileIssue(
          'methodology_not_loaded',
          `无法载入测试所用的评价办法“${ref}”：${(e as Error).message}`,
          `cannot load the methodology "${ref}" the tests use: ${(e as Error).message}`,
        ),
      ],
    };
  }
  const ctx = referenceSets();
  const outcomes = parsed.file.tests.map((t) => runGoldenTest(t, lm.methodology, ctx, parsed.file!.margin));
  const passed = outcomes.filter((o) => o.passed).length;
  return {
    file,
    methodology: { id: lm.methodology.id, title: lm.methodology.title, hash: lm.hash },
    issues: parsed.issues,
    outcomes,
    passed,
    failed: outcomes.length - passed,
  };
}

/** Runs a golden-test file from disk. */
export async function runGoldenFile(file: string): Promise<GoldenFileReport> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      file,
      methodology: null,
      outcomes: [],
      passed: 0,
      failed: 0,
      issues: [
        fileIssue(
          'unreadable',
          `无法读取文件：${(e as Error).message}`,
          `cannot read the file: ${(e as Error).message}`,
        ),
      ],
    };
  }
  return runGoldenText(text, file);
}

/** The shipped test files, one per shipped methodology that has tests. */
export function shippedGoldenFiles(): string[] {
  if (!existsSync(METHODOLOGY_TESTS_DIR)) return [];
  return readdirSync(METHODOLOGY_TESTS_DIR)
    .filter((f) => f.endsWith('.tests.yaml'))
    .sort()
    .map((f) => path.relative(process.cwd(), path.join(METHODOLOGY_TESTS_DIR, f)));
}

/** The shipped test file of a methodology id, if it has one. */
export function shippedGoldenFileOf(methodologyId: string): string | null {
  const f = path.join(METHODOLOGY_TESTS_DIR, `${methodologyId}.tests.yaml`);
  return existsSync(f) ? f : null;
}
