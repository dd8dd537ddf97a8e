/**
 * Who is logged in (GET /api/auth/me), logging in and out, and what the page may offer. The server
 * refuses whatever a role may not do; `can` only hides the buttons it would refuse, reading the same
 * table: the roles of each endpoint's definition (`ENDPOINT_ACCESS`, src/api/contract/, ADR 0016).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ENDPOINT_ACCESS } from '@mujun/contract';
import { mayCall, NEEDS, type Action, type RouteKey } from './access';
import { api, ApiError, csrfToken, UNAUTHENTICATED } from './api';
import type { LoginResponse, Me, MeResponse, Role } from './contract';

export type { Action, RouteKey };

/** Whether a role may call an endpoint, as its definition says (what the server enforces). */
export const can = (role: Role | null | undefined, route: RouteKey): boolean =>
  mayCall(ENDPOINT_ACCESS, role, route);

export type AuthState =
  { status: 'loading'; user: null } | { status: 'anonymous'; user: null } | { status: 'ready'; user: Me };

interface Auth {
  state: AuthState;
  user: Me | null;
  can: (a: Action) => boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  // without the session's CSRF cookie nobody is logged in: the login page at once, and no request that
  // the server would refuse (the server clears both cookies when it finds the session ended)
  const [state, setState] = useState<AuthState>(() =>
    csrfToken() ? { status: 'loading', user: null } : { status: 'anonymous', user: null },
  );
  useEffect(() => {
    let live = true;
    if (csrfToken())
      api
        .get<MeResponse>('/api/auth/me')
        .then((r) => live && setState({ status: 'ready', user: r.user }))
        .catch((e: unknown) => {
          // not logged in, or the server cannot say: the login page says which
          if (live && (!(e instanceof ApiError) || e.status === 401 || e.status === 0))
            setState({ status: 'anonymous', user: null });
        });
    const off = () => setState({ status: 'anonymous', user: null });
    window.addEventListener(UNAUTHENTICATED, off);
    return () => {
      live = false;
      window.removeEventListener(UNAUTHENTICATED, off);
    };
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const r = await api.post<LoginResponse>('/api/auth/login', { username, password });
    setState({ status: 'ready', user: r.user });
    return r.user;
  }, []);
  const logout = useCallback(async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setState({ status: 'anonymous', user: null });
  }, []);
  const value = useMemo<Auth>(
    () => ({
      state,
      user: state.user,
      can: (a) => state.user !== null && can(state.user.role, NEEDS[a]),
      login,
      logout,
    }),
    [state, login, logout],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
