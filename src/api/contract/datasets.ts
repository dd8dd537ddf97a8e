/**
 * Stored datasets (数据集): one imported version of a year's departmental files, the files behind it and
 * the rows they had that were rejected (JSON or XLSX). City-wide data: city-level accounts only.
 */
import { z } from 'zod';
import { CITY, endpoint, id } from './define.js';

/** One stored dataset (a version of a year's data). */
export const datasetView = z.object({
  id: z.number().int(),
  year: z.number().int(),
  version: z.number().int(),
  contentHash: z.string().describe('SHA-256 of the canonical records'),
  source: z.string().nullable().describe('The files it was imported from'),
  recordCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string().describe('ISO 8601, UTC'),
  note: z.string().nullable(),
});
export type DatasetView = z.output<typeof datasetView>;

/** How one header of a file was read: which field, in which unit. */
export const columnMapping = z.object({
  header: z.string(),
  field: z.string().describe("Canonical field or the profile's column id"),
  unit: z.string().nullable(),
  unitFrom: z.string().nullable().describe('Where the unit was read: header | default'),
});
export type ColumnMapping = z.output<typeof columnMapping>;

/** A row that was not accepted, with what a clerk needs to find and fix it. */
export const rejectionView = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int(),
  column: z.string().nullable().describe('The header as written, or null for a whole-row problem'),
  value: z.string().nullable(),
  rule: z.string().describe('A stable rule code: uscc_check, unknown_enterprise, negative, not_a_number, …'),
  zh: z.string(),
  en: z.string(),
});
export type RejectionView = z.output<typeof rejectionView>;

/** One file (or sheet) of a stored dataset. */
export const datasetFileView = z.object({
  fileName: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  sheet: z.string().nullable(),
  department: z.string().nullable(),
  profile: z.string().nullable(),
  rowsRead: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  skipped: z.number().int(),
  columns: z.array(columnMapping),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type DatasetFileView = z.output<typeof datasetFileView>;

/** GET /api/datasets */
export const datasetList = z.object({ items: z.array(datasetView) });
export type DatasetList = z.output<typeof datasetList>;

/** GET /api/datasets/:id */
export const datasetDetail = z.object({
  dataset: datasetView,
  files: z.array(datasetFileView),
  rejected: z.number().int().describe('Rejected rows stored'),
});
export type DatasetDetail = z.output<typeof datasetDetail>;

/** GET /api/datasets/:id/rejections */
export const datasetRejections = z.object({ items: z.array(rejectionView) });
export type DatasetRejections = z.output<typeof datasetRejections>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const datasetsEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/datasets',
    tag: 'datasets',
    summary: {
      zh: '已导入的数据集（每年每个版本）',
      en: 'The imported datasets (each version of each year)',
    },
    access: CITY,
    response: datasetList,
  }),
  one: endpoint({
    method: 'GET',
    path: '/api/datasets/:id',
    tag: 'datasets',
    summary: { zh: '一个数据集及其文件', en: 'One dataset and its files' },
    access: CITY,
    params: z.object({ id }),
    response: datasetDetail,
  }),
  rejections: endpoint({
    method: 'GET',
    path: '/api/datasets/:id/rejections',
    tag: 'datasets',
    summary: { zh: '数据集导入时被拒绝的行', en: 'The rows rejected when the dataset was imported' },
    access: CITY,
    params: z.object({ id }),
    response: datasetRejections,
  }),
  rejectionsXlsx: endpoint({
    method: 'GET',
    path: '/api/datasets/:id/rejections.xlsx',
    tag: 'datasets',
    summary: { zh: '被拒绝的行（XLSX）', en: 'The rejected rows (XLSX)' },
    access: CITY,
    params: z.object({ id }),
    response: { file: XLSX },
  }),
};
