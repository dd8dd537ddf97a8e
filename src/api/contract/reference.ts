/** Reference data for the web's filter lists: GB/T 2260 divisions and GB/T 4754-2017 industries. */
import { z } from 'zod';
import { ANY, endpoint } from './define.js';

export const divisionItem = z.object({
  code: z.string().describe('GB/T 2260 code, e.g. 330402'),
  name: z.string(),
  level: z.enum(['province', 'city', 'county']),
  parentCode: z.string().nullable(),
});
export type DivisionItem = z.output<typeof divisionItem>;

export const industryItem = z.object({
  code: z.string().describe('GB/T 4754-2017 code: a letter (门类) or 2–4 digits'),
  name: z.string(),
  level: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
    .describe('1 门类, 2 大类, 3 中类, 4 小类'),
  parentCode: z.string().nullable(),
});
export type IndustryItem = z.output<typeof industryItem>;

/** GET /api/reference/divisions, GET /api/reference/industries */
export interface ReferenceList<T> {
  items: T[];
}

export const referenceEndpoints = {
  divisions: endpoint({
    method: 'GET',
    path: '/api/reference/divisions',
    tag: 'reference',
    summary: { zh: '行政区划（GB/T 2260）', en: 'Administrative divisions (GB/T 2260)' },
    access: ANY,
    query: z.object({
      level: z.enum(['province', 'city', 'county']).optional().describe('Only divisions of this level'),
      parent: z
        .string()
        .regex(/^\d{6}$/, 'a six-digit division code')
        .optional()
        .describe('Only the divisions under this one'),
    }),
    response: z.object({ items: z.array(divisionItem) }),
  }),
  industries: endpoint({
    method: 'GET',
    path: '/api/reference/industries',
    tag: 'reference',
    summary: { zh: '国民经济行业分类（GB/T 4754-2017）', en: 'Industry classification (GB/T 4754-2017)' },
    access: ANY,
    query: z.object({
      level: z
        .enum(['1', '2', '3', '4'])
        .transform(Number)
        .optional()
        .describe('1 门类, 2 大类, 3 中类, 4 小类'),
      parent: z.string().max(5).optional().describe('Only the codes under this one'),
    }),
    response: z.object({ items: z.array(industryItem) }),
  }),
};
