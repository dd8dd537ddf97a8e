/**
 * The OpenAPI 3.1 document of the API, built from the endpoint definitions: paths (Hono's `:param`
 * written `{param}`), parameters and bodies from the request schemas, responses from the response
 * schemas, the roles allowed (`x-roles`) and the errors every endpoint can answer. JSON Schema 2020-12
 * from zod (`z.toJSONSchema`), which OpenAPI 3.1 takes as it is.
 */
import { z } from 'zod';
import { errorBody, routeKey, type EndpointSpec } from './define.js';

type Json = Record<string, unknown>;

const toSchema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const j = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete j.$schema;
  return j;
};

const openApiPath = (p: string): string => p.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** `GET /api/runs/:run/results` → `getRunsRunResults` (stable, unique, readable). */
export function operationId(e: Pick<EndpointSpec, 'method' | 'path'>): string {
  const words = e.path
    .replace(/^\/api\//, '')
    .replace(/\.(\w+)$/, '-$1')
    .split(/[/\-.]/)
    .filter(Boolean)
    .map((w) => w.replace(/^:/, ''));
  return (
    e.method.toLowerCase() +
    words
      .map((w) => w[0]!.toUpperCase() + w.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase()))
      .join('')
  );
}

function parameters(e: EndpointSpec): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query', obj: z.ZodObject | undefined) => {
    if (!obj) return;
    const shape: Record<string, z.ZodType> = obj.shape;
    for (const [name, s] of Object.entries(shape)) {
      const schema = toSchema(s, 'input');
      const description = typeof schema.description === 'string' ? schema.description : undefined;
      delete schema.description;
      out.push({
        name,
        in: where,
        required: where === 'path' || !s.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema,
      });
    }
  };
  add('path', e.params);
  add('query', e.query);
  return out;
}

function responses(e: EndpointSpec): Json {
  const status = String(e.status ?? (e.response === null ? 204 : 200));
  const ok: Json =
    e.response === null
      ? { description: 'No content' }
      : 'file' in e.response
        ? {
            description: 'A file',
            content: { [e.response.file]: { schema: { type: 'string', format: 'binary' } } },
          }
        : {
            description: e.summary.en,
            content: { 'application/json': { schema: toSchema(e.response, 'output') } },
          };
  const error = {
    description: 'An error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return {
    [status]: ok,
    ...(e.access === 'public'
      ? {}
      : {
          '401': { ...error, description: 'Not logged in' },
          '403': { ...error, description: 'Not allowed for this role' },
        }),
    '4XX': { ...error, description: 'A request that cannot be answered (code and message in the body)' },
  };
}

/** The OpenAPI 3.1 document of the endpoints given, in their order. */
export function openApiDocument(endpoints: readonly EndpointSpec[], version: string): Json {
  const paths: Record<string, Json> = {};
  const seen = new Set<string>();
  for (const e of endpoints) {
    const key = routeKey(e);
    if (seen.has(key)) throw new Error(`endpoint defined twice: ${key}`);
    seen.add(key);
    const body =
      e.body === undefined
        ? undefined
        : 'multipart' in e.body
          ? {
              required: true,
              description: e.body.multipart,
              content: { 'multipart/form-data': { schema: { type: 'object' } } },
            }
          : 'text' in e.body
            ? {
                required: true,
                description: e.body.text,
                content: {
                  'application/yaml': { schema: { type: 'string' } },
                  'application/json': { schema: { type: 'string' } },
                },
              }
            : { required: true, content: { 'application/json': { schema: toSchema(e.body, 'input') } } };
    (paths[openApiPath(e.path)] ??= {})[e.method.toLowerCase()] = {
      operationId: operationId(e),
      tags: [e.tag],
      summary: e.summary.en,
      description: `${e.summary.zh} / ${e.summary.en}. Roles: ${e.access === 'public' ? 'anybody' : e.access.join(', ')}.`,
      'x-roles': e.access === 'public' ? 'public' : [...e.access],
      ...(e.access === 'public' ? { security: [] } : {}),
      parameters: parameters(e),
      ...(body ? { requestBody: body } : {}),
      responses: responses(e),
    };
  }
  const tags = [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name, description: name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mujun API',
      version,
      description:
        '亩均 Mujun: per-mu benefit evaluation and industrial governance. Every error answers `{ error: { code, message } }` with the message in Chinese and English.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'mujun serve (default address)' }],
    security: [{ session: [] }, { token: [] }],
    tags,
    paths,
    components: {
      schemas: { Error: toSchema(errorBody, 'output') },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'mujun_session',
          description: 'The browser session (with the CSRF token in X-CSRF-Token on every change)',
        },
        token: { type: 'http', scheme: 'bearer', description: 'An API token (mj_…) for scripts' },
      },
    },
  };
}
