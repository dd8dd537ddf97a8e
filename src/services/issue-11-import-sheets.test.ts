/**
 * Issue 11 item 1: a workbook whose first sheet is notes (填报说明) and whose data is on a later sheet
 * imports that sheet; several data sheets are each imported, or the one chosen; the reconciliation
 * says which sheet was read. The workbooks were written by LibreOffice (test/fixtures/import-demo).
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { listDatasetFiles, loadDatasetBatch } from '../db/index.js';
import { describeEachDatabase } from '../db/testing.js';
import type { ImportError } from './import.service.js';
import { importFiles, parseSheetChoices } from './import.service.js';
import { initStore, type Store } from './store.js';

const fx = path.resolve(import.meta.dirname, '../../test/fixtures/import-demo');
const sheets = path.resolve(import.meta.dirname, '../../test/fixtures/import-sheets');
const others = [
  'market-regulation.xlsx',
  'statistics.csv',
  'power.xlsx',
  'environment.csv',
  'natural-resources.csv',
].map((f) => path.join(fx, f));

/** The tax per enterprise (万元) of a stored dataset. */
async function taxOf(store: Store, id: number): Promise<Map<string, number>> {
  const b = await loadDatasetBatch(store.db, id);
  return new Map(b.uscc.map((u, i) => [u, b.columns.tax[i]!] as const));
}

describeEachDatabase('issue 11: workbooks with a notes sheet or several data sheets', ({ db }) => {
  let store: Store;
  let fromCsv: Map<string, number>;

  it('imports the data sheet after a notes sheet, as the same records as the CSV', async () => {
    store = await initStore(db());
    const csv = await importFiles(store, [path.join(fx, 'tax.csv'), ...others], {
      year: 2023,
      createdBy: 't',
    });
    fromCsv = await taxOf(store, csv.dataset.id);
    expect(fromCsv.size).toBe(40);

    const out = await importFiles(store, [path.join(sheets, 'tax-with-notes.xlsx'), ...others], {
      year: 2024,
      createdBy: 't',
    });
    const tax = out.reconciliation.files.filter((f) => f.file === 'tax-with-notes.xlsx');
    // the sheet read is named in the reconciliation, the notes sheet is said to be skipped
    expect(tax.map((f) => [f.sheet, f.department, f.rowsRead, f.accepted])).toEqual([
      ['税收数据', 'tax', 40, 40],
    ]);
    const skipped = out.reconciliation.notices.filter((n) => n.rule === 'sheet_skipped');
    expect(skipped.map((n) => n.file)).toEqual(['tax-with-notes.xlsx']);
    expect(skipped[0]!.zh).toContain('填报说明');
    expect(out.workbooks.find((w) => w.file === 'tax-with-notes.xlsx')).toEqual({
      file: 'tax-with-notes.xlsx',
      sheets: [
        { name: '填报说明', status: 'no_header' },
        { name: '税收数据', status: 'imported' },
      ],
    });
    expect(await taxOf(store, out.dataset.id)).toEqual(fromCsv);
    const stored = await listDatasetFiles(db(), out.dataset.id);
    expect(stored.find((f) => f.fileName === 'tax-with-notes.xlsx')).toMatchObject({ sheet: '税收数据' });
  });

  it('imports each data sheet by default, and only the one chosen with a sheet choice', async () => {
    const all = await importFiles(store, [path.join(sheets, 'tax-two-years.xlsx'), ...others], {
      year: 2025,
      createdBy: 't',
    });
    const read = all.reconciliation.files.filter((f) => f.file === 'tax-two-years.xlsx');
    expect(read.map((f) => f.sheet)).toEqual(['2023年', '2022年']);
    // the second sheet's enterprises are already in the first: rejected as duplicates, not summed
    expect(read[1]).toMatchObject({ rowsRead: 40, accepted: 0, rejected: 40 });
    expect(await taxOf(store, all.dataset.id)).toEqual(fromCsv);

    const chosen = await importFiles(store, [path.join(sheets, 'tax-two-years.xlsx'), ...others], {
      year: 2026,
      createdBy: 't',
      ...parseSheetChoices(['tax-two-years.xlsx:2022年']),
    });
    expect(
      chosen.reconciliation.files
        .filter((f) => f.file === 'tax-two-years.xlsx')
        .map((f) => [f.sheet, f.accepted]),
    ).toEqual([['2022年', 40]]);
    expect(chosen.workbooks.find((w) => w.file === 'tax-two-years.xlsx')!.sheets).toEqual([
      { name: '填报说明', status: 'not_read' },
      { name: '2023年', status: 'not_read' },
      { name: '2022年', status: 'imported' },
    ]);
    const tax2022 = await taxOf(store, chosen.dataset.id);
    for (const [u, t] of fromCsv) expect(tax2022.get(u)).toBeCloseTo(t * 0.9, 6);
  });

  it('refuses a sheet the workbook does not have, naming the file and its sheets', async () => {
    await expect(
      importFiles(store, [path.join(sheets, 'tax-two-years.xlsx'), ...others], {
        year: 2027,
        createdBy: 't',
        sheets: { 'tax-two-years.xlsx': '2021年' },
      }),
    ).rejects.toMatchObject({ problems: [{ file: 'tax-two-years.xlsx', rule: 'sheet_not_found' }] });
    const e = (await importFiles(store, [path.join(sheets, 'tax-two-years.xlsx')], {
      year: 2027,
      createdBy: 't',
      sheet: '2021年',
    }).catch((x: unknown) => x)) as ImportError;
    expect(e.problems[0]!.zh).toContain('2023年、2022年');
    expect(e.problems[0]!.en).toContain('2023年, 2022年');
  });
});
