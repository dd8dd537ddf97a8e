/**
 * One definition per endpoint (ADR 0016): method, path, the request's parameters, query and body and the
 * response as zod schemas, who may call it, and a summary in both languages. Everything else is derived
 * from these definitions — the request validation of the routes (api/route.ts), the access table the
 * authentication middleware enforces and the web app hides by, the TypeScript types the web imports, the
 * OpenAPI document (`/api/openapi.json`, docs/openapi.json) and the list of routes the authorisation
 * matrix test walks.
 *
 * This folder is shared with the web app (`@mujun/contract`): it imports zod and the domain's value
 * types only, never server code.
 */
import { z } from 'zod';
import type { Role } from '../../domain/access.js';

/** `public`: anybody, logged in or not; otherwise the roles allowed (deny by default). */
export type Access = 'public' | readonly Role[];

export const ANY: readonly Role[] = ['analyst', 'county', 'enterprise', 'leader'];
export const STAFF: readonly Role[] = ['analyst', 'county', 'leader'];
export const CITY: readonly Role[] = ['analyst', 'leader'];
export const ANALYST: readonly Role[] = ['analyst'];
export const ANALYST_OR_COUNTY: readonly Role[] = ['analyst', 'county'];
export const ENTERPRISE: readonly Role[] = ['enterprise'];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A response that is not JSON: a file the browser downloads (XLSX, PDF, CSV). */
export interface FileResponse {
  readonly file: string;
}

/**
 * What a request body is: JSON checked by a schema, a multipart upload (checked by the route), or the
 * text of a file (YAML or JSON, read and checked by the route: the validators of rule files).
 */
export type BodySpec = z.ZodType | { readonly multipart: string } | { readonly text: string };

export interface EndpointSpec {
  readonly method: Method;
  /** As Hono writes it: `/api/runs/:run`. */
  readonly path: string;
  /** A short sentence, Chinese first. */
  readonly summary: { readonly zh: string; readonly en: string };
  /** Groups the endpoint in the OpenAPI document (the noun). */
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: BodySpec;
  /** The answer's schema (JSON), a file, or null for 204 No Content. */
  readonly response: z.ZodType | FileResponse | null;
  /** The status of a successful answer (default 200; 201 created, 202 accepted). */
  readonly status?: 200 | 201 | 202 | 204;
}

/** An endpoint definition, with its schemas' types kept for the route and the web. */
export function endpoint<const E extends EndpointSpec>(e: E): E {
  return e;
}

/** `METHOD /path`, the key of the access table. */
export const routeKey = (e: Pick<EndpointSpec, 'method' | 'path'>): string => `${e.method} ${e.path}`;

type Out<T> = T extends z.ZodType ? z.output<T> : never;
/** The response body type of an endpoint (what the web receives). */
export type ResponseOf<E extends EndpointSpec> = E['response'] extends z.ZodType ? Out<E['response']> : never;
/** The JSON body type of an endpoint (what the web sends). */
export type BodyOf<E extends EndpointSpec> = E['body'] extends z.ZodType ? z.input<E['body']> : never;
/** The query type of an endpoint as the web writes it. */
export type QueryOf<E extends EndpointSpec> = E['query'] extends z.ZodObject ? z.input<E['query']> : never;

// ---- schemas many endpoints share --------------------------------------------------------------------

/** Both languages of a text shown to users. */
export const text = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.output<typeof text>;

/** A class of the evaluation (A best … D). */
export const classId = z.enum(['A', 'B', 'C', 'D']);
export type ClassId = z.output<typeof classId>;

/**
 * One value per key of a fixed list, every key present (`{ A: 3, B: 5, C: 1, D: 0 }`): an object with
 * those properties rather than an exhaustive record, which JSON Schema and its linters read plainly.
 */
export const perKey = <const K extends readonly string[], T extends z.ZodType>(keys: K, value: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value])) as { [P in K[number]]: T });

/** The language of a text or a file (Chinese or English). */
export const lang = z.enum(['zh', 'en']);
export type Lang = z.output<typeof lang>;

/** An id in a path or a query: decimal digits only (no `0x2`, ` 2`, `2e0`), 1 … 2³¹ − 1. */
export const id = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'a positive integer in decimal digits')
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, 'at most 2147483647');

/** `latest` (the newest run the caller may see by default) or a run id. */
export const runRef = z.union([z.literal('latest'), id]);

/** A year in a query (four decimal digits). */
export const year = z
  .string()
  .regex(/^\d{4}$/, 'a four-digit year')
  .transform(Number);

/** The error every failing answer carries: a stable code and the message in Chinese and English. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('invalid, not_found, conflict, run_not_published, forbidden, …'),
      message: z.string().describe('Chinese / English'),
    }),
  })
  .describe('An error: its code and a message in both languages');
export type ErrorBody = z.output<typeof errorBody>;
