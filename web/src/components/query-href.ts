/**
 * The address of the current page with some query parameters replaced (undefined, null or '' removes
 * one), as `setQuery` would navigate to: the `href` of a link that changes a filter or opens a drawer,
 * so that it is a real link (focusable, opened with Enter, copied, opened in a new tab).
 */
export function queryHref(
  path: string,
  query: URLSearchParams,
  changes: Record<string, string | number | undefined | null>,
): string {
  const p = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') p.delete(k);
    else p.set(k, String(v));
  }
  const s = p.toString();
  return path + (s ? `?${s}` : '');
}
