/** The deterministic demo city (嘉兴 model): generator, departmental files and the seeded PRNG. */
export {
  generateDemoCity,
  DEFAULT_ENTERPRISES,
  DEFAULT_SEED,
  DEFAULT_DATA_YEAR,
  TENURES,
  TENURE_GRANTED,
  TENURE_LEASED,
  PARCEL_USE,
  M2_PER_MU,
  type DemoOptions,
  type DemoCity,
  type DemoParcels,
  type DemoMeters,
  type DemoEmissions,
  type DemoTaxDetail,
  type DemoFaults,
} from './generate.js';
export {
  writeDemoFiles,
  recordsFileName,
  formatScaled,
  DEMO_FILE_NAMES,
  DEMO_HEADERS,
  type DemoFile,
  type DemoFiles,
  type DemoFileEncoding,
} from './departments.js';
export {
  DEMO_INDUSTRIES,
  SEGMENTS,
  COUNTY_PROFILES,
  CITY_CODE,
  type DemoIndustry,
  type SegmentProfile,
  type SegmentKey,
  type CountyProfile,
  type ClassProfile,
} from './profiles.js';
export { Random, WeightedTable, weightedPick } from './random.js';
export {
  writeMessyDemoFiles,
  withThousands,
  fullWidth,
  MESSY_FILE_NAMES,
  MESSY_HEADERS,
  type ExpectedRejection,
  type MessyFile,
  type MessyDemoFiles,
} from './messy.js';
export { previousYearOf, type DemoYear } from './previous-year.js';
export { benchRecordsCsv, benchUscc } from './bench-records.js';
