/**
 * The demo city end to end: generate a deterministic synthetic prefecture (嘉兴 model), write its
 * canonical record file and departmental files, load records, land holdings, qualifications and
 * incidents as one dataset version (atomically, idempotently), then evaluate and store the run.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  appendAudit,
  findDatasetByHash,
  getDataset,
  insertDataset,
  insertIncidents,
  insertLandHoldings,
  insertQualifications,
  type Dataset,
  type NewIncident,
  type NewLandHolding,
  type NewQualification,
} from '../db/index.js';
import { isValidUscc } from '../domain/uscc.js';
import {
  generateDemoCity,
  M2_PER_MU,
  previousYearOf,
  TENURE_LEASED,
  writeDemoFiles,
  writeMessyDemoFiles,
  type DemoCity,
  type DemoFiles,
  type DemoYear,
  type MessyDemoFiles,
} from '../demo/index.js';
import { loadMethodology } from '../methodologies/shipped.js';
import { batchHash, evaluateStored, type StoredRun } from './evaluation.service.js';
import type { Store } from './store.js';

export const DEFAULT_DEMO_METHODOLOGY = 'jiaxing-demo-2024';

export type DemoStage = 'generate' | 'write' | 'load' | 'evaluate';

export interface DemoOptions {
  enterprises?: number;
  seed?: number;
  /** Where the files go; default `<MUJUN_DATA_DIR>/demo`. */
  outDir: string;
  methodology?: string;
  createdBy?: string;
  /** Also write the messy variant of the departmental files into `<outDir>/messy` (not imported). */
  messy?: boolean;
  /**
   * Also load and evaluate the year before (the same enterprises, figures varied deterministically:
   * `previousYearOf`), first, so that the latest run is the data year's and has a last year.
   */
  previousYear?: boolean;
  onProgress?: (stage: DemoStage, done: number, total: number) => void;
}

export interface DemoResult {
  city: DemoCity;
  files: DemoFiles;
  dataset: Dataset;
  datasetCreated: boolean;
  stored: StoredRun;
  /** The messy files and the rejections their import must report, when asked for. */
  messy: MessyDemoFiles | null;
  /** The previous year's run, when asked for. */
  previous: StoredRun | null;
}

export async function runDemo(store: Store, o: DemoOptions): Promise<DemoResult> {
  const progress = o.onProgress ?? (() => {});
  progress('generate', 0, 1);
  const city = generateDemoCity({
    ...(o.enterprises !== undefined ? { enterprises: o.enterprises } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  progress('generate', 1, 1);
  const files = await writeDemoFiles(city, o.outDir, (d, t) => progress('write', d, t));
  const messy = o.messy ? await writeMessyDemoFiles(city, messyDemoDir(o.outDir)) : null;
  const csv = readFileSync(files.records.path, 'utf8');
  let previous: StoredRun | null = null;
  if (o.previousYear) {
    const prev = previousYearOf(city);
    // The identity of the previous year's records: what they are derived from and how.
    const prevHash = batchHash(`previous-year/v1\n${csv}`);
    const loaded = await loadDemoCity(store, prev, prevHash, o.createdBy ?? 'demo', (d, t) =>
      progress('load', d, t),
    );
    previous = await evaluateStored(store, {
      methodology: await loadMethodology(o.methodology ?? DEFAULT_DEMO_METHODOLOGY),
      year: prev.dataYear,
      datasetId: loaded.dataset.id,
      createdBy: o.createdBy ?? 'demo',
      onProgress: (d, t) => progress('evaluate', d, t),
    });
  }
  const { dataset, created } = await loadDemoCity(
    store,
    city,
    batchHash(csv),
    o.createdBy ?? 'demo',
    (d, t) => progress('load', d, t),
  );
  const stored = await evaluateStored(store, {
    methodology: await loadMethodology(o.methodology ?? DEFAULT_DEMO_METHODOLOGY),
    year: city.dataYear,
    datasetId: dataset.id,
    createdBy: o.createdBy ?? 'demo',
    onProgress: (d, t) => progress('evaluate', d, t),
  });
  return { city, files, dataset, datasetCreated: created, stored, messy, previous };
}

/** Stores the demo city as a dataset with its land, qualifications and incidents in one transaction. */
export async function loadDemoCity(
  store: Store,
  city: DemoYear,
  contentHash: string,
  createdBy: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ dataset: Dataset; created: boolean }> {
  const existing = await findDatasetByHash(store.db, city.dataYear, contentHash);
  if (existing) return { dataset: existing, created: false };
  const b = city.batch;
  const source = `demo:seed=${city.seed}`;
  const id = await store.db.transaction(async (tx) => {
    onProgress(0, 4);
    const { id, version } = await insertDataset(
      tx,
      { year: city.dataYear, contentHash, source, createdBy, note: '演示数据（合成） / synthetic demo data' },
      b,
    );
    onProgress(1, 4);
    const land: NewLandHolding[] = [];
    const p = city.parcels;
    for (let k = 0; k < p.count; k++) {
      const i = p.owner[k]!;
      const uscc = b.uscc[i]!;
      if (!isValidUscc(uscc)) continue;
      const rented = p.tenure[k] === TENURE_LEASED;
      land.push({
        uscc,
        certificateNo: p.certificate[k] ?? null,
        areaMu: p.areaM2[k]! / M2_PER_MU,
        tenure: rented ? 'rented' : 'owned',
        ownerUscc: rented ? (b.tenantOf[i] ?? null) : null,
        use: '工业用地',
        source: '自然资源 natural resources (demo)',
        datasetId: id,
      });
    }
    await insertLandHoldings(tx, land);
    onProgress(2, 4);
    const quals: NewQualification[] = [];
    const incidents: NewIncident[] = [];
    const y = city.dataYear;
    for (let i = 0; i < b.length; i++) {
      const uscc = b.uscc[i]!;
      if (!isValidUscc(uscc)) continue;
      for (const kind of ['high_tech', 'specialised_sme', 'little_giant', 'listed'] as const)
        if (b.columns[kind][i] === 1)
          quals.push({ uscc, kind, yearFrom: y - 1 - (i % 3), yearTo: null, source: 'demo' });
      for (const kind of ['safety_accident', 'environmental_violation', 'major_project_build'] as const)
        if (b.columns[kind][i] === 1)
          incidents.push({ uscc, kind, year: y, description: null, source: 'demo' });
    }
    await insertQualifications(tx, quals);
    await insertIncidents(tx, incidents);
    onProgress(3, 4);
    await appendAudit(tx, {
      actor: createdBy,
      action: 'dataset.import',
      subject: `dataset:${id}`,
      after: { year: city.dataYear, version, records: b.length, parcels: land.length, source, contentHash },
    });
    onProgress(4, 4);
    return id;
  });
  const dataset = await getDataset(store.db, id);
  if (!dataset) throw new Error(`dataset ${id} vanished after commit`);
  return { dataset, created: true };
}

/** Where `mujun demo --messy` writes the messy departmental files: `<outDir>/messy`. */
export function messyDemoDir(outDir: string): string {
  return path.join(outDir, 'messy');
}

/** Where demo files go by default. */
export function defaultDemoDir(): string {
  return path.join(process.env.MUJUN_DATA_DIR ?? './.mujun', 'demo');
}
