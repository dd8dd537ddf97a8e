/**
 * Who is asking and what they may see: the four roles of the bureau (docs/adr/0011), the principal
 * attached to a request, and the scope every read is filtered by. Pure values: the checks live in
 * src/services/access.ts and the SQL filters in the repositories.
 *
 * | role | sees | may write |
 * |---|---|---|
 * | analyst (市经信局) | every county | runs, publishing, adjustments, imports, policies, users |
 * | county (区县) | its own county (division) | objection decisions in its county |
 * | enterprise (企业) | its own USCC, published runs only | objections of its own |
 * | leader (领导) | every county | nothing |
 */

export const ROLES = ['analyst', 'county', 'enterprise', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Role names for people, Chinese first. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  analyst: { zh: '市经信局分析员', en: 'city analyst' },
  county: { zh: '区县操作员', en: 'county operator' },
  enterprise: { zh: '企业', en: 'enterprise' },
  leader: { zh: '领导', en: 'leader' },
};

/** The account a request acts as. */
export interface Principal {
  readonly id: number;
  readonly username: string;
  readonly displayName: string | null;
  readonly role: Role;
  /** The county (6-digit GB/T 2260 code) of a county operator. */
  readonly division: string | null;
  /** The USCC of an enterprise account. */
  readonly uscc: string | null;
}

/**
 * What a read may return. `all`: every county; `division`: the rows of one county; `enterprise`: the
 * rows of one USCC, and of published runs only. Repositories turn it into a WHERE clause.
 */
export type Scope =
  | {
      readonly kind: 'all';
      /** `published`: "the latest run" means the latest published one (a leader's); drafts by id only. */
      readonly latest?: 'published';
    }
  | { readonly kind: 'division'; readonly division: string }
  | { readonly kind: 'enterprise'; readonly uscc: string };

/** The whole city: the CLI (whoever can open the database) and the analyst and leader roles. */
export const CITY_WIDE: Scope = Object.freeze({ kind: 'all' });

/** The whole city for a reader of results (a leader): "latest" is the latest published run. */
export const CITY_WIDE_PUBLISHED: Scope = Object.freeze({ kind: 'all', latest: 'published' });

/** The scope of a principal's reads. */
export function scopeOf(p: Principal): Scope {
  switch (p.role) {
    case 'analyst':
      return CITY_WIDE;
    case 'leader':
      return CITY_WIDE_PUBLISHED;
    case 'county':
      if (!p.division) throw new Error(`county account ${p.username} has no division`);
      return { kind: 'division', division: p.division };
    case 'enterprise':
      if (!p.uscc) throw new Error(`enterprise account ${p.username} has no USCC`);
      return { kind: 'enterprise', uscc: p.uscc };
  }
}

/** Whether a row of this county and USCC is inside the scope. */
export function inScope(scope: Scope, row: { division: string | null; uscc: string }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'division':
      return row.division === scope.division;
    case 'enterprise':
      return row.uscc === scope.uscc;
  }
}

/** Only published runs are visible in this scope (enterprises never see a draft). */
export const publishedOnly = (scope: Scope): boolean => scope.kind === 'enterprise';

/**
 * "The latest run" is the latest published one in this scope (leaders, county operators, enterprises);
 * for an analyst (and the CLI) it is the newest run, draft or not. Issue 11, item 21.
 */
export const latestIsPublished = (scope: Scope): boolean =>
  scope.kind !== 'all' || scope.latest === 'published';
