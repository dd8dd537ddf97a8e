/**
 * The API's contract (ADR 0016): every endpoint's definition, by noun, and the response types the web
 * app imports as `@mujun/contract`. `ENDPOINTS` lists them all: the access table, the OpenAPI document
 * and the authorisation matrix test are made from it.
 */
import { auditEndpoints } from './audit.js';
import { authEndpoints } from './auth.js';
import { datasetsEndpoints } from './datasets.js';
import { routeKey, type Access, type EndpointSpec } from './define.js';
import { enterpriseEndpoints } from './enterprises.js';
import { importsEndpoints } from './imports.js';
import { jobEndpoints } from './jobs.js';
import { metaEndpoints } from './meta.js';
import { methodologyEndpoints } from './methodologies.js';
import { objectionEndpoints } from './objections.js';
import { policyEndpoints } from './policy.js';
import { referenceEndpoints } from './reference.js';
import { runEndpoints } from './runs.js';

export type * from './common.js';
export * from './audit.js';
export * from './auth.js';
export * from './datasets.js';
export * from './define.js';
export * from './enterprises.js';
export * from './imports.js';
export * from './jobs.js';
export * from './meta.js';
export * from './methodologies.js';
export * from './objections.js';
export * from './policy.js';
export * from './reference.js';
export * from './runs.js';

/** Every endpoint, grouped by noun. */
export const ENDPOINT_GROUPS = {
  meta: metaEndpoints,
  auth: authEndpoints,
  methodologies: methodologyEndpoints,
  reference: referenceEndpoints,
  imports: importsEndpoints,
  datasets: datasetsEndpoints,
  policy: policyEndpoints,
  runs: runEndpoints,
  enterprises: enterpriseEndpoints,
  jobs: jobEndpoints,
  objections: objectionEndpoints,
  audit: auditEndpoints,
} as const;

export const ENDPOINTS: readonly EndpointSpec[] = Object.values(ENDPOINT_GROUPS).flatMap(
  (g) => Object.values(g) as EndpointSpec[],
);

/** `METHOD /path` → who may call it, from the definitions. */
export const ENDPOINT_ACCESS: Readonly<Record<string, Access>> = Object.fromEntries(
  ENDPOINTS.map((e) => [routeKey(e), e.access]),
);
