/** The figures open to objection (src/services/objections.service.ts) and their units as stored. */
export const OBJECTION_FIELDS: { field: string; unit: string }[] = [
  { field: 'land_mu', unit: '亩' },
  { field: 'tax', unit: '万元' },
  { field: 'value_added', unit: '万元' },
  { field: 'revenue', unit: '万元' },
  { field: 'energy_tce', unit: '吨标准煤' },
  { field: 'emissions_t', unit: '吨' },
  { field: 'employees', unit: '人' },
  { field: 'rd_spend', unit: '万元' },
  { field: 'electricity', unit: '万千瓦时' },
];
