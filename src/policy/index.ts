/**
 * Differentiated allocation of resources (资源要素差别化配置): the policy file format and its validator,
 * applying a policy to a run (ledger and totals), what-if comparisons, sensitivity of the classes and how
 * an enterprise moves up. Pure: no IO (the services read files and the database).
 */
export * from './schema.js';
export * from './parse.js';
export * from './apply.js';
export * from './ledger.js';
export * from './whatif.js';
export * from './sensitivity.js';
export * from './moveup.js';
export * from './fields.js';
