import { expect, it } from 'vitest';
import { DivisionTable, IndustryTable } from '../domain/reference.js';
import { loadDivisions, loadIndustries } from '../reference/reference-data.js';
import {
  listDivisions,
  listIndustries,
  loadReferenceTables,
  referenceCounts,
} from './reference.repository.js';
import { describeEachDatabase } from './testing.js';

const byCode = <T extends { code: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

describeEachDatabase('reference repository', ({ db }) => {
  it('loads the shipped tables, idempotently', async () => {
    const divisions = loadDivisions();
    const industries = loadIndustries();
    expect(await referenceCounts(db())).toEqual({ divisions: 0, industries: 0 });
    const counts = await loadReferenceTables(db(), divisions, industries);
    expect(counts).toEqual({ divisions: divisions.all.length, industries: industries.all.length });
    expect(await loadReferenceTables(db(), divisions, industries)).toEqual(counts);
    expect(await listDivisions(db())).toEqual(byCode(divisions.all));
    expect(await listIndustries(db())).toEqual(byCode(industries.all));
  });

  it('updates a renamed code and keeps codes it is not given', async () => {
    const before = await referenceCounts(db());
    const renamed = new DivisionTable([
      { code: '330411', name: '秀洲区（新）', level: 'county', parentCode: '330400' },
    ]);
    await loadReferenceTables(db(), renamed, new IndustryTable([]));
    expect(await referenceCounts(db())).toEqual(before);
    const stored = (await listDivisions(db())).find((d) => d.code === '330411');
    expect(stored).toEqual({ code: '330411', name: '秀洲区（新）', level: 'county', parentCode: '330400' });
  });
});
