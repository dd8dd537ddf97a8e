/** The words of the cockpit: [中文, English]. */
import { defineMessages } from '../../catalogue';

export const messages = defineMessages({
  dataOf: ['{year} 年度数据', 'data of {year}'],
  footnote: [
    '口径依据所选评价办法；亩均指标以用地面积（亩）为分母。',
    'Definitions follow the run’s methodology; per-mu figures divide by land in mu.',
  ],
  'source.run': [
    '{year} 年度，第 {id} 批评价（{title}{draft}），数据集 {dataset}',
    '{year}, run {id} ({title}{draft}), dataset {dataset}',
  ],
  'source.draft': ['，草稿未公示', ', draft, not published'],
  'source.dataset': ['{year} 年度数据集 {dataset}', '{year}, dataset {dataset}'],
  'source.lastYear': ['；上年：{source}', '; last year: {source}'],
  'source.noLastYear': ['；无上年评价', '; no run of last year'],
  draftMark: ['（草稿）', ' (draft)'],
  firms: ['家', 'firms'],
  'series.tax': ['亩均税收 {year}', 'Tax/mu {year}'],
  'series.va': ['亩均增加值 {year}', 'VA/mu {year}'],
  perMuUnit: ['万元/亩', '10k yuan/mu'],
  coverage: ['覆盖率', 'coverage'],
  'col.taxPerMu': ['亩均税收', 'Tax/mu'],
  'kpi.taxPerMu': ['{area}亩均税收（万元/亩）{draft}', '{area} tax per mu (10k yuan/mu){draft}'],
  city: ['全市', 'City'],
  yoy: ['同比', 'y/y'],
  'kpi.d': ['{label}（{share}）{draft}', '{label} ({share}){draft}'],
  all: ['全部', 'all'],
  'coverage.missing': [
    '共 {records} 条企业记录；缺少最多的字段：{fields}',
    '{records} records; fields most often missing: {fields}',
  ],
  'coverage.field': ['{label} 缺失 {share}', '{label} missing in {share}'],
  'coverage.sep': ['、', ', '],
  openCounty: ['查看区县：', 'Open a county:'],
  'county.share': ['{name}（{share} A）', '{name} ({share} A)'],
});
