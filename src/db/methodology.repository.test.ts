import { expect, it } from 'vitest';
import { appendAudit, listAudit } from './audit.repository.js';
import { getMethodology, listMethodologies, saveMethodology } from './methodology.repository.js';
import { describeEachDatabase } from './testing.js';

describeEachDatabase('methodology and audit repositories', ({ db }) => {
  it('saves methodology versions idempotently and finds the latest', async () => {
    const v1 = { id: 'demo-city', contentHash: 'h1', content: 'id: demo-city\n# 示例\n', format: 'yaml' };
    const v2 = { ...v1, contentHash: 'h2', content: 'id: demo-city\nversion: 2\n' };
    const first = await saveMethodology(db(), v1);
    expect(first).toMatchObject(v1);
    expect(await saveMethodology(db(), { ...v1, content: 'ignored: same id and hash' })).toEqual(first);
    await saveMethodology(db(), v2);
    await saveMethodology(db(), { id: 'huangyan-2023', contentHash: 'h9', content: '{}', format: 'json' });

    expect((await getMethodology(db(), 'demo-city'))?.contentHash).toBe('h2');
    expect(await getMethodology(db(), 'demo-city', 'h1')).toEqual(first);
    expect(await getMethodology(db(), 'demo-city', 'nope')).toBeNull();
    expect(await getMethodology(db(), 'nope')).toBeNull();
    expect((await listMethodologies(db())).map((m) => [m.id, m.contentHash])).toEqual([
      ['demo-city', 'h2'],
      ['demo-city', 'h1'],
      ['huangyan-2023', 'h9'],
    ]);
  });

  it('appends audit entries and lists them', async () => {
    const a = await appendAudit(db(), {
      actor: 'analyst',
      action: 'run.publish',
      subject: 'run:1',
      before: { status: 'draft' },
      after: { status: 'published' },
    });
    const b = await appendAudit(db(), { actor: 'county-330411', action: 'class.adjust', subject: 'run:1' });
    expect(a).toMatchObject({
      actor: 'analyst',
      action: 'run.publish',
      subject: 'run:1',
      before: { status: 'draft' },
      after: { status: 'published' },
    });
    expect(a.at).toMatch(/Z$/);
    expect(b.before).toBeNull();
    expect((await listAudit(db())).map((e) => e.id)).toEqual([b.id, a.id]);
    expect((await listAudit(db(), { order: 'asc' })).map((e) => e.id)).toEqual([a.id, b.id]);
    expect(await listAudit(db(), { actor: 'analyst' })).toEqual([a]);
    expect(await listAudit(db(), { subject: 'run:2' })).toEqual([]);
    expect((await listAudit(db(), { limit: 1, offset: 1 })).map((e) => e.id)).toEqual([a.id]);
  });

  it('keeps the audit log append-only', async () => {
    await expect(db().query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db().query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db().exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await listAudit(db())).toHaveLength(2);
  });
});
