import { describe, expect, it } from 'vitest';
import { generateDemoCity } from '../demo/index.js';
import { NUMERIC_FIELDS } from '../domain/fields.js';
import { evaluate } from '../engine/index.js';
import { loadMethodology } from '../methodologies/shipped.js';
import { methodologyFields } from './fields.js';

describe('methodologyFields', () => {
  it('names every field the demo methodology reads: indicators, groups, scope, adjustments, vetoes, protections', async () => {
    const { methodology: m } = await loadMethodology('jiaxing-demo-2024');
    expect(methodologyFields(m)).toEqual(
      [
        'above_scale', // groups
        'electricity', // below-scale tax per 万kWh
        'emissions_t',
        'employees',
        'energy_tce',
        'environmental_violation', // veto
        'founded', // not graded: new firms
        'high_tech', // adjustments
        'invention_patents',
        'land_acquired', // not graded: new land
        'land_mu',
        'little_giant',
        'major_project_build', // protection
        'rd_spend',
        'revenue',
        'safety_accident',
        'specialised_sme',
        'sublet_tenants',
        'tax',
        'value_added',
      ].sort(),
    );
  });

  it('is enough: the same records with every other field missing give the same results', async () => {
    for (const id of ['jiaxing-demo-2024', 'huangyan-2023']) {
      const lm = await loadMethodology(id);
      const city = generateDemoCity({ enterprises: 1500, seed: 3 });
      const keep = new Set(methodologyFields(lm.methodology));
      const columns = { ...city.batch.columns };
      for (const f of NUMERIC_FIELDS)
        if (!keep.has(f)) columns[f] = new Float64Array(city.batch.length).fill(NaN);
      const ctx = { methodologyHash: lm.hash, datasetVersion: 't', dataYear: city.dataYear };
      const full = evaluate(city.batch, lm.methodology, ctx);
      const part = evaluate({ ...city.batch, columns }, lm.methodology, ctx);
      expect([...part.adjustedClass]).toEqual([...full.adjustedClass]);
      expect([...part.total]).toEqual([...full.total]);
      expect(part.reason).toEqual(full.reason);
    }
  });
});
