/**
 * A small history router: a page is a path plus query parameters (filters live in the address so that
 * a view can be bookmarked, shared and printed). The server answers index.html for every non-API path.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Location {
  path: string;
  query: URLSearchParams;
}

/** Moving around: stable functions (they never change, so using them re-renders nothing). */
interface Navigation {
  navigate: (to: string, opts?: { replace?: boolean }) => void;
  /** Replaces some query parameters of the current page (undefined or '' removes one). */
  setQuery: (q: Record<string, string | number | undefined | null>, opts?: { replace?: boolean }) => void;
}

interface Router extends Navigation {
  location: Location;
}

// Two contexts: a component that only navigates (a link, a menu) is not re-rendered when the address
// changes, e.g. each row's link when the enterprise table turns a page.
const LocationCtx = createContext<Location | null>(null);
const NavigationCtx = createContext<Navigation | null>(null);

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
    // back to the top for a new page; scrolling when already there would still make the browser lay the
    // page out at once, in the middle of the click
    if (!opts?.replace && (window.scrollX !== 0 || window.scrollY !== 0)) window.scrollTo(0, 0);
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
  const navigation = useMemo(() => ({ navigate, setQuery }), [navigate, setQuery]);
  return (
    <NavigationCtx.Provider value={navigation}>
      <LocationCtx.Provider value={location}>{children}</LocationCtx.Provider>
    </NavigationCtx.Provider>
  );
}

/** `navigate` and `setQuery` only: the caller is not re-rendered when the address changes. */
export function useNavigation(): Navigation {
  const v = useContext(NavigationCtx);
  if (!v) throw new Error('useNavigation outside RouterProvider');
  return v;
}

/** The current address with `navigate` and `setQuery`; the caller re-renders when the address changes. */
export function useRouter(): Router {
  const location = useContext(LocationCtx);
  if (!location) throw new Error('useRouter outside RouterProvider');
  return { location, ...useNavigation() };
}

/** A link that navigates without reloading. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { navigate } = useNavigation();
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
