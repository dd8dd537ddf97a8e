/** The numeric codes the engine's typed arrays hold: statuses, score notes, fill rules. */

// status 0: not evaluated (the arrays start at 0)
export const ST_NOT_GRADED = 1;
export const ST_GRADED = 2;

export const NOTE_SCORED = 0;
export const NOTE_CAPPED = 1;
export const NOTE_NEGATIVE = 2;
export const NOTE_MISSING_NUM = 3;
export const NOTE_MISSING_DEN = 4;
export const NOTE_ZERO_DEN = 5;
export const NOTE_NO_BENCHMARK = 6;

export const FILL_ZERO = 1;
export const FILL_FULL = 2;
export const FILL_GROUP_MEAN = 3;
export const FILL_FULL_IF_POS = 4;

export const FILL_CODE = {
  zero: FILL_ZERO,
  full: FILL_FULL,
  group_mean: FILL_GROUP_MEAN,
  full_if_numerator_positive: FILL_FULL_IF_POS,
};
