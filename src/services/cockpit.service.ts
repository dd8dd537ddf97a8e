/**
 * The cockpit (驾驶舱) of one run: classes per county, per-mu tax and value added per county against
 * last year, the best and worst enterprises, and data coverage — each block with its source (run,
 * dataset version, methodology, year) and its definition in Chinese and English.
 */
import {
  adjustmentMoves,
  countyFigures,
  datasetCoverage,
  extremeResults,
  getDataset,
  latestRunOf,
  resultSummariesAt,
  type CountyFigures,
  type Run,
} from '../db/index.js';
import type { ClassId } from '../engine/index.js';
import { codeNames } from '../reference/reference-data.js';
import {
  COVERAGE_FIELDS,
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  FIELD_DEPARTMENT,
  fieldLabel,
  type Department,
} from '../report/fields.js';
import type { Scope } from '../domain/access.js';
import { resolveRunIn } from './access.js';
import { runMethodology } from './evaluation.service.js';
import { EXTREMES_KEPT, type RunDigest } from './run-digest.js';
import { scopedView, view, type RunView } from './runs.service.js';
import type { Store } from './store.js';

export interface CardSource {
  runId: number | null;
  year: number;
  methodologyId: string | null;
  datasetVersion: string | null;
  datasetId: number | null;
  /** Whether the run is published; a draft's cards say so. */
  published: boolean;
  definition: { zh: string; en: string };
}

const source = (run: Run, definition: { zh: string; en: string }): CardSource => ({
  runId: run.id,
  year: run.year,
  methodologyId: run.methodologyId,
  datasetVersion: `${run.year}/v${run.datasetVersion}`,
  datasetId: run.datasetId,
  published: run.publishedAt !== null,
  definition,
});

export interface CoverageItem {
  field: string;
  label: { zh: string; en: string };
  unit: string;
  department: string;
  present: number;
  records: number;
  /** Records lacking the field (records − present) and their share of the records. */
  missing: number;
  missingShare: number | null;
}

/** The fields most often missing (largest share lacking first, at most `n`, only those missing somewhere). */
export function mostMissing(fields: readonly CoverageItem[], n = 3): CoverageItem[] {
  return fields
    .filter((f) => f.records > 0 && f.missing > 0)
    .sort((a, b) => b.missing / b.records - a.missing / a.records)
    .slice(0, n);
}

export const DEFINITIONS = {
  classes: {
    zh: '各区县已定档企业的初评等级与调档后等级家数（调档：否决、保护与人工调整之后），并列只计算不定档与未评价的企业家数。',
    en: 'Per county, graded enterprises by initial class and by adjusted class (after vetoes, protections and manual adjustments), with the enterprises computed but not graded and those not evaluated.',
  },
  perMu: {
    zh: '亩均税收 = Σ税收实际贡献 ÷ Σ用地面积，亩均增加值 = Σ工业增加值 ÷ Σ用地面积，在本区县已定档企业中合计（缺少该项数据的企业不计入分子和分母），单位 万元/亩；上年为上一数据年份同一评价办法的最新运行。',
    en: 'Tax per mu = Σ tax paid ÷ Σ land, value added per mu = Σ value added ÷ Σ land, summed over the county’s graded enterprises (an enterprise missing the figure counts in neither sum), in 万元/亩; last year is the latest run of the previous data year with the same methodology.',
  },
  top: {
    zh: '已定档企业按综合得分从高到低（全市，跨区县与分组）；同分按亩均税收从高到低、再按统一社会信用代码。',
    en: 'Graded enterprises by total score, highest first (city-wide, across counties and groups); ties by tax per mu, then USCC.',
  },
  bottom: {
    zh: '已定档企业按综合得分从低到高（全市，跨区县与分组）：即排名顺序自末位倒数。',
    en: 'Graded enterprises by total score, lowest first (city-wide, across counties and groups): the ranking order read from the bottom.',
  },
  topCounty: {
    zh: '本区县已定档企业按综合得分从高到低（跨分组）；同分按亩均税收从高到低、再按统一社会信用代码。',
    en: 'The county’s graded enterprises by total score, highest first (across groups); ties by tax per mu, then USCC.',
  },
  bottomCounty: {
    zh: '本区县已定档企业按综合得分从低到高（跨分组）：即排名顺序自末位倒数。',
    en: 'The county’s graded enterprises by total score, lowest first (across groups): the ranking order read from the bottom.',
  },
  coverage: {
    zh: '本次运行所用数据版本中，各字段有值的记录数；部门覆盖为含该部门任一字段的记录数（由部门文件导入的数据按各记录的来源计）。缺失不是零。',
    en: 'In the dataset version the run used: records with a value for each field; a department covers a record that has any of its fields (for data imported from departmental files, the record’s provenance). Missing is not zero.',
  },
} as const;

export interface CockpitCounty {
  division: string | null;
  name: string | null;
  classes: Record<ClassId, number>;
  initialClasses: Record<ClassId, number>;
  graded: number;
  computedNotGraded: number;
  notEvaluated: number;
}

interface PerMuNumbers {
  graded: number;
  landMu: number;
  taxPerMu: number | null;
  valueAddedPerMu: number | null;
}

export interface PerMuFigure extends PerMuNumbers {
  division: string | null;
  name: string | null;
  lastYear: PerMuNumbers | null;
}

const perMu = (f: CountyFigures): PerMuNumbers => ({
  graded: f.graded,
  landMu: f.landMu,
  taxPerMu: f.landWithTax > 0 ? f.tax / f.landWithTax : null,
  valueAddedPerMu: f.landWithValueAdded > 0 ? f.valueAdded / f.landWithValueAdded : null,
});

/** The sum of several counties' figures (the city). */
function sumFigures(fs: readonly CountyFigures[]): CountyFigures {
  const z = { A: 0, B: 0, C: 0, D: 0 };
  const out = {
    division: null,
    graded: 0,
    computedNotGraded: 0,
    notEvaluated: 0,
    classes: { ...z },
    initialClasses: { ...z },
    landMu: 0,
    tax: 0,
    landWithTax: 0,
    valueAdded: 0,
    landWithValueAdded: 0,
  };
  for (const f of fs) {
    out.graded += f.graded;
    out.computedNotGraded += f.computedNotGraded;
    out.notEvaluated += f.notEvaluated;
    for (const k of ['A', 'B', 'C', 'D'] as const) {
      out.classes[k] += f.classes[k];
      out.initialClasses[k] += f.initialClasses[k];
    }
    out.landMu += f.landMu;
    out.tax += f.tax;
    out.landWithTax += f.landWithTax;
    out.valueAdded += f.valueAdded;
    out.landWithValueAdded += f.landWithValueAdded;
  }
  return out;
}

export interface CockpitEnterprise {
  uscc: string;
  name: string | null;
  division: string | null;
  divisionName: string | null;
  industry: string | null;
  industryName: string | null;
  groupId: string | null;
  total: number;
  rank: number | null;
  unitSize: number | null;
  adjustedClass: ClassId | null;
  taxPerMu: number | null;
  valueAddedPerMu: number | null;
}

export interface Cockpit {
  run: RunView;
  methodologyTitle: { zh: string; en: string };
  /** Whose figures: the city, or the asker's county (named, so its totals are not labelled 全市). */
  area: { kind: 'city' | 'county' | 'enterprise'; division: string | null; name: { zh: string; en: string } };
  lastYearRun: RunView | null;
  classes: { source: CardSource; counties: CockpitCounty[]; city: CockpitCounty };
  perMu: {
    source: CardSource;
    lastYearSource: CardSource | null;
    counties: PerMuFigure[];
    city: PerMuFigure;
  };
  top: { source: CardSource; items: CockpitEnterprise[] };
  bottom: { source: CardSource; items: CockpitEnterprise[] };
  coverage: {
    source: CardSource;
    records: number;
    fields: CoverageItem[];
    mostMissing: CoverageItem[];
    departments: {
      department: string;
      label: { zh: string; en: string };
      present: number;
      records: number;
    }[];
  };
}

export interface CockpitOptions {
  /** How many enterprises in the top and bottom lists (default 10). */
  size?: number;
  /** Restrict the top and bottom lists to one evaluation group. */
  group?: string;
}

/** The run's digest (stored with runs since migration 0003's code), or null for older runs. */
const digestOf = (run: Run): RunDigest | null => {
  const d = (run.summary as { web?: RunDigest } | null)?.web;
  return d && d.version === 1 ? d : null;
};

/** Per county figures: the digest with later manual adjustments applied, or one pass over the run. */
async function figuresOf(store: Store, run: Run): Promise<CountyFigures[]> {
  const d = digestOf(run);
  if (!d) return countyFigures(store.db, run.id);
  const figures = d.counties.map((f) => ({ ...f, classes: { ...f.classes } }));
  const moves = await adjustmentMoves(store.db, run.id);
  for (const m of moves) {
    const f = figures.find((x) => x.division === m.division);
    if (!f) continue;
    const c = f.classes as Record<string, number>;
    if (m.fromClass && m.fromClass in c) c[m.fromClass]!--;
    if (m.toClass in c) c[m.toClass]!++;
  }
  return figures;
}

/** Per-mu sums only (manual adjustments do not change them). */
async function perMuFiguresOf(store: Store, run: Run): Promise<CountyFigures[]> {
  return digestOf(run)?.counties ?? countyFigures(store.db, run.id);
}

/**
 * The cockpit of a run as a scope sees it: the whole city from the run's digest, or a county from its
 * own rows only (every figure, list and coverage count read with the county's filter).
 */
export async function cockpit(
  store: Store,
  runId: number | undefined,
  o: CockpitOptions,
  scope: Scope,
): Promise<Cockpit> {
  const run = await resolveRunIn(store, runId, scope);
  const size = o.size ?? 10;
  const names = codeNames();
  const lastRun = await latestRunOf(store.db, run.year - 1, run.methodologyId);
  const scoped = scope.kind !== 'all';
  // a county's cockpit never reads the city-wide digest
  const digest = scoped ? null : digestOf(run);
  // One query at a time: PGlite answers one at a time anyway, and a pool stays free for others.
  const figures = scoped ? await countyFigures(store.db, run.id, scope) : await figuresOf(store, run);
  const lastFigures = lastRun
    ? scoped
      ? await countyFigures(store.db, lastRun.id, scope)
      : await perMuFiguresOf(store, lastRun)
    : [];
  const kept = digest?.extremes[o.group ? `group:${o.group}` : 'all'];
  const extreme = async (best: boolean) =>
    digest && size <= EXTREMES_KEPT
      ? resultSummariesAt(store.db, run.id, (best ? kept?.best : kept?.worst)?.slice(0, size) ?? [])
      : extremeResults(store.db, run.id, {
          best,
          limit: size,
          scope,
          ...(o.group ? { groupId: o.group } : {}),
        });
  const best = await extreme(true);
  const worst = await extreme(false);
  const deptFields: Record<string, string[]> = {};
  for (const f of COVERAGE_FIELDS) (deptFields[FIELD_DEPARTMENT[f]!] ??= []).push(f);
  const departments = DEPARTMENTS.filter((d) => d !== 'other');
  // Imported datasets say per record which departments' files gave it values (provenance).
  const dataset = await getDataset(store.db, run.datasetId);
  const imported = dataset?.source?.startsWith('import:') ?? false;
  const coverage = digest
    ? {
        records: digest.coverage.records,
        fields: digest.coverage.fields,
        groups: digest.coverage.groups,
        ...(imported
          ? await datasetCoverage(store.db, run.datasetId, [], {}, departments).then((c) => ({
              provenance: c.provenance,
              withProvenance: c.withProvenance,
            }))
          : { provenance: {} as Record<string, number>, withProvenance: 0 }),
      }
    : await datasetCoverage(store.db, run.datasetId, COVERAGE_FIELDS, deptFields, departments, scope);

  const divisionName = (d: string | null) => (d ? names.division(d) : null);
  const county = (f: CountyFigures): CockpitCounty => ({
    division: f.division,
    name: divisionName(f.division),
    classes: { ...f.classes },
    initialClasses: { ...f.initialClasses },
    graded: f.graded,
    computedNotGraded: f.computedNotGraded,
    notEvaluated: f.notEvaluated,
  });
  const lastBy = new Map(lastFigures.map((f) => [f.division, f]));
  const perMuOf = (f: CountyFigures, last: CountyFigures | undefined | null): PerMuFigure => ({
    division: f.division,
    name: divisionName(f.division),
    ...perMu(f),
    lastYear: lastRun && last ? perMu(last) : null,
  });
  const enterprise = (r: (typeof best)[number]): CockpitEnterprise => ({
    uscc: r.uscc,
    name: r.name,
    division: r.division,
    divisionName: divisionName(r.division),
    industry: r.industry,
    industryName: r.industry ? names.industry(r.industry) : null,
    groupId: r.groupId,
    total: r.total ?? 0,
    rank: r.rank,
    unitSize: r.unitSize,
    adjustedClass: r.adjustedClass as ClassId | null,
    taxPerMu: r.taxPerMu,
    valueAddedPerMu: r.valueAddedPerMu,
  });
  const useProvenance = coverage.withProvenance > 0;
  const city = sumFigures(figures);
  const fields: CoverageItem[] = COVERAGE_FIELDS.map((f) => {
    const l = fieldLabel(f);
    const present = coverage.fields[f] ?? 0;
    return {
      field: f,
      label: { zh: l.zh, en: l.en },
      unit: l.unit,
      department: FIELD_DEPARTMENT[f]!,
      present,
      records: coverage.records,
      missing: coverage.records - present,
      missingShare: coverage.records > 0 ? (coverage.records - present) / coverage.records : null,
    };
  });
  const methodology = await runMethodology(store, run);
  const area: Cockpit['area'] =
    scope.kind === 'division'
      ? {
          kind: 'county',
          division: scope.division,
          name: {
            zh: names.division(scope.division) ?? scope.division,
            en: names.division(scope.division) ?? scope.division,
          },
        }
      : scope.kind === 'enterprise'
        ? { kind: 'enterprise', division: null, name: { zh: '本企业', en: 'this enterprise' } }
        : { kind: 'city', division: null, name: { zh: '全市', en: 'city' } };
  return {
    run: await scopedView(store, run, scope),
    methodologyTitle: { zh: methodology.title.zh, en: methodology.title.en },
    area,
    lastYearRun: lastRun ? (scoped ? await scopedView(store, lastRun, scope) : view(lastRun)) : null,
    classes: { source: source(run, DEFINITIONS.classes), counties: figures.map(county), city: county(city) },
    perMu: {
      source: source(run, DEFINITIONS.perMu),
      lastYearSource: lastRun ? source(lastRun, DEFINITIONS.perMu) : null,
      counties: figures.map((f) => perMuOf(f, lastBy.get(f.division))),
      city: perMuOf(city, lastRun ? sumFigures(lastFigures) : null),
    },
    top: {
      source: source(run, scoped ? DEFINITIONS.topCounty : DEFINITIONS.top),
      items: best.map(enterprise),
    },
    bottom: {
      source: source(run, scoped ? DEFINITIONS.bottomCounty : DEFINITIONS.bottom),
      items: worst.map(enterprise),
    },
    coverage: {
      source: source(run, DEFINITIONS.coverage),
      records: coverage.records,
      fields,
      mostMissing: mostMissing(fields),
      departments: DEPARTMENTS.filter((d): d is Exclude<Department, 'other'> => d !== 'other').map((d) => ({
        department: d,
        label: DEPARTMENT_LABELS[d],
        present: useProvenance
          ? d === 'market-regulation'
            ? Math.max(coverage.provenance[d] ?? 0, coverage.groups[d] ?? 0)
            : (coverage.provenance[d] ?? 0)
          : (coverage.groups[d] ?? 0),
        records: coverage.records,
      })),
    },
  };
}
