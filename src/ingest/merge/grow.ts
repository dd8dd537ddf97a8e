/**
 * Growable typed arrays and the import-wide enterprise ids. A 200,000-enterprise import touches each
 * enterprise in six files; numbering every USCC once and indexing flat arrays by that number keeps the
 * per-row work to one hash look-up and the memory to a few bytes per enterprise and file.
 */

/** An Int32Array that grows; unset positions read as `fill`. */
export class IntArray {
  private data: Int32Array;
  constructor(
    private readonly fill: number,
    capacity = 1024,
  ) {
    this.data = new Int32Array(capacity).fill(fill);
  }
  get(i: number): number {
    return i < this.data.length ? this.data[i]! : this.fill;
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      let cap = this.data.length * 2;
      while (cap <= i) cap *= 2;
      const next = new Int32Array(cap).fill(this.fill);
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = v;
  }
}

/** A Float64Array that grows by appending; new slots are NaN. */
export class FloatList {
  private data = new Float64Array(1024);
  length = 0;
  /** Appends `n` NaN slots and returns the index of the first. */
  extend(n: number): number {
    const start = this.length;
    const need = start + n;
    if (need > this.data.length) {
      let cap = this.data.length * 2;
      while (cap < need) cap *= 2;
      const next = new Float64Array(cap);
      next.set(this.data.subarray(0, start));
      this.data = next;
    }
    this.data.fill(NaN, start, need);
    this.length = need;
    return start;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/** Numbers every USCC seen in the import once: id → code and code → id. */
export class EnterpriseIds {
  private readonly byCode = new Map<string, number>();
  readonly codes: string[] = [];
  /** The id of a code, numbering it when new. */
  idOf(code: string): number {
    let id = this.byCode.get(code);
    if (id === undefined) {
      id = this.codes.length;
      this.byCode.set(code, id);
      this.codes.push(code);
    }
    return id;
  }
  get size(): number {
    return this.codes.length;
  }
}
