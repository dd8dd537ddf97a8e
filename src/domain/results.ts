/**
 * The vocabulary of a stored result that the database, the API's contract and the web share: the flags a
 * result carries (bits of `run_results.flags`, migration 0003) and the keys the enterprise table sorts by.
 */

/** The flags of a result, as bits of `run_results.flags`. */
export const RESULT_FLAG_BITS = {
  veto: 1,
  protected: 2,
  adjusted: 4,
  tenant: 8,
  sublets: 16,
  above_scale: 32,
  high_tech: 64,
  specialised_sme: 128,
  missing_data: 256,
} as const;

export type ResultFlagName = keyof typeof RESULT_FLAG_BITS;

/** The flag names, in bit order. */
export const RESULT_FLAGS = Object.keys(RESULT_FLAG_BITS) as [ResultFlagName, ...ResultFlagName[]];

/**
 * Result orders. Ties follow dataset order; missing values come last in either direction. Default
 * directions: highest first for total and the amounts, ascending for the rest.
 */
export const RESULT_ORDERS = [
  'seq',
  'uscc',
  'total',
  'rank',
  'name',
  'division',
  'industry',
  'land_mu',
  'tax',
  'value_added',
  'tax_per_mu',
  'value_added_per_mu',
] as const;

export type ResultOrder = (typeof RESULT_ORDERS)[number];
