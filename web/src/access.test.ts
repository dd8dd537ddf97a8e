/**
 * What the page hides by role comes from the endpoints' definitions: each action's endpoint is defined,
 * and the roles it gives are the ones the page offered before the move (written here by hand).
 */
import { describe, expect, it } from 'vitest';
import { ENDPOINT_ACCESS } from '@mujun/contract';
import { mayCall, NEEDS, type Action } from './access';

type Role = 'analyst' | 'county' | 'enterprise' | 'leader';
const ROLES: Role[] = ['analyst', 'county', 'enterprise', 'leader'];

/** Who may do what on the page: A analyst, C county operator, E enterprise, L leader. */
const EXPECTED: Record<Action, string> = {
  'run.start': 'A',
  'run.publish': 'A',
  'run.adjust': 'A',
  'runs.view': 'ACL',
  'cockpit.view': 'ACL',
  'results.view': 'ACL',
  import: 'A',
  'datasets.view': 'AL',
  'methodology.validate': 'A',
  'policy.view': 'ACL',
  'policy.apply': 'A',
  'policy.validate': 'A',
  whatif: 'AL',
  sensitivity: 'A',
  audit: 'A',
  users: 'A',
  tokens: 'A',
  'objection.view': 'ACEL',
  'objection.file': 'E',
  'objection.decide': 'AC',
};

describe('what the page offers a role', () => {
  it('needs a defined endpoint for every action', () => {
    expect(Object.values(NEEDS).filter((k) => !(k in ENDPOINT_ACCESS))).toEqual([]);
  });

  it('offers each action to the roles the endpoint’s definition allows, as before the move', () => {
    for (const [action, letters] of Object.entries(EXPECTED) as [Action, string][])
      expect(
        ROLES.filter((r) => mayCall(ENDPOINT_ACCESS, r, NEEDS[action]))
          .map((r) => r[0]!.toUpperCase())
          .join(''),
        action,
      ).toBe(letters);
  });

  it('offers nobody anything but public endpoints, and nothing of an endpoint not in the table', () => {
    expect(mayCall(ENDPOINT_ACCESS, null, 'POST /api/auth/login')).toBe(true);
    expect(mayCall(ENDPOINT_ACCESS, null, 'GET /api/auth/me')).toBe(false);
    expect(mayCall(ENDPOINT_ACCESS, 'analyst', 'GET /api/auth/me')).toBe(true);
    expect(mayCall({}, 'analyst', 'GET /api/auth/me')).toBe(false);
    expect(mayCall({ 'POST /api/runs': ['county'] }, 'county', 'POST /api/runs')).toBe(true);
  });
});
