/** The policy page's pure helpers. */
import { describe, expect, it } from 'vitest';
import type * as P from '../../contract';
import { missingReason, NET_KINDS, plusMinus, totalLabel } from './policy';

const item = (kind: P.InstrumentKind, amount: number | null, title: string, basis: string) =>
  ({
    instrument: kind,
    kind,
    title,
    rule: 1,
    ruleClass: 'A',
    consecutiveYears: 1,
    amount,
    unit: '万元',
    basis,
  }) as P.LedgerItemView;

describe('policy helpers', () => {
  it('labels the city’s total, or a county account’s own county', () => {
    expect(totalLabel({ division: null, name: null }, 'zh')).toBe('全市合计');
    expect(totalLabel({ division: null, name: null }, 'en')).toBe('Whole city');
    expect(totalLabel({ division: '330402', name: '南湖区' }, 'zh')).toBe('南湖区合计');
    expect(totalLabel({ division: '330402', name: null }, 'en')).toBe('330402 total');
  });

  it('says why a sum cannot be computed: the bases of the amounts of its kinds that lack an input', () => {
    const row = {
      items: [
        item('reward', null, 'Reward', 'no tax figure'),
        item('land_use_tax_relief', 3, 'Relief', '3 = …'),
        item('electricity_surcharge', null, 'Power surcharge', 'no electricity figure'),
        item('land_quota', null, 'Land', 'no land figure'),
      ],
    };
    expect(missingReason(row, ['reward'], 'en')).toBe('Reward: no tax figure');
    expect(missingReason(row, NET_KINDS, 'en')).toBe(
      'Reward: no tax figure; Power surcharge: no electricity figure',
    );
    expect(missingReason(row, NET_KINDS, 'zh')).toBe(
      'Reward：no tax figure；Power surcharge：no electricity figure',
    );
    expect(missingReason(row, ['emission_quota'], 'en')).toBe('');
  });

  it('writes a quota change as +grant / −cut', () => {
    expect(plusMinus(1.5, 0.25)).toBe('+1.5 / −0.25');
    expect(plusMinus(1234.4, 2, 0)).toBe('+1,234 / −2');
  });
});
