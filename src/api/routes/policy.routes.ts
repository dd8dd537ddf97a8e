/**
 * Differentiated resources (资源要素差别化配置): policies, applying one to a run (stored or computed on
 * the fly) with totals and a paged ledger (JSON or XLSX), what-if, sensitivity (a job) and how an
 * enterprise moves up. docs/policy.md lists them with examples; contract/policy.ts defines them.
 */
import { actorOf, scopeOf, type App, type Ctx } from '../env.js';
import type { NumericField } from '../../domain/fields.js';
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
import {
  policyEndpoints as E,
  type PolicyApplicationView,
  type SensitivityJobView,
} from '../contract/index.js';
import { jsonReply, route } from '../route.js';

/** `latest` (the newest run the caller may see) or a run id. */
const runOf = (r: 'latest' | number): number | undefined => (r === 'latest' ? undefined : r);

type Lang = 'zh' | 'en';

/** Which ledger rows: a county, a class, only those with an amount (from the query). */
interface LedgerQuery {
  division?: string | undefined;
  class?: 'A' | 'B' | 'C' | 'D' | undefined;
  affected?: boolean | undefined;
  lang?: Lang | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

const ledgerFilter = (q: LedgerQuery) => ({
  ...(q.division ? { division: q.division } : {}),
  ...(q.class ? { class: q.class } : {}),
  ...(q.affected ? { onlyAffected: true } : {}),
});

/** An application as the API shows it to the asker: run, policy, totals and one page of the ledger. */
function view(c: Ctx, all: AppliedPolicy, xlsx: string, q: LedgerQuery): PolicyApplicationView {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const lang = q.lang ?? 'zh';
  const scope = scopeOf(c);
  const a = appliedIn(all, scope);
  const p = ledgerPage(a, { ...ledgerFilterIn(ledgerFilter(q), scope), limit, offset, lang });
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function xlsxReply(c: Ctx, all: AppliedPolicy, name: string, q: LedgerQuery) {
  const scope = scopeOf(c);
  const a = appliedIn(all, scope);
  const body = ledgerXlsx(a, q.lang ?? 'zh', ledgerFilterIn(ledgerFilter(q), scope));
  return c.body(new Uint8Array(body), 200, {
    'content-type': XLSX,
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
  route(app, E.list, async () => {
    const items = [];
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
    return { items };
  });
  route(app, E.schema, () => policyJsonSchema());
  route(app, E.one, async ({ params }) => {
    const { policy, hash, text } = await loadPolicy(shippedPolicy(params.id));
    return { policy, hash, text };
  });
  route(app, E.validate, async (_, c) => {
    const text = await c.req.text();
    if (text.length > 1_000_000)
      throw new ServiceError('文件过大（上限 1 MB）/ file too large (1 MB at most)');
    const r = parsePolicy(text, { knownDivisions: referenceSets().knownDivisions });
    return jsonReply(c, E.validate, { valid: r.policy !== null, issues: r.issues }, r.policy ? 200 : 422);
  });

  // applying a policy to a run: stored …
  route(app, E.apply, async ({ params, body: b }, c) => {
    const policy =
      b.text !== undefined ? await policyFromText(b.text) : await resolvePolicy(shippedPolicy(b.policy!));
    const runId = runOf(params.run);
    const a = await applyToRun(store, {
      ...(runId !== undefined ? { runId } : {}),
      policy,
      draft: b.draft ?? false,
      save: b.save ?? true,
      createdBy: actorOf(c),
    });
    const xlsx = a.record
      ? `/api/policy-applications/${a.record.id}/ledger.xlsx`
      : `/api/runs/${a.run.id}/policy/${a.policy.policy.id}/ledger.xlsx${a.draft ? '?draft=1' : ''}`;
    if (a.record) c.header('location', `/api/policy-applications/${a.record.id}`);
    // an identical repeat answers the application stored first: 200 with existing: true
    return jsonReply(
      c,
      E.apply,
      view(c, a, xlsx, { limit: b.limit, lang: b.lang }),
      a.record && !a.existing ? 201 : 200,
    );
  });
  route(app, E.applications, async ({ params }, c) => ({
    items: await policyApplications(store, runOf(params.run), scopeOf(c)),
  }));
  route(app, E.application, async ({ params, query }, c) => {
    const a = await storedApplication(store, params.id);
    return view(c, a, `/api/policy-applications/${params.id}/ledger.xlsx`, query);
  });
  route(app, E.applicationLedgerXlsx, async ({ params, query }, c) =>
    xlsxReply(c, await storedApplication(store, params.id), `ledger-application-${params.id}`, query),
  );
  // … or computed on the fly with a shipped policy (nothing stored)
  const onTheFly = async (c: Ctx, run: 'latest' | number, policyId: string, draft: boolean | undefined) => {
    const runId = runOf(run);
    return applyToRun(store, {
      ...(runId !== undefined ? { runId } : {}),
      policy: await resolvePolicy(shippedPolicy(policyId)),
      draft: draft ?? false,
      createdBy: actorOf(c),
    });
  };
  route(app, E.onTheFly, async ({ params, query }, c) => {
    const a = await onTheFly(c, params.run, params.policyId, query.draft);
    const xlsx = `/api/runs/${a.run.id}/policy/${a.policy.policy.id}/ledger.xlsx${a.draft ? '?draft=1' : ''}`;
    return view(c, a, xlsx, query);
  });
  route(app, E.onTheFlyLedgerXlsx, async ({ params, query }, c) => {
    const a = await onTheFly(c, params.run, params.policyId, query.draft);
    return xlsxReply(c, a, `ledger-run-${a.run.id}-${a.policy.policy.id}`, query);
  });

  route(app, E.whatIf, async ({ body: b }, c) => {
    const xlsx = b.format === 'xlsx';
    const limit = b.limit ?? 20;
    const r = await whatIf(store, {
      ...(b.run !== undefined ? { runId: b.run } : {}),
      ...(b.year !== undefined ? { year: b.year } : {}),
      ...(b.datasetId !== undefined ? { datasetId: b.datasetId } : {}),
      ...(b.methodology ? { methodology: await shippedMethodology(b.methodology) } : {}),
      ...(b.methodologyB ? { methodologyB: await shippedMethodology(b.methodologyB) } : {}),
      policy: await resolvePolicy(shippedPolicy(b.policy ?? 'jiaxing-demo-2024')),
      ...(b.policyB ? { policyB: await resolvePolicy(shippedPolicy(b.policyB)) } : {}),
      // the workbook holds every change; the page one page of them
      changedLimit: xlsx ? Number.MAX_SAFE_INTEGER : limit,
      changedOffset: xlsx ? 0 : (b.offset ?? 0),
      hardestLimit: xlsx ? Math.max(limit, 100) : limit,
    });
    if (xlsx)
      return c.body(new Uint8Array(whatIfXlsx(r, b.lang ?? 'zh')), 200, {
        'content-type': XLSX,
        'content-disposition': `attachment; filename="whatif-${r.dataset.year}-v${r.dataset.version}${r.run && r.run.publishedAt === null ? '-draft' : ''}.xlsx"`,
      });
    return r;
  });

  route(app, E.sensitivity, async ({ body: b }, c) => {
    const { checkSensitivityOptions } = await import('../../policy/sensitivity.js');
    const seed = b.seed ?? 1;
    const bad = checkSensitivityOptions({ draws: b.draws, seed, weights: b.weights, data: b.data });
    if (bad) throw new ServiceError(bad);
    const job = submitSensitivityJob(
      store,
      {
        ...(b.run !== undefined ? { runId: b.run } : {}),
        draws: b.draws,
        seed,
        weights: b.weights,
        data: b.data,
        ...(b.dataFields ? { dataFields: b.dataFields } : {}),
        ...(b.minStability !== undefined ? { minStability: b.minStability } : {}),
        ...(b.limit !== undefined ? { limit: b.limit } : {}),
      },
      actorOf(c),
    );
    c.header('location', `/api/jobs/${job.id}`);
    return { job: job as SensitivityJobView };
  });

  route(app, E.moveUp, async ({ params, query }, c) =>
    moveUpFor(store, params.uscc, runOf(params.run), scopeOf(c), query.fields as NumericField[] | undefined),
  );
}
