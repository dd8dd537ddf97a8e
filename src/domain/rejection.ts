/** A rejected row of an import: shared by the import layer, which finds it, and the store, which keeps it. */

/** A row that was not accepted, with everything a clerk needs to find and fix it. */
export interface Rejection {
  readonly file: string;
  readonly sheet: string | null;
  readonly row: number;
  /** The column's header as written in the file, or null for a whole-row problem. */
  readonly column: string | null;
  readonly value: string | null;
  /** A stable rule code, e.g. 'uscc_check', 'unknown_enterprise', 'negative', 'not_a_number', 'duplicate'. */
  readonly rule: string;
  readonly zh: string;
  readonly en: string;
}
