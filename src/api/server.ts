/** Serves the API on a port with Node's HTTP server. */
import { IncomingMessage } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { Store } from '../services/store.js';
import { createApp } from './app.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * An answer given before the request's body was read (an upload refused for its year, profile or
 * size) closes the connection and says so: the server would otherwise drop the socket while the
 * rest of the body arrives, after announcing keep-alive, and the client's next request on it fails.
 */
function closeIfBodyUnread(res: Response, incoming: unknown): Response {
  // HTTP/1 only (an HTTP/2 stream is not a connection of its own)
  if (!(incoming instanceof IncomingMessage) || incoming.readableEnded) return res;
  const length = incoming.headers['content-length'];
  const hasBody =
    (length !== undefined && length !== '0') || incoming.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return res;
  try {
    res.headers.set('connection', 'close');
    return res;
  } catch {
    // immutable headers: the same answer with the header added
    const headers = new Headers(res.headers);
    headers.set('connection', 'close');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

export async function startServer(
  store: Store,
  opts: { port: number; host: string; webDir?: string },
): Promise<RunningServer> {
  const app = createApp(store, opts.webDir ? { webDir: opts.webDir } : {});
  const fetch = async (req: Request, env: { incoming: unknown }): Promise<Response> =>
    closeIfBodyUnread(await app.fetch(req, env), env.incoming);
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    try {
      server = serve({ fetch, port: opts.port, hostname: opts.host }, (info) => {
        resolve({
          url: `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${info.port}`,
          close: () => new Promise<void>((res) => server!.close(() => res())),
        });
      });
      server.on('error', reject);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
