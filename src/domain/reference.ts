/**
 * Reference tables: administrative divisions (GB/T 2260) and the national industry classification
 * (GB/T 4754-2017 as amended in 2019). The tables themselves are loaded from data files
 * (`src/reference/`); this module only holds their shape and pure look-ups.
 */

export type DivisionLevel = 'province' | 'city' | 'county';

export interface Division {
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  readonly parentCode: string | null;
}

export interface Industry {
  readonly code: string;
  readonly name: string;
  /** 1 门类 (section), 2 大类 (division), 3 中类 (group), 4 小类 (class). */
  readonly level: 1 | 2 | 3 | 4;
  readonly parentCode: string | null;
}

export class DivisionTable {
  private readonly byCode: ReadonlyMap<string, Division>;
  constructor(readonly all: readonly Division[]) {
    this.byCode = new Map(all.map((d) => [d.code, d]));
  }
  get(code: string): Division | undefined {
    return this.byCode.get(code);
  }
  /** County-level divisions under a city (prefecture) code, in code order. */
  countiesOf(cityCode: string): Division[] {
    return this.all.filter((d) => d.level === 'county' && d.parentCode === cityCode);
  }
  /** Finds a division by its exact name, optionally under a parent. */
  findByName(name: string, parentCode?: string): Division | undefined {
    return this.all.find((d) => d.name === name && (parentCode === undefined || d.parentCode === parentCode));
  }
}

export class IndustryTable {
  private readonly byCode: ReadonlyMap<string, Industry>;
  constructor(readonly all: readonly Industry[]) {
    this.byCode = new Map(all.map((d) => [d.code, d]));
  }
  get(code: string): Industry | undefined {
    return this.byCode.get(code);
  }
  /** The 大类 (two-digit division) of a numeric code, e.g. '3825' → 38. NaN when not numeric. */
  static majorOf(code: string): number {
    const a = code.charCodeAt(0) - 48;
    const b = code.charCodeAt(1) - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
  }
}

/** "Industrial" in the sense of the evaluation: 大类 06–46 (mining, manufacturing, utilities). */
export function isIndustrialCode(code: string): boolean {
  const m = IndustryTable.majorOf(code);
  return m >= 6 && m <= 46;
}
