/** The words of the objections page (the list and the drawer that opens one): [中文, English]. */
import { defineMessages } from '../../catalogue';

export const messages = defineMessages({
  title: ['异议', 'Objections'],
  enterprise: ['企业', 'Enterprise'],
  figure: ['异议指标', 'Figure'],
  status: ['状态', 'Status'],
  subtitle: [
    '公示期内企业对本企业数据提出的异议及处理',
    'Objections filed during public notice, and their decisions',
  ],
  run: ['批次', 'Run'],
  filedAt: ['提出时间', 'Filed'],
  answerBy: ['答复期限', 'Answer by'],
  statusFilter: ['按状态筛选异议', 'Objections by status'],
  all: ['全部', 'All'],
  openTitle: ['异议 #{id}', 'Objection #{id}'],
  'filter.open': ['待处理', 'Open'],
  'filter.accepted': ['已采纳', 'Accepted'],
  'filter.rejected': ['已驳回', 'Rejected'],
});
