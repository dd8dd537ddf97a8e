/** The words of the run picker and banner (components/runs.tsx): [中文, English]. */
import { defineMessages } from '../catalogue';

export const runMessages = defineMessages({
  'label.published': [
    '{year} 年 · 第 {id} 批 · {methodology} · 已公示',
    '{year} · run {id} · {methodology} · published',
  ],
  'label.draft': [
    '{year} 年 · 第 {id} 批 · {methodology} · 草稿',
    '{year} · run {id} · {methodology} · draft',
  ],
  'picker.notice': ['公示中', 'public notice'],
  'picker.draft': ['草稿', 'draft'],
  'banner.what': [
    '第 {id} 批 · {year} 年度 · {methodology} · 数据集 {dataset}',
    'Run {id} · {year} · {methodology} · dataset {dataset}',
  ],
  'banner.published': ['已公示', 'published'],
  'banner.draft': ['草稿（未公示）：{what}', 'Draft (not published): {what}'],
  'banner.draft.hint': [
    '这些数字来自尚未发布公示的评价批次，可能改变，不是正式结果。',
    'These figures are of a run not yet published for public notice: they may change and are not the official result.',
  ],
});
