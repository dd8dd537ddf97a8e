/** Reference data for the web's filter lists: divisions and industries. */
import type { App } from '../env.js';
import { divisionsList, industriesList } from '../../services/reference.service.js';
import type { Store } from '../../services/store.js';
import type * as C from '../contract.js';
import { intParam } from '../params.js';

export function registerReferenceRoutes(app: App, store: Store): void {
  app.get('/api/reference/divisions', async (c) => {
    const level = c.req.query('level') || undefined;
    const parent = c.req.query('parent') || undefined;
    const body: C.ReferenceList<C.DivisionItem> = {
      items: await divisionsList(store, {
        ...(level !== undefined ? { level } : {}),
        ...(parent !== undefined ? { parent } : {}),
      }),
    };
    return c.json(body);
  });
  app.get('/api/reference/industries', async (c) => {
    const level = intParam(c.req.query('level'), 'level', undefined, 1, 4);
    const parent = c.req.query('parent') || undefined;
    const body: C.ReferenceList<C.IndustryItem> = {
      items: await industriesList(store, {
        ...(level !== undefined ? { level } : {}),
        ...(parent !== undefined ? { parent } : {}),
      }),
    };
    return c.json(body);
  });
}
