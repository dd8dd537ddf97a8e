/** Serves the API on a port with Node's HTTP server. */
import { serve, type ServerType } from '@hono/node-server';
import type { Store } from '../services/store.js';
import { createApp } from './app.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  store: Store,
  opts: { port: number; host: string; webDir?: string },
): Promise<RunningServer> {
  const app = createApp(store, opts.webDir ? { webDir: opts.webDir } : {});
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    try {
      server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info) => {
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
