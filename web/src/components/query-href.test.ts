import { describe, expect, it } from 'vitest';
import { queryHref } from './query-href';

describe('queryHref', () => {
  it('sets, replaces and removes parameters, keeping the others', () => {
    const q = new URLSearchParams('status=all&page=3&id=4');
    expect(queryHref('/objections', q, { id: 7 })).toBe('/objections?status=all&page=3&id=7');
    expect(queryHref('/objections', q, { page: undefined, id: null, status: '' })).toBe('/objections');
    expect(queryHref('/policy', new URLSearchParams(), { division: '330402' })).toBe(
      '/policy?division=330402',
    );
    // the query given is not changed
    expect(q.toString()).toBe('status=all&page=3&id=4');
  });
});
