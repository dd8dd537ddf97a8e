/** The API about itself: whether it is up, and its OpenAPI document. */
import { z } from 'zod';
import { endpoint } from './define.js';

export const metaEndpoints = {
  health: endpoint({
    method: 'GET',
    path: '/api/health',
    tag: 'meta',
    summary: { zh: '服务是否在运行，使用哪种数据库', en: 'Whether the server is up, and its database' },
    access: 'public',
    response: z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) }),
  }),
  openapi: endpoint({
    method: 'GET',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: { zh: '本接口的 OpenAPI 3.1 文档', en: 'This API as an OpenAPI 3.1 document' },
    access: 'public',
    response: z.record(z.string(), z.unknown()).describe('The OpenAPI document'),
  }),
};
