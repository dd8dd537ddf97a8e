/** The shipped methodologies, and validation of an uploaded one (contract/methodologies.ts). */
import type { App } from '../env.js';
import { parseMethodology } from '../../engine/methodology/index.js';
import path from 'node:path';
import { loadMethodology, METHODOLOGY_DIR, shippedMethodologyIds } from '../../methodologies/shipped.js';
import { runGoldenFile, shippedGoldenFileOf } from '../../services/methodology-tests.service.js';
import { methodologyJsonSchema } from '../../methodologies/json-schema.js';
import { ServiceError } from '../../services/errors.js';
import { methodologyRules } from '../../report/methodology-rules.js';
import { methodologyEndpoints as E } from '../contract/index.js';
import { jsonReply, route } from '../route.js';

/** A shipped methodology by id, or a 404. */
async function shipped(id: string) {
  if (!shippedMethodologyIds().includes(id))
    throw new ServiceError(`没有评价办法“${id}” / no methodology "${id}"`, 'not_found');
  return loadMethodology(id);
}

export function registerMethodologyRoutes(app: App): void {
  route(app, E.list, async () => {
    const items = [];
    for (const id of shippedMethodologyIds()) {
      const { methodology: m, hash } = await loadMethodology(id);
      items.push({ id, version: m.version, dataYear: m.dataYear, title: m.title, hash });
    }
    return { items };
  });
  route(app, E.schema, () => methodologyJsonSchema());
  route(app, E.one, async ({ params }) => {
    const { methodology, hash, text } = await shipped(params.id);
    return { methodology, hash, text };
  });
  route(app, E.rules, async ({ params, query }) => {
    const { methodology, hash } = await shipped(params.id);
    return methodologyRules(methodology, hash, query.lang);
  });
  route(app, E.tests, async ({ params }) => {
    await shipped(params.id);
    const file = shippedGoldenFileOf(params.id);
    if (!file)
      throw new ServiceError(
        `评价办法“${params.id}”没有随附测试用例 / methodology "${params.id}" ships no tests`,
        'not_found',
      );
    const report = await runGoldenFile(file);
    return { ...report, file: path.relative(METHODOLOGY_DIR, file) };
  });
  route(app, E.validate, async (_, c) => {
    const text = await c.req.text();
    if (text.length > 1_000_000)
      throw new ServiceError('文件过大（上限 1 MB）/ file too large (1 MB at most)');
    const r = parseMethodology(text, 'upload');
    return jsonReply(
      c,
      E.validate,
      { valid: r.methodology !== null, issues: r.issues },
      r.methodology ? 200 : 422,
    );
  });
}
