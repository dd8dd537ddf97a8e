/**
 * A small history router: a page is a path plus query parameters (filters live in the address so that
 * a view can be bookmarked, shared and printed). The server answers index.html for every non-API path.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Location {
  path: string;
  query: URLSearchParams;
}

interface Router {
  location: Location;
  navigate: (to: string, opts?: { replace?: boolean }) => void;
  /** Replaces some query parameters of the current page (undefined or '' removes one). */
  setQuery: (q: Record<string, string | number | undefined | null>, opts?: { replace?: boolean }) => void;
}

const Ctx = createContext<Router | null>(null);

const read = (): Location => ({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
});

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(read);
  useEffect(() => {
    const on = () => setLocation(read());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const navigate = useCallback((to: string, opts?: { replace?: boolean }) => {
    if (opts?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(read());
    if (!opts?.replace) window.scrollTo(0, 0);
  }, []);
  const setQuery = useCallback(
    (q: Record<string, string | number | undefined | null>, opts?: { replace?: boolean }) => {
      const p = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(q)) {
        if (v === undefined || v === null || v === '') p.delete(k);
        else p.set(k, String(v));
      }
      const s = p.toString();
      navigate(window.location.pathname + (s ? `?${s}` : ''), opts);
    },
    [navigate],
  );
  const value = useMemo(() => ({ location, navigate, setQuery }), [location, navigate, setQuery]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useRouter(): Router {
  const v = useContext(Ctx);
  if (!v) throw new Error('useRouter outside RouterProvider');
  return v;
}

/** A link that navigates without reloading. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { navigate } = useRouter();
  return (
    <a
      href={to}
      className={className}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
