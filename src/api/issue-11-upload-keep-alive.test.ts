/**
 * Issue 11 item 14: an upload refused before its body is read (bad year, unknown profile, too large)
 * must not leave a keep-alive client with a socket the server drops. Through a started server and a
 * raw `node:http` Agent with keepAlive and one socket: the next request on the agent must succeed.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { initStore, type Store } from '../services/store.js';
import { startServer, type RunningServer } from './server.js';
import { testAccount } from './testing.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

let store: Store;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  store = await initStore(await openDatabase({ dataDir: ':memory:' }));
  token = (await testAccount(store)).token;
  server = await startServer(store, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await store.db.close();
});

/** One request on `agent`; `body` is sent whole, or only its first `send` bytes when given. */
function request(
  agent: http.Agent,
  method: string,
  url: string,
  o: { body?: Buffer; headers?: Record<string, string>; send?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      server.url + url,
      { method, agent, headers: { authorization: `Bearer ${token}`, ...o.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body, socket: r.socket as Socket }),
        );
      },
    );
    // the server may close while the rest of a refused body is still being sent
    r.on('error', (e) => (r.socket ? undefined : reject(e)));
    if (!o.body) r.end();
    else if (o.send === undefined) r.end(o.body);
    else r.write(o.body.subarray(0, o.send));
  });
}

const multipart = (bytes: number) => {
  const boundary = 'mujun-boundary';
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="tax.csv"\r\ncontent-type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Buffer.concat([head, Buffer.alloc(bytes, 'a'), tail]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

describe('an upload refused early on a keep-alive connection', () => {
  it.each([
    ['a bad year', '/api/imports/preview?year=1800', 400],
    ['a missing year', '/api/imports?profile=tax', 400],
    ['an unknown profile', '/api/imports/preview?year=2023&profile=nosuch', 400],
  ])('after %s, the next request on the same agent succeeds', async (_what, url, status) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { body, headers } = multipart(2 * 1024 * 1024);
      const first = await request(agent, 'POST', url, {
        body,
        headers: { ...headers, 'content-length': String(body.length) },
      });
      expect(first.status).toBe(status);
      const answer = JSON.parse(first.body) as { error: { message: string } };
      expect(answer.error.message).toMatch(/[\u4e00-\u9fff].*\/ [a-z]/);
      // the body was not read: the server says it closes, rather than claiming keep-alive and dropping it
      expect(first.headers.connection).toBe('close');
      const next = await request(agent, 'GET', '/api/health');
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body)).toMatchObject({ ok: true });
    } finally {
      agent.destroy();
    }
  });

  it('after an upload declared too large (413), the next request succeeds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { body, headers } = multipart(256 * 1024);
      const first = await request(agent, 'POST', '/api/imports/preview?year=2023', {
        body,
        send: body.length,
        headers: { ...headers, 'content-length': String(600 * 1024 * 1024) },
      });
      expect(first.status).toBe(413);
      expect(first.headers.connection).toBe('close');
      first.socket.destroy();
      const next = await request(agent, 'GET', '/api/health');
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('keeps the connection when the request was read whole', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await request(agent, 'GET', '/api/health');
      // a body the route reads (a login with a wrong password) leaves the socket usable too
      const login = Buffer.from(JSON.stringify({ username: 'nobody', password: 'wrong-password' }));
      const second = await request(agent, 'POST', '/api/auth/login', {
        body: login,
        headers: { 'content-type': 'application/json', 'content-length': String(login.length) },
      });
      expect(second.status).toBeGreaterThanOrEqual(400);
      expect(second.headers.connection).not.toBe('close');
      const third = await request(agent, 'GET', '/api/health');
      expect(third.status).toBe(200);
      expect(third.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });
});
