/** The API's response types and endpoint definitions (ADR 0016), as the web imports them. */
export type * from '@mujun/contract';
