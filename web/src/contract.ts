export type * from '../../src/api/contract';
