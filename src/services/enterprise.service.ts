/**
 * One enterprise (一企一单) for the web: identity, land parcels, each department's figures with the
 * file and rows they were read from, the year's result explained, manual adjustments, and its history
 * over the years.
 */
import {
  datasetsWith,
  findRecordRows,
  getDataset,
  getEnterprise,
  getResultSummary,
  historyOf,
  landHoldingsFor,
  listClassAdjustments,
  listDatasetFiles,
  loadDatasetRecord,
  loadRecordProvenance,
  qualificationsOf,
  RESULT_FLAG_BITS,
  flagNames,
  type ClassAdjustment,
  type Dataset,
  type DatasetFile,
  type LandHolding,
  type ResultFlagName,
  type Run,
} from '../db/index.js';
import type { EnterpriseRecord } from '../domain/record-batch.js';
import { isValidUscc } from '../domain/uscc.js';
import type { ClassId } from '../engine/index.js';
import type { Lang } from '../i18n/messages.js';
import { shippedProfiles } from '../ingest/profiles/index.js';
import { codeNames } from '../reference/reference-data.js';
import { explain, type Explanation } from '../report/explanation.js';
import {
  DEPARTMENT_LABELS,
  DEPARTMENTS,
  FIELD_DEPARTMENT,
  fieldLabel,
  type Department,
} from '../report/fields.js';
import { enterpriseInDivision } from '../db/scope.repository.js';
import { publishedOnly, type Scope } from '../domain/access.js';
import { latestRunIn } from './access.js';
import { storedResult } from './evaluation.service.js';
import { ServiceError } from './errors.js';
import { scopedView, type RunView } from './runs.service.js';
import type { Store } from './store.js';

export interface SourceField {
  field: string;
  label: { zh: string; en: string };
  unit: string;
  value: number | string | null;
  header: string | null;
}

export interface SourceFigures {
  department: string;
  label: { zh: string; en: string };
  file: string | null;
  sheet: string | null;
  rows: number[];
  fields: SourceField[];
}

export interface HistoryItem {
  year: number;
  runId: number;
  methodologyId: string;
  published: boolean;
  status: 'graded' | 'computed_not_graded' | 'not_evaluated';
  total: number | null;
  rank: number | null;
  unitSize: number | null;
  initialClass: ClassId | null;
  adjustedClass: ClassId | null;
  taxPerMu: number | null;
  valueAddedPerMu: number | null;
}

export interface EnterpriseView {
  uscc: string;
  year: number;
  identity: {
    name: string | null;
    division: string | null;
    divisionName: string | null;
    industry: string | null;
    industryName: string | null;
    aboveScale: boolean | null;
    founded: number | null;
    tenantOf: string | null;
    flags: ResultFlagName[];
    qualifications: { kind: string; yearFrom: number; yearTo: number | null }[];
  };
  dataset: { id: number; year: number; version: number; source: string | null } | null;
  land: Omit<LandHolding, 'id' | 'uscc'>[];
  sources: SourceFigures[];
  run: RunView | null;
  result: (Explanation & { runId: number }) | null;
  adjustments: ClassAdjustment[];
  history: HistoryItem[];
}

const normalise = (raw: string): string => raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();

/**
 * One enterprise as a scope may see it: a county operator an enterprise of its county (and its history
 * in that county), an enterprise itself (published runs only). Outside the scope the answer is the one
 * for an enterprise without data.
 */
export async function enterpriseView(
  store: Store,
  usccRaw: string,
  o: { year?: number; lang: Lang },
  scope: Scope,
): Promise<EnterpriseView> {
  const uscc = normalise(usccRaw);
  if (uscc.length !== 18)
    throw new ServiceError(
      `参数 uscc：统一社会信用代码应为 18 位，而不是“${usccRaw}” / parameter uscc: a USCC has 18 characters, not "${usccRaw}"`,
    );
  const noData = () =>
    new ServiceError(
      o.year !== undefined
        ? `${o.year} 年没有企业 ${uscc} 的数据 / no data on enterprise ${uscc} for ${o.year}`
        : `没有企业 ${uscc} 的数据（任何年份）/ no data on enterprise ${uscc} (in any year)`,
      'not_found',
    );
  if (scope.kind === 'enterprise' && scope.uscc !== uscc) throw noData();
  // a county operator: is it the county's enterprise at all? Asked before anything is loaded, so that
  // another county's enterprise and a code nobody has do the same work (issue 11, item 6)
  if (scope.kind === 'division' && !(await enterpriseInDivision(store.db, uscc, scope.division)))
    throw noData();
  const onlyPublished = publishedOnly(scope);
  const history = (
    await historyOf(store.db, uscc, {
      publishedOnly: onlyPublished,
      ...(scope.kind === 'division' ? { division: scope.division } : {}),
    })
  ).map((h): HistoryItem => ({
    year: h.year,
    runId: h.runId,
    methodologyId: h.methodologyId,
    published: h.publishedAt !== null,
    status: h.status,
    total: h.total,
    rank: h.rank,
    unitSize: h.unitSize,
    initialClass: h.initialClass as ClassId | null,
    adjustedClass: h.adjustedClass as ClassId | null,
    taxPerMu: h.taxPerMu,
    valueAddedPerMu: h.valueAddedPerMu,
  }));
  const datasets = await datasetsWith(store.db, uscc);
  const year = o.year ?? history.at(-1)?.year ?? datasets[0]?.year;
  if (year === undefined)
    throw new ServiceError(
      `没有企业 ${uscc} 的数据（任何年份）/ no data on enterprise ${uscc} (in any year)`,
      'not_found',
    );

  // The year's latest run, if it has the enterprise; its dataset, else the year's latest dataset naming it.
  let run: Run | null = await latestRunIn(store, scope, year);
  const summary = run ? await getResultSummary(store.db, run.id, uscc) : null;
  if (!summary) run = null;
  let dataset: Dataset | null = run ? await getDataset(store.db, run.datasetId) : null;
  dataset ??= datasets.find((d) => d.year === year) ?? null;
  if (!run && !dataset)
    throw new ServiceError(
      `${year} 年没有企业 ${uscc} 的数据 / no data on enterprise ${uscc} for ${year}`,
      'not_found',
    );

  let record: EnterpriseRecord | null = null;
  let sources: SourceFigures[] = [];
  if (dataset) {
    const rowNo = summary?.seq ?? (await findRecordRows(store.db, dataset.id, uscc))[0];
    if (rowNo !== undefined) {
      record = await loadDatasetRecord(store.db, dataset.id, rowNo);
      const prov = await loadRecordProvenance(store.db, dataset.id, rowNo);
      const files = await listDatasetFiles(store.db, dataset.id);
      if (record)
        sources = sourceFigures(record, prov?.provenance ?? null, prov?.sourceRow ?? null, files, dataset);
    }
  }

  const names = codeNames();
  const ident = await getEnterprise(store.db, uscc);
  const num = (f: string): number | undefined => {
    const x = (record?.values as Record<string, number | boolean | null | undefined> | undefined)?.[f];
    return typeof x === 'number' ? x : typeof x === 'boolean' ? (x ? 1 : 0) : undefined;
  };
  const division = summary?.division ?? record?.division ?? ident?.divisionCode ?? null;
  if (scope.kind === 'division' && division !== scope.division) throw noData();
  const industry = record?.industry ?? ident?.industryCode ?? null;
  let flags: ResultFlagName[];
  if (summary) flags = flagNames(summary.flags);
  else {
    let bits = 0;
    if (record?.tenant_of) bits |= RESULT_FLAG_BITS.tenant;
    if ((num('sublet_tenants') ?? 0) > 0) bits |= RESULT_FLAG_BITS.sublets;
    if (num('above_scale') === 1) bits |= RESULT_FLAG_BITS.above_scale;
    if (num('high_tech') === 1) bits |= RESULT_FLAG_BITS.high_tech;
    if (num('specialised_sme') === 1) bits |= RESULT_FLAG_BITS.specialised_sme;
    flags = flagNames(bits);
  }

  // one dataset version's parcels, each once (issue 11, item 22)
  const land = (await landHoldingsFor(store.db, uscc, dataset?.id ?? null)).map(
    ({ id: _i, uscc: _u, ...h }) => h,
  );
  const quals = await qualificationsOf(store.db, uscc);

  let result: (Explanation & { runId: number }) | null = null;
  let adjustments: ClassAdjustment[] = [];
  if (run) {
    const r = await storedResult(store, run, uscc);
    result = { ...explain(r.result, r.methodology, o.lang, names), runId: run.id };
    adjustments = await listClassAdjustments(store.db, run.id, uscc);
  }

  return {
    uscc,
    year,
    identity: {
      name: record?.name ?? ident?.name ?? null,
      division,
      divisionName: division ? names.division(division) : null,
      industry,
      industryName: industry ? names.industry(industry) : null,
      aboveScale: num('above_scale') === undefined ? null : num('above_scale') === 1,
      founded: num('founded') ?? ident?.foundedYear ?? null,
      tenantOf: record?.tenant_of ?? null,
      flags,
      // valid in the year, one per kind (the earliest), as several loads may record one twice
      qualifications: [
        ...new Map(
          quals
            .filter((q) => q.yearFrom <= year && (q.yearTo === null || q.yearTo >= year))
            .sort((a, b) => a.yearFrom - b.yearFrom)
            .reverse()
            .map((q) => [q.kind, { kind: q.kind, yearFrom: q.yearFrom, yearTo: q.yearTo }] as const),
        ).values(),
      ],
    },
    dataset: dataset
      ? { id: dataset.id, year: dataset.year, version: dataset.version, source: dataset.source }
      : null,
    land,
    sources,
    run: run ? await scopedView(store, run, scope) : null,
    result,
    adjustments,
    history,
  };
}

/** The canonical fields each department's files fill, from the shipped profiles (`fields:`), by profile id. */
function profileColumns(profileId: string | null, field: string): string[] {
  const p = shippedProfiles().find((x) => x.id === profileId);
  const src = (p?.fields as Record<string, unknown> | undefined)?.[field];
  if (typeof src === 'string') return [src];
  if (src && typeof src === 'object') {
    const o = src as { first_present?: string[]; sum?: string[] };
    return o.first_present ?? o.sum ?? [];
  }
  return [];
}

const fieldValue = (r: EnterpriseRecord, f: string): number | string | null => {
  if (f === 'name') return r.name ?? null;
  if (f === 'division') return r.division ?? null;
  if (f === 'industry') return r.industry ?? null;
  if (f === 'tenant_of') return r.tenant_of ?? null;
  const x = (r.values as Record<string, number | boolean | null | undefined> | undefined)?.[f];
  return typeof x === 'boolean' ? (x ? 1 : 0) : (x ?? null);
};

/**
 * Per department, the record's fields with where they were read: the file and rows of the import's
 * provenance (`{department: [fileSeq, row | rows]}`), the header(s) the file's column mapping gives;
 * for data not imported from departmental files (demo, canonical record files), the dataset itself.
 */
function sourceFigures(
  record: EnterpriseRecord,
  provenance: Readonly<Record<string, unknown>> | null,
  sourceRow: number | null,
  files: readonly (DatasetFile & { createdAt: string })[],
  dataset: Dataset,
): SourceFigures[] {
  const out: SourceFigures[] = [];
  const byDept = new Map<Department, string[]>();
  for (const [f, d] of Object.entries(FIELD_DEPARTMENT)) {
    const list = byDept.get(d) ?? [];
    list.push(f);
    byDept.set(d, list);
  }
  const hasProvenance = provenance !== null && Object.keys(provenance).length > 0;
  for (const d of DEPARTMENTS) {
    const fields = byDept.get(d) ?? [];
    let file: (typeof files)[number] | null = null;
    let rows: number[] = [];
    if (hasProvenance) {
      const p = provenance[d];
      if (Array.isArray(p) && typeof p[0] === 'number') {
        file = files[p[0]] ?? null;
        const r: unknown = p[1];
        rows = Array.isArray(r)
          ? r.filter((x): x is number => typeof x === 'number')
          : typeof r === 'number'
            ? [r]
            : [];
      }
    }
    const items: SourceField[] = fields.map((f) => {
      const l = fieldLabel(f);
      const headers = file
        ? profileColumns(file.profile, f)
            .map((col) => file.columns.find((c) => c.field === col)?.header)
            .filter((h): h is string => typeof h === 'string')
        : [];
      return {
        field: f,
        label: { zh: l.zh, en: l.en },
        unit: l.unit,
        value: fieldValue(record, f),
        header: headers.length > 0 ? headers.join(' + ') : null,
      };
    });
    if (hasProvenance && !file && items.every((x) => x.value === null)) continue;
    if (!hasProvenance && items.every((x) => x.value === null)) continue;
    out.push({
      department: d,
      label: DEPARTMENT_LABELS[d],
      file: file ? file.fileName : hasProvenance ? null : dataset.source,
      sheet: file ? file.sheet : null,
      rows: file ? rows : sourceRow !== null && !hasProvenance ? [sourceRow] : [],
      fields: items,
    });
  }
  return out;
}

/** A USCC's check, for routes that want to say why an unknown code is unknown. */
export const looksValid = (uscc: string): boolean => isValidUscc(normalise(uscc));
