/**
 * Serves the built web app (dist/web, written by `vite build web`) beside the API: files under /assets
 * are content-hashed and cached for a year; every other non-API path answers index.html so that the
 * app's own addresses (/enterprises?class=D, /enterprise/9133…) can be bookmarked and reloaded. Files are
 * read once and kept gzipped in memory. Paths never leave the web folder.
 *
 * Every page carries a Content-Security-Policy: scripts from this origin only (plus the inline scripts
 * of index.html, by their SHA-256, computed when the file is read), styles from this origin and inline
 * (Ant Design and ECharts set style attributes and <style> elements), no plugins, no framing by any site
 * (`frame-ancestors 'none'`), requests to this origin only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Env, Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Cached {
  /** The file's modification time and size when read: a rebuilt file is read again. */
  stamp: string;
  /** For an HTML file: its Content-Security-Policy (with the hashes of its inline scripts). */
  csp: string | null;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | null;
  type: string;
}

/** The SHA-256 sources (`'sha256-…'`) of the inline scripts of an HTML text, for `script-src`. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    out.push(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`);
  }
  return out;
}

/** The Content-Security-Policy of a page whose inline scripts have these hashes. */
export function pagePolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` ${h}`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function defaultWebDir(): string {
  return fileURLToPath(new URL('../web/', import.meta.url));
}

/** The file under `root` that a URL path names, or null when it would leave `root` or is not a file. */
export function resolveWebFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded.replaceAll('\\', '/')));
  if (file !== root && !file.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

const copy = (b: Buffer): Uint8Array<ArrayBuffer> => {
  const u = new Uint8Array(new ArrayBuffer(b.length));
  u.set(b);
  return u;
};

export function registerWebApp<E extends Env>(app: Hono<E>, webDir: string = defaultWebDir()): void {
  const root = path.resolve(webDir);
  const index = path.join(root, 'index.html');
  const cache = new Map<string, Cached>();
  const load = (file: string): Cached => {
    const st = statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}`;
    let c = cache.get(file);
    if (!c || c.stamp !== stamp) {
      const body = readFileSync(file);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const compressible = type.startsWith('text/') || type.includes('json') || type.includes('svg');
      const csp = type.startsWith('text/html') ? pagePolicy(inlineScriptHashes(body.toString('utf8'))) : null;
      c = {
        stamp,
        body: copy(body),
        gzip: compressible ? copy(gzipSync(body, { level: 6 })) : null,
        type,
        csp,
      };
      cache.set(file, c);
    }
    return c;
  };
  app.get('*', (c, next) => {
    const p = c.req.path;
    if (p === '/api' || p.startsWith('/api/')) return next();
    if (!existsSync(index))
      return c.text('网页尚未构建：请运行 npm run build / the web app is not built: run npm run build', 503);
    const file = resolveWebFile(root, p);
    // a missing asset is a 404; any other path is a page of the app
    if (!file && path.posix.extname(p) !== '') return next();
    const target = file ?? index;
    const f = load(target);
    const gz = f.gzip !== null && (c.req.header('accept-encoding') ?? '').includes('gzip');
    const headers: Record<string, string> = {
      'content-type': f.type,
      'cache-control': p.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
    };
    if (f.csp) headers['content-security-policy'] = f.csp;
    if (gz) headers['content-encoding'] = 'gzip';
    return c.body(gz ? f.gzip! : f.body, 200, headers);
  });
}
