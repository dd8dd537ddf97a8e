/**
 * Differentiated resources (资源要素差别化配置): policies, applying one to a run (stored or computed on
 * the fly) with totals and a paged ledger (JSON or XLSX), what-if, sensitivity (a job) and how an
 * enterprise moves up. docs/policy.md lists them with examples; policy-contract.ts has the types.
 */
import { actorOf, scopeOf, type App, type Ctx } from '../env.js';
import { isNumericField, type NumericField } from '../../domain/fields.js';
import type { ClassId } from '../../engine/index.js';
import { parsePolicy } from '../../policy/parse.js';
import { policyJsonSchema } from '../../policies/json-schema.js';
import { loadPolicy, shippedPolicyIds } from '../../policies/shipped.js';
import { loadMethodology, shippedMethodologyIds } from '../../methodologies/shipped.js';
import { ServiceError } from '../../services/errors.js';
import {
  appliedIn,
  applyToRun,
  countyNamesOf,
  ledgerFilterIn,
  ledgerPage,
  ledgerXlsx,
  moveUpFor,
  policyApplications,
  policyFromText,
  resolvePolicy,
  storedApplication,
  submitSensitivityJob,
  whatIf,
  whatIfXlsx,
  type AppliedPolicy,
} from '../../services/policy.service.js';
import { referenceSets } from '../../services/records.service.js';
import type { Store } from '../../services/store.js';
import { intField, intParam, jsonBody, langParam, listParam, stringField, MAX_ID } from '../params.js';
import type * as P from '../policy-contract.js';

/** `latest` or a number. */
const runId = (v: string): number | undefined =>
  v === 'latest' ? undefined : intParam(v, 'run', undefined, 1, MAX_ID);

function numberField(b: Record<string, unknown>, name: string, optional = false): number | undefined {
  const v = b[name];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new ServiceError(`缺少参数 ${name} / missing parameter ${name}`);
  }
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n))
    throw new ServiceError(`参数 ${name} 应为数字 / parameter ${name} must be a number`);
  return n;
}

function boolValue(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function classParam(v: string | undefined): ClassId | undefined {
  if (v === undefined || v === '') return undefined;
  if (!['A', 'B', 'C', 'D'].includes(v))
    throw new ServiceError('等级应为 A、B、C 或 D / class must be A, B, C or D');
  return v as ClassId;
}

/** The filter of the ledger from the query string. */
function ledgerFilter(c: Ctx) {
  const q = c.req.query();
  const cls = classParam(q.class);
  return {
    ...(q.division ? { division: q.division } : {}),
    ...(cls ? { class: cls } : {}),
    ...(boolValue(q.affected) ? { onlyAffected: true } : {}),
  };
}

/** An application as the API shows it to the asker: run, policy, totals and one page of the ledger. */
function view(
  c: Ctx,
  all: AppliedPolicy,
  xlsx: string,
  page?: { limit?: number; lang?: string },
): P.PolicyApplicationView {
  const q = c.req.query();
  const limit = page?.limit ?? intParam(q.limit, 'limit', 50, 0, 1000)!;
  const offset = intParam(q.offset, 'offset', 0, 0)!;
  const lang = langParam(page?.lang ?? q.lang);
  const scope = scopeOf(c);
  const a = appliedIn(all, scope);
  const p = ledgerPage(a, { ...ledgerFilterIn(ledgerFilter(c), scope), limit, offset, lang });
  return {
    run: {
      id: a.run.id,
      year: a.run.year,
      publishedAt: a.run.publishedAt,
      methodologyId: a.run.methodologyId,
    },
    draft: a.draft,
    policy: { id: a.policy.policy.id, hash: a.policy.hash, title: a.policy.policy.title },
    history: a.history,
    application: a.record,
    existing: a.existing,
    countyNames: countyNamesOf([
      ...a.totals.counties.map((x) => x.division),
      a.totals.city.division,
      ...p.items.map((x) => x.division),
    ]),
    verified: a.verified,
    ledgerHash: a.ledgerHash,
    totals: a.totals,
    ledger: { total: p.total, limit, offset, items: p.items },
    ledgerXlsx: xlsx,
  };
}

function xlsxReply(c: Ctx, all: AppliedPolicy, name: string) {
  const scope = scopeOf(c);
  const a = appliedIn(all, scope);
  const body = ledgerXlsx(a, langParam(c.req.query('lang')), ledgerFilterIn(ledgerFilter(c), scope));
  return c.body(new Uint8Array(body), 200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${name}${a.draft ? '-draft' : ''}.xlsx"`,
  });
}

function shippedPolicy(id: string): string {
  if (!shippedPolicyIds().includes(id))
    throw new ServiceError(`没有政策“${id}” / no policy "${id}"`, 'not_found');
  return id;
}

async function shippedMethodology(id: string) {
  if (!shippedMethodologyIds().includes(id))
    throw new ServiceError(`没有评价办法“${id}” / no methodology "${id}"`, 'not_found');
  return loadMethodology(id);
}

export function registerPolicyRoutes(app: App, store: Store): void {
  app.get('/api/policies', async (c) => {
    const items: P.PolicyList['items'] = [];
    for (const id of shippedPolicyIds()) {
      const { policy: p, hash } = await loadPolicy(id);
      items.push({
        id,
        version: p.version,
        title: p.title,
        hash,
        instruments: p.instruments.map((i) => ({ id: i.id, kind: i.kind, title: i.title })),
      });
    }
    return c.json<P.PolicyList>({ items });
  });
  app.get('/api/policies/schema', (c) => c.json(policyJsonSchema()));
  app.get('/api/policies/:id', async (c) => {
    const { policy, hash, text } = await loadPolicy(shippedPolicy(c.req.param('id')));
    return c.json<P.PolicyDetail>({ policy, hash, text });
  });
  app.post('/api/policies/validate', async (c) => {
    const text = await c.req.text();
    if (text.length > 1_000_000)
      throw new ServiceError('文件过大（上限 1 MB）/ file too large (1 MB at most)');
    const r = parsePolicy(text, { knownDivisions: referenceSets().knownDivisions });
    return c.json<P.PolicyValidation>({ valid: r.policy !== null, issues: r.issues }, r.policy ? 200 : 422);
  });

  // applying a policy to a run: stored …
  app.post('/api/runs/:run/policy-applications', async (c) => {
    const b = await jsonBody(c);
    const text = stringField(b, 'text', true);
    const id = stringField(b, 'policy', text !== undefined);
    const policy = text !== undefined ? await policyFromText(text) : await resolvePolicy(shippedPolicy(id!));
    const save = b.save === undefined ? true : boolValue(b.save);
    const createdBy = actorOf(c);
    const a = await applyToRun(store, {
      ...(runId(c.req.param('run')) !== undefined ? { runId: runId(c.req.param('run'))! } : {}),
      policy,
      draft: boolValue(b.draft),
      save,
      createdBy,
    });
    const limit = intField(b, 'limit', true, 0, 1000);
    const xlsx = a.record
      ? `/api/policy-applications/${a.record.id}/ledger.xlsx`
      : `/api/runs/${a.run.id}/policy/${a.policy.policy.id}/ledger.xlsx${a.draft ? '?draft=1' : ''}`;
    const lang = stringField(b, 'lang', true);
    // an identical repeat answers the application stored first: 200 with existing: true
    return c.json<P.PolicyApplicationView>(
      view(c, a, xlsx, { ...(limit !== undefined ? { limit } : {}), ...(lang ? { lang } : {}) }),
      a.record && !a.existing ? 201 : 200,
      a.record ? { location: `/api/policy-applications/${a.record.id}` } : {},
    );
  });
  app.get('/api/runs/:run/policy-applications', async (c) => {
    const id = runId(c.req.param('run'));
    return c.json<P.PolicyApplicationList>({ items: await policyApplications(store, id, scopeOf(c)) });
  });
  app.get('/api/policy-applications/:id', async (c) => {
    const id = intParam(c.req.param('id'), 'id', undefined, 1, MAX_ID)!;
    const a = await storedApplication(store, id);
    return c.json<P.PolicyApplicationView>(view(c, a, `/api/policy-applications/${id}/ledger.xlsx`));
  });
  app.get('/api/policy-applications/:id/ledger.xlsx', async (c) => {
    const id = intParam(c.req.param('id').replace(/\.xlsx$/, ''), 'id', undefined, 1, MAX_ID)!;
    return xlsxReply(c, await storedApplication(store, id), `ledger-application-${id}`);
  });
  // … or computed on the fly with a shipped policy (nothing stored)
  const onTheFly = async (c: Ctx) =>
    applyToRun(store, {
      ...(runId(c.req.param('run')!) !== undefined ? { runId: runId(c.req.param('run')!)! } : {}),
      policy: await resolvePolicy(shippedPolicy(c.req.param('policyId')!)),
      draft: boolValue(c.req.query('draft')),
      createdBy: actorOf(c),
    });
  app.get('/api/runs/:run/policy/:policyId', async (c) => {
    const a = await onTheFly(c);
    return c.json<P.PolicyApplicationView>(
      view(
        c,
        a,
        `/api/runs/${a.run.id}/policy/${a.policy.policy.id}/ledger.xlsx${a.draft ? '?draft=1' : ''}`,
      ),
    );
  });
  app.get('/api/runs/:run/policy/:policyId/ledger.xlsx', async (c) => {
    const a = await onTheFly(c);
    return xlsxReply(c, a, `ledger-run-${a.run.id}-${a.policy.policy.id}`);
  });

  app.post('/api/whatif', async (c) => {
    const b = await jsonBody(c);
    const mAId = stringField(b, 'methodology', true);
    const mA = mAId ? await shippedMethodology(mAId) : undefined;
    const run = intField(b, 'run', true, 1, MAX_ID);
    const format = stringField(b, 'format', true) ?? 'json';
    if (format !== 'json' && format !== 'xlsx')
      throw new ServiceError(
        `未知的格式 ${format}（应为 json 或 xlsx）/ unknown format ${format} (json or xlsx)`,
      );
    const mBId = stringField(b, 'methodologyB', true);
    const pA = await resolvePolicy(shippedPolicy(stringField(b, 'policy', true) ?? 'jiaxing-demo-2024'));
    const pBId = stringField(b, 'policyB', true);
    const year = intField(b, 'year', true, 2000, 2100);
    const datasetId = intField(b, 'datasetId', true, 1, MAX_ID);
    const limit = intField(b, 'limit', true, 0, 1000) ?? 20;
    const offset = intField(b, 'offset', true, 0, MAX_ID) ?? 0;
    const xlsx = format === 'xlsx';
    const r = await whatIf(store, {
      ...(run !== undefined ? { runId: run } : {}),
      ...(year !== undefined ? { year } : {}),
      ...(datasetId !== undefined ? { datasetId } : {}),
      ...(mA ? { methodology: mA } : {}),
      ...(mBId ? { methodologyB: await shippedMethodology(mBId) } : {}),
      policy: pA,
      ...(pBId ? { policyB: await resolvePolicy(shippedPolicy(pBId)) } : {}),
      // the workbook holds every change; the page one page of them
      changedLimit: xlsx ? Number.MAX_SAFE_INTEGER : limit,
      changedOffset: xlsx ? 0 : offset,
      hardestLimit: xlsx ? Math.max(limit, 100) : limit,
    });
    if (xlsx) {
      const lang = langParam(stringField(b, 'lang', true));
      return c.body(new Uint8Array(whatIfXlsx(r, lang)), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="whatif-${r.dataset.year}-v${r.dataset.version}${r.run && r.run.publishedAt === null ? '-draft' : ''}.xlsx"`,
      });
    }
    return c.json<P.WhatIfView>(r);
  });

  app.post('/api/sensitivity', async (c) => {
    const b = await jsonBody(c);
    const fields = Array.isArray(b.dataFields)
      ? b.dataFields.map(String)
      : listParam(stringField(b, 'dataFields', true));
    for (const f of fields ?? [])
      if (!isNumericField(f)) throw new ServiceError(`未知的字段 ${f} / unknown field ${f}`);
    const run = intField(b, 'run', true, 1, MAX_ID);
    const minStability = numberField(b, 'minStability', true);
    const limit = intField(b, 'limit', true, 0, 10_000);
    const draws = intField(b, 'draws', false, 1, 100_000)!;
    const weights = numberField(b, 'weights')!;
    const data = numberField(b, 'data')!;
    const { checkSensitivityOptions } = await import('../../policy/sensitivity.js');
    const seed = intField(b, 'seed', true) ?? 1;
    const bad = checkSensitivityOptions({ draws, seed, weights, data });
    if (bad) throw new ServiceError(bad);
    const job = submitSensitivityJob(
      store,
      {
        ...(run !== undefined ? { runId: run } : {}),
        draws,
        seed,
        weights,
        data,
        ...(fields ? { dataFields: fields as NumericField[] } : {}),
        ...(minStability !== undefined ? { minStability } : {}),
        ...(limit !== undefined ? { limit } : {}),
      },
      actorOf(c),
    );
    return c.json<P.SensitivityAccepted>({ job: job as P.SensitivityJobView }, 202, {
      location: `/api/jobs/${job.id}`,
    });
  });

  app.get('/api/runs/:run/enterprises/:uscc/move-up', async (c) => {
    const fields = listParam(c.req.query('fields'));
    for (const f of fields ?? [])
      if (!isNumericField(f)) throw new ServiceError(`未知的字段 ${f} / unknown field ${f}`);
    const v = await moveUpFor(
      store,
      c.req.param('uscc'),
      runId(c.req.param('run')),
      scopeOf(c),
      fields as NumericField[] | undefined,
    );
    return c.json<P.MoveUpView>(v);
  });
}
