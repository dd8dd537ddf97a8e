/** The words of objections (the list page, one objection, the decision, the filing form): [中文, English]. */
import { defineMessages } from '../../catalogue';

/** The figures open to objection, by field. */
export const fieldWords = defineMessages({
  land_mu: ['用地面积', 'land'],
  tax: ['税收实际贡献', 'tax paid'],
  value_added: ['工业增加值', 'value added'],
  revenue: ['主营业务收入', 'revenue'],
  energy_tce: ['综合能源消费量', 'energy use'],
  emissions_t: ['主要污染物排放量', 'emissions'],
  employees: ['从业人员平均人数', 'employees'],
  rd_spend: ['R&D 经费支出', 'R&D spending'],
  electricity: ['用电量', 'electricity'],
});

export const messages = defineMessages({
  colon: ['：', ': '],
  semicolon: ['；', '; '],
  enterprise: ['企业', 'Enterprise'],
  figure: ['异议指标', 'Figure'],
  explanation: ['理由', 'Explanation'],
  title: ['异议', 'Objections'],

  'status.accepted': ['已采纳', 'accepted'],
  'status.rejected': ['已驳回', 'rejected'],
  'status.open': ['待处理', 'open'],
  'status.overdue': ['待处理（已逾期）', 'open (overdue)'],

  total: ['得分', 'total'],
  rank: ['排名', 'rank'],
  draftTag: ['草稿，未公示', 'draft, not published'],
  'rerun.pending': ['已重新评价，结果待公示后可见', 'Re-evaluated; the result is shown once it is published'],
  'rerun.running': ['重新评价进行中…', 're-run in progress…'],

  // one objection
  evidence: ['证明材料', 'Evidence'],
  filed: ['提出', 'Filed'],
  deadlines: ['期限', 'Deadlines'],
  noticeEnds: ['公示截止', 'notice ends'],
  answerBy: ['答复期限', 'answer by'],
  status: ['状态', 'Status'],
  decision: ['处理意见', 'Decision'],
  correctedTo: ['更正为', 'corrected to'],
  inDataset: ['（数据集 #{id}）', ' (dataset #{id})'],
  result: ['评价结果', 'Result'],
  before: ['原结果', 'before'],
  afterRerun: ['重新评价', 'after re-run'],

  // the decision
  'decide.title': ['处理异议', 'Decide'],
  'decide.accepted': ['已采纳，正在重新评价', 'Accepted; re-run started'],
  'decide.rejected': ['已驳回', 'Rejected'],
  'decide.confirmWhat': [
    '采纳后将执行以下操作，请确认：',
    'Accepting will do the following; please confirm:',
  ],
  'decide.confirm': ['确认采纳并重新评价', 'Confirm: accept and re-run'],
  'decide.back': ['返回修改', 'Back'],
  'decide.choice': ['处理方式', 'Decision'],
  'decide.accept': ['采纳（更正数据并重新评价）', 'Accept (correct and re-run)'],
  'decide.reject': ['驳回', 'Reject'],
  'decide.corrected': ['更正后的数值（{unit}）', 'Corrected figure ({unit})'],
  'decide.reason': ['处理意见（必填，企业可见）', 'Reason (required; the enterprise sees it)'],
  'decide.reasonMissing': ['请填写理由', 'Give a reason'],
  'decide.preview': ['预览采纳结果', 'Preview the acceptance'],
  'decide.submit': ['提交', 'Submit'],
  'preview.correction': ['更正', 'Correction'],
  'preview.dataset': ['数据版本', 'Dataset version'],
  'preview.base': [
    '在第 {run} 批评价所用的数据版本 {base} 上更正，生成新的数据版本',
    'corrected in dataset {base}, the one run {run} used, as a new version',
  ],
  'preview.newer': ['（较新的数据版本 {label} 不被使用）', '(the newer dataset {label} is not used)'],
  'preview.rerun': ['重新评价', 'Re-run'],
  'preview.rerunWhat': [
    '按第 {run} 批的评价办法“{title}”重新评价全部企业，结果为草稿，发布后公示',
    'all enterprises re-evaluated with run {run}’s methodology “{title}”; the result is a draft until published',
  ],
  'preview.carried': [
    '；沿用 {n} 项人工调档（保留原调整人）',
    '; {n} manual adjustment(s) carried over (their authors kept)',
  ],
  'preview.now': ['现在', 'now'],
  'preview.after': ['更正后', 'after'],
  'preview.others': ['其他企业', 'Other enterprises'],
  'preview.noOther': ['其他企业的等级都不变', 'no other enterprise changes class'],
  'preview.otherChanges': [
    '另有 {n} 家企业等级将变化（升 {up}、降 {down}、其他 {other}）：{county} {inCounty} 家，其他区县 {otherCounties} 家',
    '{n} other enterprise(s) change class ({up} up, {down} down, {other} other): {inCounty} in {county}, {otherCounties} in other counties',
  ],
  'preview.ownCounty': ['本区县', 'its county'],

  // filing one
  'file.filed': ['异议已提交', 'Objection filed'],
  'file.title': ['对本企业数据提出异议', 'Object to a figure'],
  'file.option': ['{label}（现为 {value} {unit}）', '{label} (now {value} {unit})'],
  'file.shouldBe': ['应为（{unit}）', 'Should be (in {unit})'],
  'file.shouldBeFirst': ['应为（请先选择指标）', 'Should be (choose the figure first)'],
  'file.unitHint': ['请按平台的单位“{unit}”填写。', 'Give the figure in the platform’s unit, {unit}.'],
  'file.unitHintWan': [
    '请按平台的单位“{unit}”填写：税务、统计部门文件中以元计的金额，除以 10,000。',
    'Give the figure in the platform’s unit, {unit} (10,000 yuan): divide an amount in yuan from a tax or statistics file by 10,000.',
  ],
  'file.explainWhy': ['请说明理由', 'Explain why'],
  'file.evidence': [
    '证明材料（PDF、PNG、JPEG；每个至多 10 MB，至多 5 个）',
    'Evidence (PDF, PNG, JPEG; 10 MB each, 5 at most)',
  ],
  'file.choose': ['选择文件', 'Choose files'],
  'file.submit': ['提交异议', 'File the objection'],

  // on the statement
  'card.file': ['提出异议', 'Object to a figure'],
  'card.notPublished': ['本批次尚未公示。', 'This run is not published yet.'],
  'card.noticeOpen': [
    '公示期至 {until}：对本企业数据有异议的，请在此之前提出并附证明材料。',
    'Public notice until {until}: object to a figure before then, with evidence.',
  ],
  'card.noticeEnded': [
    '公示期已于 {until} 结束，不能再提出异议。',
    'The notice ended at {until}: objections are closed.',
  ],
  'card.none': ['没有异议', 'No objections'],
});
