/**
 * Importing the departments' files (导入): a preview (staged, nothing stored) with what would be read,
 * accepted, rejected and reconciled; committing it as a job; discarding it; or importing at once. Uploads
 * are multipart (field `files`, any number); the query's year, profile and sheets are checked before
 * the upload is read. City-wide data: the analyst's business.
 */
import { z } from 'zod';
import { datasetView, rejectionView } from './datasets.js';
import { ANALYST, endpoint, perKey } from './define.js';
import { jobAcceptedOf } from './jobs.js';

// ---- the reconciliation --------------------------------------------------------------------------------

const headerNotice = z.object({
  rule: z.string(),
  column: z.string().nullable().describe('The header as written, when the notice is about one column'),
  zh: z.string(),
  en: z.string(),
});

const sourceValue = z.object({
  source: z.string().describe('The department'),
  file: z.string().nullable(),
  sheet: z.string().nullable(),
  row: z.number().int().nullable(),
  value: z.union([z.string(), z.number()]),
});

/** One table read (a file, or a sheet of a workbook): rows read = accepted + rejected + Σ skipped. */
export const fileReconciliation = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  profile: z.string(),
  department: z.string(),
  headerRow: z.number().int().describe('1-based row of the (last) header row'),
  rowsRead: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  skipped: perKey(['blank', 'summary', 'note', 'header_repeat'], z.number().int()).describe(
    'Rows skipped, by reason',
  ),
  enterprises: z.number().int().describe('Enterprises with at least one accepted row'),
  columns: z.array(
    z.object({
      index: z.number().int().describe('0-based cell index'),
      header: z.string(),
      column: z.string().describe("The profile's column id"),
      type: z.string(),
      unit: z
        .object({
          id: z.string().describe("The unit's Chinese name: 元, 平方米, 千瓦时"),
          quantity: z.string(),
          en: z.string(),
          aliases: z.array(z.string()),
          mul: z.number(),
          div: z.number().describe('value × mul ÷ div = value in the canonical unit'),
        })
        .nullable(),
      unitFrom: z.enum(['header', 'default']).nullable(),
      used: z.boolean().describe('Whether the import reads it'),
    }),
  ),
  unmapped: z.array(z.string()),
  warnings: z.array(headerNotice),
});
export type FileReconciliationView = z.output<typeof fileReconciliation>;

/**
 * The merge's reconciliation: per table what was read, the problems and notices, per department the
 * records it covers and misses, the conflicts between departments, the totals. A preview cuts `missing`
 * and `conflicts` to 1,000 entries and gives their full counts in `missingCounts` and `conflictCount`.
 */
export const reconciliation = z.object({
  year: z.number().int(),
  files: z.array(fileReconciliation),
  problems: z
    .array(
      z.object({
        file: z.string(),
        sheet: z.string().nullable(),
        rule: z.string(),
        zh: z.string(),
        en: z.string(),
      }),
    )

    .describe('Tables that could not be imported at all'),
  notices: z
    .array(headerNotice.extend({ file: z.string().nullable() }))

    .describe('Remarks about the import as a whole'),
  departments: z.array(z.string()),
  coverage: z.record(z.string(), z.number().int()).describe('Department → records it covers'),
  missing: z
    .record(z.string(), z.array(z.string()))
    .describe('Department → the codes of the records it does not cover'),
  conflicts: z.array(
    z.object({
      uscc: z.string(),
      field: z.string(),
      kept: sourceValue.describe('The value in the record'),
      other: sourceValue,
    }),
  ),
  rejections: z.object({ total: z.number().int(), kept: z.number().int() }),
  totals: z.object({
    rowsRead: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    skipped: z.number().int(),
    records: z.number().int(),
  }),
  missingCounts: z
    .record(z.string(), z.number().int())
    .optional()
    .describe('Preview: the full lengths of missing'),
  conflictCount: z.number().int().optional().describe('Preview: the full number of conflicts'),
});
export type ReconciliationView = z.output<typeof reconciliation>;

// ---- preview, result, job ------------------------------------------------------------------------------

/** Per workbook, each sheet and whether it was imported, read without a recognised header, or not read. */
export const workbookSheetsView = z.object({
  file: z.string(),
  sheets: z.array(z.object({ name: z.string(), status: z.enum(['imported', 'no_header', 'not_read']) })),
});
export type WorkbookSheetsView = z.output<typeof workbookSheetsView>;

const fieldLabels = z
  .record(z.string(), z.object({ zh: z.string(), en: z.string(), unit: z.string() }))
  .describe('Field → its words in Chinese and English and its canonical unit');

export const previewFile = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  department: z.string().nullable(),
  profile: z.string().nullable(),
  headerRow: z.number().int().nullable(),
  rowsRead: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  skipped: z.number().int(),
  columns: z.array(
    z.object({
      header: z.string(),
      field: z.string(),
      unit: z.string().nullable(),
      unitFrom: z.string().nullable(),
    }),
  ),
  sample: z
    .array(z.object({ row: z.number().int(), cells: z.record(z.string(), z.string()) }))
    .describe('The first data rows as read (header → cell text)'),
});
export type PreviewFile = z.output<typeof previewFile>;

/** POST /api/imports/preview?year= (multipart, field `files`) */
export const importPreview = z.object({
  token: z.string().describe('Pass to POST /api/imports/:token/commit (or DELETE /api/imports/:token)'),
  year: z.number().int(),
  expiresAt: z.string(),
  files: z.array(previewFile),
  records: z
    .object({
      total: z.number().int(),
      sample: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    })
    .describe('The first merged records, canonical units'),
  reconciliation,
  rejections: z.array(rejectionView),
  rejectionCount: z.number().int().describe('Rejections found (the XLSX holds those kept)'),
  workbooks: z.array(workbookSheetsView),
  fieldLabels,
  existingDataset: z
    .object({ id: z.number().int(), year: z.number().int(), version: z.number().int() })
    .nullable()
    .describe('An identical import already stored (committing changes nothing), or null'),
});
export type ImportPreview = z.output<typeof importPreview>;

/** The result of the import job (and of POST /api/imports). */
export const importResult = z.object({
  dataset: datasetView,
  created: z.boolean().describe('False when the same files had been imported before: nothing changed'),
  records: z.number().int(),
  reconciliation,
  rejections: z.array(rejectionView),
  rejectionCount: z.number().int(),
  workbooks: z.array(workbookSheetsView),
  rejectedXlsx: z.string().nullable(),
});
export type ImportResult = z.output<typeof importResult>;

/** POST /api/imports/:token/commit → 202: the import job (poll GET /api/jobs/:id). */
export const importJobAccepted = jobAcceptedOf(importResult);

// ---- the endpoints -------------------------------------------------------------------------------------

/** The query of an upload: checked before the upload is read. */
const uploadQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'a four-digit year')
    .transform(Number)
    .refine((y) => y >= 2000 && y <= 2100, 'between 2000 and 2100')
    .describe('The data year'),
  profile: z.string().max(200).optional().describe('A mapping profile to read every file with'),
  sheet: z
    .string()
    .max(400)
    .optional()
    .describe('SHEET of every workbook, or FILE:SHEET of one (repeatable)'),
});

const token = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'a preview token (32 hexadecimal digits)')
  .describe('The token of a preview');

const UPLOAD = 'The files (field `files`, any number): XLSX, XLS, CSV; 512 MB at most in all';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const importsEndpoints = {
  preview: endpoint({
    method: 'POST',
    path: '/api/imports/preview',
    tag: 'imports',
    summary: {
      zh: '预览导入：识别、接收、拒绝和核对什么（暂存，不入库）',
      en: 'Preview an import: what is recognised, accepted, rejected and reconciled (staged, nothing stored)',
    },
    access: ANALYST,
    query: uploadQuery,
    body: { multipart: UPLOAD },
    response: importPreview,
  }),
  commit: endpoint({
    method: 'POST',
    path: '/api/imports/:token/commit',
    tag: 'imports',
    summary: { zh: '提交预览的导入（后台任务）', en: 'Commit a previewed import (a job)' },
    access: ANALYST,
    params: z.object({ token }),
    response: importJobAccepted,
    status: 202,
  }),
  discard: endpoint({
    method: 'DELETE',
    path: '/api/imports/:token',
    tag: 'imports',
    summary: { zh: '取消预览的导入', en: 'Discard a previewed import' },
    access: ANALYST,
    params: z.object({ token }),
    response: null,
    status: 204,
  }),
  previewRejectionsXlsx: endpoint({
    method: 'GET',
    path: '/api/imports/:token/rejections.xlsx',
    tag: 'imports',
    summary: { zh: '预览中被拒绝的行（XLSX）', en: 'The rows a preview rejects (XLSX)' },
    access: ANALYST,
    params: z.object({ token }),
    response: { file: XLSX },
  }),
  upload: endpoint({
    method: 'POST',
    path: '/api/imports',
    tag: 'imports',
    summary: { zh: '直接导入文件（不经预览）', en: 'Import files at once (without a preview)' },
    access: ANALYST,
    query: uploadQuery,
    body: { multipart: UPLOAD },
    response: importResult,
  }),
};
