/**
 * Read-side use cases of datasets for the API: list, one dataset with its files, its rejected rows. The
 * departments' files are city-wide: only city-level accounts see them (ADR 0011).
 */
import { getDataset, listDatasetFiles, listDatasets, listRejections, type Dataset } from '../db/index.js';
import { requireCityWide, type Scope } from './access.js';
import { ServiceError } from './errors.js';
import { rejectionsXlsx } from './import.service.js';
import type { Store } from './store.js';

export async function datasetsList(store: Store, scope: Scope): Promise<Dataset[]> {
  requireCityWide(scope);
  return listDatasets(store.db);
}

async function mustGet(store: Store, id: number): Promise<Dataset> {
  const d = await getDataset(store.db, id);
  if (!d) throw new ServiceError(`数据集 #${id} 不存在 / dataset #${id} does not exist`, 'not_found');
  return d;
}

export async function datasetDetail(store: Store, id: number, scope: Scope) {
  requireCityWide(scope);
  const dataset = await mustGet(store, id);
  const [files, rejections] = await Promise.all([
    listDatasetFiles(store.db, id),
    listRejections(store.db, id),
  ]);
  return { dataset, files, rejected: rejections.length };
}

export async function datasetRejections(store: Store, id: number, scope: Scope) {
  requireCityWide(scope);
  await mustGet(store, id);
  return listRejections(store.db, id);
}

export async function datasetRejectionsXlsx(store: Store, id: number, scope: Scope): Promise<Buffer> {
  return rejectionsXlsx(await datasetRejections(store, id, scope));
}
