/** The shipped methodologies, and validation of an uploaded one. */
import type { App } from '../env.js';
import { parseMethodology } from '../../engine/methodology/index.js';
import { loadMethodology, shippedMethodologyIds } from '../../methodologies/shipped.js';
import { methodologyJsonSchema } from '../../methodologies/json-schema.js';
import { ServiceError } from '../../services/errors.js';
import { methodologyRules } from '../../report/methodology-rules.js';
import type * as C from '../contract.js';
import { langParam } from '../params.js';

export function registerMethodologyRoutes(app: App): void {
  app.get('/api/methodologies', async (c) => {
    const items = [];
    for (const id of shippedMethodologyIds()) {
      const { methodology: m, hash } = await loadMethodology(id);
      items.push({ id, version: m.version, dataYear: m.dataYear, title: m.title, hash });
    }
    return c.json({ items });
  });
  app.get('/api/methodologies/schema', (c) => c.json(methodologyJsonSchema()));
  app.get('/api/methodologies/:id', async (c) => {
    const id = c.req.param('id');
    if (!shippedMethodologyIds().includes(id))
      throw new ServiceError(`没有评价办法“${id}” / no methodology "${id}"`, 'not_found');
    const { methodology, hash, text } = await loadMethodology(id);
    return c.json({ methodology, hash, text });
  });
  app.get('/api/methodologies/:id/rules', async (c) => {
    const id = c.req.param('id');
    if (!shippedMethodologyIds().includes(id))
      throw new ServiceError(`没有评价办法“${id}” / no methodology "${id}"`, 'not_found');
    const { methodology, hash } = await loadMethodology(id);
    const body: C.MethodologyRules = methodologyRules(methodology, hash, langParam(c.req.query('lang')));
    return c.json(body);
  });
  app.post('/api/methodologies/validate', async (c) => {
    const text = await c.req.text();
    if (text.length > 1_000_000)
      throw new ServiceError('文件过大（上限 1 MB）/ file too large (1 MB at most)');
    const r = parseMethodology(text, 'upload');
    return c.json({ valid: r.methodology !== null, issues: r.issues }, r.methodology ? 200 : 422);
  });
}
