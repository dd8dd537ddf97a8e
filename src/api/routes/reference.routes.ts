/** Reference data for the web's filter lists: divisions and industries (contract/reference.ts). */
import type { App } from '../env.js';
import { divisionsList, industriesList } from '../../services/reference.service.js';
import type { Store } from '../../services/store.js';
import { referenceEndpoints as E } from '../contract/reference.js';
import { route } from '../route.js';

export function registerReferenceRoutes(app: App, store: Store): void {
  route(app, E.divisions, async ({ query }) => ({ items: await divisionsList(store, query) }));
  route(app, E.industries, async ({ query }) => ({ items: await industriesList(store, query) }));
}
