/**
 * Who may call what: one table, route → the roles allowed (ADR 0011). The authentication middleware
 * (auth.ts) looks up the route that is about to answer; a route missing from this table is refused to
 * everybody (deny by default), and a test checks that every registered route is listed. What a role
 * may *see* through an allowed route is the scope's business (services and repositories).
 *
 * A analyst · C county operator · E enterprise · L leader.
 */
import type { Role } from '../domain/access.js';
import { ENDPOINT_ACCESS } from './contract/index.js';

/** `public`: anybody, logged in or not; otherwise the roles allowed. */
export type Access = 'public' | readonly Role[];

const ANY: readonly Role[] = ['analyst', 'county', 'enterprise', 'leader'];
const STAFF: readonly Role[] = ['analyst', 'county', 'leader'];
const CITY: readonly Role[] = ['analyst', 'leader'];
const ANALYST: readonly Role[] = ['analyst'];

/**
 * The routes not yet defined in the contract (api/contract/, ADR 0016): `METHOD /path` exactly as
 * registered with Hono → who may call it. Each noun moves out of this list when its endpoints are defined.
 */
const UNDEFINED_ROUTES: Readonly<Record<string, Access>> = {
  // accounts
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': ANY,
  'POST /api/auth/password': ANY,
  'GET /api/users': ANALYST,
  'POST /api/users': ANALYST,
  'PATCH /api/users/:username': ANALYST,
  'GET /api/tokens': ANALYST,
  'DELETE /api/tokens/:id': ANALYST,

  // reference data, methodologies and policies as published texts
  'GET /api/methodologies': ANY,
  'GET /api/methodologies/schema': ANY,
  'GET /api/methodologies/:id': ANY,
  'GET /api/methodologies/:id/rules': ANY,
  'POST /api/methodologies/validate': ANALYST,
  'GET /api/policies': ANY,
  'GET /api/policies/schema': ANY,
  'GET /api/policies/:id': ANY,
  'POST /api/policies/validate': ANALYST,

  // how an enterprise moves up a class (runs, enterprises and jobs: contract/runs.ts, enterprises.ts, jobs.ts)
  'GET /api/runs/:run/enterprises/:uscc/move-up': ANY,

  // imports and datasets: city-wide files, the city's business
  'POST /api/imports': ANALYST,
  'POST /api/imports/preview': ANALYST,
  'POST /api/imports/:token/commit': ANALYST,
  'DELETE /api/imports/:token': ANALYST,
  'GET /api/imports/:token/rejections.xlsx': ANALYST,
  'GET /api/datasets': CITY,
  'GET /api/datasets/:id': CITY,
  'GET /api/datasets/:id/rejections': CITY,
  'GET /api/datasets/:id/rejections.xlsx': CITY,

  // differentiated resources (ledgers scoped like results)
  'POST /api/runs/:run/policy-applications': ANALYST,
  'GET /api/runs/:run/policy-applications': STAFF,
  'GET /api/policy-applications/:id': STAFF,
  'GET /api/policy-applications/:id/ledger.xlsx': STAFF,
  'GET /api/runs/:run/policy/:policyId': STAFF,
  'GET /api/runs/:run/policy/:policyId/ledger.xlsx': STAFF,
  'POST /api/whatif': CITY,
  'POST /api/sensitivity': ANALYST,

  // objections (异议): scoped lists; an enterprise files, its county (or the city) decides
  'GET /api/objections': ANY,
  'GET /api/objections/:id': ANY,
  'GET /api/objections/:id/evidence/:seq': ANY,
  'POST /api/runs/:run/objections': ['enterprise'],
  'POST /api/objections/:id/decision': ['analyst', 'county'],
  'GET /api/objections/:id/decision-preview': ['analyst', 'county'],

  // the audit trail
  'GET /api/audit': ANALYST,
  'GET /api/audit.xlsx': ANALYST,
};

/** `METHOD /path` → who may call it: the contract's definitions, and the routes not yet moved there. */
export const ROUTE_ACCESS: Readonly<Record<string, Access>> = { ...UNDEFINED_ROUTES, ...ENDPOINT_ACCESS };

/** The access of a registered route, or undefined (refused). */
export function accessOf(method: string, path: string): Access | undefined {
  return ROUTE_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${path}`];
}

/** Whether a role may call a route (false for a route not in the table). */
export function allowed(method: string, path: string, role: Role | null): boolean {
  const a = accessOf(method, path);
  if (a === undefined) return false;
  if (a === 'public') return true;
  return role !== null && a.includes(role);
}
