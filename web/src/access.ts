/**
 * What the page may offer a role: each action needs an endpoint, and who may act is who may call it, as
 * the endpoint's definition says (`ENDPOINT_ACCESS`, src/api/contract/, ADR 0016) — the table the server
 * enforces. Pure (the table is passed in: auth.tsx gives the contract's, tests too).
 */
import type { Access, ENDPOINT_GROUPS, Role } from '@mujun/contract';

type Groups = typeof ENDPOINT_GROUPS;
type Defined = { [G in keyof Groups]: Groups[G][keyof Groups[G]] }[keyof Groups];
/** `METHOD /path` of every defined endpoint, e.g. `POST /api/runs`. */
export type RouteKey = Defined extends infer E
  ? E extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** Whether a role (null: nobody logged in) may call an endpoint of the table. */
export function mayCall(
  table: Readonly<Record<string, Access>>,
  role: Role | null | undefined,
  route: RouteKey,
): boolean {
  const a = table[route];
  if (a === undefined) return false;
  return a === 'public' || (role !== null && role !== undefined && a.includes(role));
}

/** The actions a page offers, and the endpoint each needs. */
export const NEEDS = {
  'run.start': 'POST /api/runs',
  'run.publish': 'POST /api/runs/:run/publish',
  'run.adjust': 'POST /api/runs/:run/adjustments',
  'runs.view': 'GET /api/runs/:run/counties',
  'cockpit.view': 'GET /api/runs/:run/cockpit',
  'results.view': 'GET /api/runs/:run/results',
  import: 'POST /api/imports',
  'datasets.view': 'GET /api/datasets',
  'methodology.validate': 'POST /api/methodologies/validate',
  'policy.view': 'GET /api/runs/:run/policy-applications',
  'policy.apply': 'POST /api/runs/:run/policy-applications',
  'policy.validate': 'POST /api/policies/validate',
  whatif: 'POST /api/whatif',
  sensitivity: 'POST /api/sensitivity',
  audit: 'GET /api/audit',
  users: 'GET /api/users',
  tokens: 'GET /api/tokens',
  'objection.view': 'GET /api/objections',
  'objection.file': 'POST /api/runs/:run/objections',
  'objection.decide': 'POST /api/objections/:id/decision',
} as const satisfies Record<string, RouteKey>;

export type Action = keyof typeof NEEDS;
