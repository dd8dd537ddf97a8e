/**
 * Registers an endpoint definition (contract/) with its handler: the path parameters, the query and the
 * JSON body are checked against the definition's schemas before the handler runs — a bad one is a 400
 * that names the parameter and the rule in Chinese and English — and the handler receives them parsed
 * and typed. A handler returns the response body (sent as JSON with the definition's status) or a
 * Response of its own (files, cookies). In tests (`MUJUN_CHECK_RESPONSES=1`) every JSON answer is also
 * checked against the response schema, so the contract cannot drift from what the server sends.
 */
import type { z } from 'zod';
import { describeZodIssue, issuePath, pathText } from '../domain/rule-file.js';
import { ServiceError } from '../services/errors.js';
import type { BodySpec, EndpointSpec } from './contract/define.js';
import type { App, Ctx } from './env.js';
import { jsonBody } from './params.js';

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;
type ParsedBody<B extends BodySpec | undefined> = B extends z.ZodType ? z.output<B> : undefined;

/** What a handler receives: the request's parts, parsed by the definition's schemas. */
export interface Request<E extends EndpointSpec> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
  body: ParsedBody<E['body']>;
}

/**
 * A value that serialises to T: T with its arrays and properties possibly readonly (the services keep
 * their data readonly; JSON does not care, and the clients' types stay as the schema makes them).
 */
type Sendable<T> = T extends readonly (infer U)[]
  ? readonly Sendable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Sendable<T[K]> }
    : T;

type Reply<E extends EndpointSpec> = E['response'] extends z.ZodType
  ? Sendable<z.input<E['response']>> | Response
  : Response;

const WHERE = {
  path: { zh: '路径参数', en: 'path parameter' },
  query: { zh: '查询参数', en: 'query parameter' },
  body: { zh: '请求体字段', en: 'body field' },
} as const;

/** A 400 naming each problem of a part of the request (at most five), in both languages. */
function invalid(where: keyof typeof WHERE, error: z.ZodError, raw: unknown): ServiceError {
  const zh: string[] = [];
  const en: string[] = [];
  for (const zi of error.issues.slice(0, 5))
    describeZodIssue(zi, raw, (p, _rule, z, e, key) => {
      const name = pathText(key ? [...p, key] : p) || pathText(issuePath(zi)) || '(body)';
      zh.push(`${WHERE[where].zh} ${name}：${z}`);
      en.push(`${WHERE[where].en} ${name}: ${e}`);
    });
  return new ServiceError(`${zh.join('；')} / ${en.join('; ')}`, 'invalid');
}

function parsePart<S extends z.ZodType | undefined>(
  where: keyof typeof WHERE,
  schema: S,
  raw: unknown,
): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const r = schema.safeParse(raw);
  if (!r.success) throw invalid(where, r.error, raw);
  return r.data as Parsed<S>;
}

const checkResponses = (): boolean => process.env.MUJUN_CHECK_RESPONSES === '1';

/** Registers `e` on the app with its handler (see the module comment). */
export function route<const E extends EndpointSpec>(
  app: App,
  e: E,
  handler: (req: Request<E>, c: Ctx) => Promise<Reply<E>> | Reply<E>,
): void {
  const method = e.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  app[method](e.path, async (c) => {
    const params = parsePart('path', e.params, c.req.param());
    // `?x=` is an absent x, as the web's forms send it
    const rawQuery = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
    const query = parsePart('query', e.query, rawQuery);
    let body: unknown = undefined;
    // a JSON body (a zod schema); multipart uploads and file texts are read by the handler
    if (e.body !== undefined && '_zod' in e.body) {
      const raw = await jsonBody(c);
      body = parsePart('body', e.body, raw);
    }
    const out = await handler({ params, query, body } as Request<E>, c);
    if (out instanceof Response) return out;
    return jsonReply(c, e, out as JsonOf<E>, e.status ?? 200);
  });
}

type JsonOf<E extends EndpointSpec> = E['response'] extends z.ZodType
  ? Sendable<z.input<E['response']>>
  : never;

/**
 * A JSON answer of `e` with a status of its own (200 beside the definition's 201 for a repeat, 422 for
 * a file found invalid), checked against the response schema in tests like every other answer.
 */
export function jsonReply<const E extends EndpointSpec>(
  c: Ctx,
  e: E,
  out: JsonOf<E>,
  status: 200 | 201 | 202 | 204 | 422,
): Response {
  if (checkResponses()) {
    const r = (e.response as z.ZodType).safeParse(out);
    if (!r.success)
      throw new Error(
        `response of ${e.method} ${e.path} does not match its schema: ${JSON.stringify(r.error.issues.slice(0, 3))}`,
      );
  }
  return c.json(out as object, status as 200);
}
