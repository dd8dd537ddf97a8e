/** The words of the enterprise table: [中文, English]. */
import { defineMessages } from '../../catalogue';

export const messages = defineMessages({
  'col.taxPerMu': ['亩均税收（万元/亩）', 'Tax per mu (10k yuan)'],
  'col.vaPerMu': ['亩均增加值（万元/亩）', 'VA per mu (10k yuan)'],
  'col.land': ['用地（亩）', 'Land (mu)'],
  'col.adjusted': ['已调档', 'adjusted'],
  'name.taxPerMu': ['亩均税收', 'Tax per mu'],
  'name.vaPerMu': ['亩均增加值', 'Value added per mu'],
  'name.land': ['用地', 'Land'],
  'status.reason': ['：', ': '],
  columns: ['列', 'Columns'],
  'columns.shown': ['显示的列', 'Columns shown'],
  total: ['共 {n} 家', '{n} enterprises'],
  flag: ['标记', 'Flag'],
});

/** Why a record is not evaluated or not graded (the engine's reason codes). */
export const reasonLabels = defineMessages({
  invalid_uscc: ['信用代码无效', 'invalid USCC'],
  duplicate_uscc: ['信用代码重复', 'duplicate USCC'],
  invalid_value: ['数值无法读取', 'unreadable value'],
  missing_division: ['缺少区县', 'county missing'],
  unknown_division: ['区县代码不存在', 'unknown county'],
  missing_industry: ['缺少行业代码', 'industry missing'],
  unknown_industry: ['行业代码不存在', 'unknown industry'],
  non_industrial: ['非工业行业', 'not industrial'],
  land_missing: ['缺少用地面积', 'land missing'],
  land_not_positive: ['用地面积不大于 0', 'land ≤ 0'],
  no_group: ['不属于评价分组', 'no group'],
  below_land_threshold: ['用地低于纳入门槛', 'land below threshold'],
});
