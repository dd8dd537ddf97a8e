/**
 * Who may call what: one table, route → the roles allowed (ADR 0011). The authentication middleware
 * (auth.ts) looks up the route that is about to answer; a route missing from this table is refused to
 * everybody (deny by default), and a test checks that every registered route is listed. What a role
 * may *see* through an allowed route is the scope's business (services and repositories).
 *
 * A analyst · C county operator · E enterprise · L leader.
 */
import type { Role } from '../domain/access.js';
import { ENDPOINT_ACCESS, type Access } from './contract/index.js';

/** `public`: anybody, logged in or not; otherwise the roles allowed (contract/define.ts). */
export type { Access };

/** `METHOD /path` → who may call it: the contract's definitions (contract/, ADR 0016), nothing else. */
export const ROUTE_ACCESS: Readonly<Record<string, Access>> = ENDPOINT_ACCESS;

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
