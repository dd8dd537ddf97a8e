/** The API about itself (contract/meta.ts): health, and the OpenAPI document made from the contract. */
import { createRequire } from 'node:module';
import type { App } from '../env.js';
import type { Store } from '../../services/store.js';
import { ENDPOINTS, metaEndpoints as E } from '../contract/index.js';
import { openApiDocument } from '../contract/openapi.js';
import { route } from '../route.js';

/** The package's version, which the OpenAPI document carries. */
export const API_VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string })
  .version;

let document: Record<string, unknown> | null = null;
/** The OpenAPI document (made once: the contract does not change while the server runs). */
export const apiDocument = (): Record<string, unknown> =>
  (document ??= openApiDocument(ENDPOINTS, API_VERSION));

export function registerMetaRoutes(app: App, store: Store): void {
  route(app, E.health, () => ({ ok: true as const, database: store.db.kind }));
  route(app, E.openapi, () => apiDocument());
}
