/**
 * The message catalogue: every user-facing word of the CLI and API in Chinese (first) and English.
 * Domain words follow docs/glossary.md.
 */

export type Lang = 'zh' | 'en';

type Entry = readonly [zh: string, en: string];

const M = {
  // statuses
  'status.graded': ['已定档', 'graded'],
  'status.computed_not_graded': ['只计算不定档', 'computed, not graded'],
  'status.not_evaluated': ['未评价', 'not evaluated'],
  // not-evaluated reasons
  'reason.invalid_uscc': [
    '统一社会信用代码无效（校验位不符）',
    'invalid unified social credit code (check character)',
  ],
  'reason.duplicate_uscc': [
    '统一社会信用代码重复，仅评价首条',
    'duplicate unified social credit code; only the first is evaluated',
  ],
  'reason.invalid_value': ['记录中有无法读取的数值', 'the record has a value that cannot be read'],
  'reason.missing_division': ['缺少所属区县', 'county missing'],
  'reason.unknown_division': ['所属区县代码不存在', 'unknown county code'],
  'reason.missing_industry': ['缺少行业代码', 'industry code missing'],
  'reason.unknown_industry': ['行业代码不在 GB/T 4754-2017 中', 'industry code not in GB/T 4754-2017'],
  'reason.non_industrial': [
    '非工业行业（大类不在评价范围内）',
    'not an industrial industry (大类 outside the scope)',
  ],
  'reason.land_missing': ['缺少用地面积（数据质量问题）', 'land area missing (data-quality finding)'],
  'reason.land_not_positive': ['用地面积不大于 0（数据质量问题）', 'land area ≤ 0 (data-quality finding)'],
  'reason.no_group': ['不属于任何评价分组', 'belongs to no evaluation group'],
  'reason.below_land_threshold': ['用地面积低于本组纳入门槛', 'land below the group’s scope threshold'],
  // score notes
  'note.scored': ['按公式计分', 'scored by the formula'],
  'note.capped': ['已封顶', 'capped'],
  'note.negative_numerator': ['分子为负，得 0 分', 'negative numerator scores 0'],
  'note.missing_numerator': ['分子数据缺失', 'numerator missing'],
  'note.missing_denominator': ['分母数据缺失', 'denominator missing'],
  'note.zero_denominator': ['分母为 0', 'zero denominator'],
  'note.no_benchmark': ['无可用基准值，得 0 分', 'no benchmark available, scores 0'],
  'fill.zero': ['按规则计 0 分', 'scored 0 by rule'],
  'fill.full': ['按规则计满分', 'scored the full weight by rule'],
  'fill.group_mean': [
    '按规则取同组有数据企业的平均得分',
    'scored the mean of the group’s firms with data, by rule',
  ],
  'fill.full_if_numerator_positive': [
    '分子为正计满分，否则 0 分',
    'full weight when the numerator is positive, else 0',
  ],
  // groups of words
  'word.uscc': ['统一社会信用代码', 'USCC'],
  'word.name': ['企业名称', 'name'],
  'word.division': ['区县', 'county'],
  'word.industry': ['行业', 'industry'],
  'word.status': ['状态', 'status'],
  'word.group': ['分组', 'group'],
  'word.total': ['综合得分', 'total'],
  'word.rank': ['排名', 'rank'],
  'word.initial': ['初评等级', 'initial class'],
  'word.adjusted': ['调档后等级', 'adjusted class'],
  'word.indicator': ['指标', 'indicator'],
  'word.value': ['数值', 'value'],
  'word.benchmark': ['基准值', 'benchmark'],
  'word.weight': ['权重', 'weight'],
  'word.score': ['得分', 'score'],
  'word.records': ['企业记录', 'records'],
  'word.methodology': ['评价办法', 'methodology'],
  'word.dataset': ['数据版本', 'dataset version'],
  'word.unit': ['排名单元', 'ranking unit'],
  'word.adjustments': ['加减分', 'adjustment points'],
  'word.why': ['定档依据', 'why this class'],
  'word.reason': ['原因', 'reason'],
  'word.all': ['合计', 'total'],
  // class steps
  'step.quota': [
    '按比例定档：排名 {rank}/{n}，A/B/C/D 累计名次线 {cuts} → {to} 类',
    'by quota: rank {rank} of {n}, cumulative cuts A/B/C/D {cuts} → class {to}',
  ],
  'step.threshold': [
    '按分数线定档：得分 {total}，A≥{A} B≥{B} C≥{C} → {to} 类',
    'by thresholds: total {total}, A≥{A} B≥{B} C≥{C} → class {to}',
  ],
  'step.veto': ['否决事项“{rule}”：{from} → {to}', 'veto "{rule}": {from} → {to}'],
  'step.protection': ['保护事项“{rule}”：{from} → {to}', 'protection "{rule}": {from} → {to}'],
  'step.manual': [
    '人工调整（{by}，{at}）：{from} → {to}，理由：{rule}',
    'manual adjustment ({by}, {at}): {from} → {to}, reason: {rule}',
  ],
  // CLI
  'cli.evaluated': ['已评价 {n} 条企业记录（{ms} 毫秒）', 'evaluated {n} records in {ms} ms'],
  'cli.summary': ['评价结果汇总', 'Run summary'],
  'cli.not_found': ['在运行 {run} 中找不到企业 {uscc}', 'enterprise {uscc} not found in run {run}'],
  'cli.no_run': [
    '还没有评价运行：先执行 `mujun demo` 或 `mujun evaluate`',
    'no run yet: run `mujun demo` or `mujun evaluate` first',
  ],
  'cli.no_dataset': [
    '{year} 年还没有数据：先导入数据或执行 `mujun demo`',
    'no data for {year} yet: import data or run `mujun demo`',
  ],
  'cli.valid': [
    '评价办法文件有效：{id}（第 {version} 版，数据年份 {year}），内容哈希 {hash}',
    'methodology file is valid: {id} (version {version}, data year {year}), content hash {hash}',
  ],
  'cli.invalid': ['评价办法文件无效：{count} 个错误', 'methodology file is invalid: {count} error(s)'],
  'cli.year_mismatch': [
    '注意：评价办法 {id} 的数据年份为 {m}，本次按 {y} 年计算',
    'note: methodology {id} is for data year {m}; evaluating as {y}',
  ],
  'cli.demo.generate': ['生成演示城市数据', 'generating the demo city'],
  'cli.demo.write': ['写出部门数据文件', 'writing departmental files'],
  'cli.demo.load': ['载入数据库', 'loading into the store'],
  'cli.demo.evaluate': ['评价并保存', 'evaluating and storing'],
  'cli.demo.done': [
    '演示城市已就绪：{n} 家企业，运行 #{run}，文件在 {dir}',
    'demo city ready: {n} enterprises, run #{run}, files in {dir}',
  ],
  'cli.run_stored': [
    '已保存运行 #{run}（数据 {dataset}，办法 {id}）',
    'stored run #{run} (data {dataset}, methodology {id})',
  ],
  'cli.serving': ['亩均平台 API 已启动：{url}', 'Mujun API listening on {url}'],
  'cli.no_accounts': [
    '还没有任何账号：请先运行 mujun users create-admin 创建市经信局分析员账号',
    'no accounts yet: create the first city analyst with mujun users create-admin',
  ],
  'cli.demo.accounts_file': [
    '账号和密码已写入 {file}，仅本人可读；此后不再显示',
    'written to {file}, readable by you only; not shown again',
  ],
  'cli.adjusted': [
    '已记录人工调整：{uscc} {from} → {to}',
    'manual adjustment recorded: {uscc} {from} → {to}',
  ],
  // differentiated resources (policy)
  'word.run': ['运行', 'run'],
  'policy.valid': [
    '政策文件有效：{id}（第 {version} 版，{n} 项政策工具），内容哈希 {hash}',
    'policy file is valid: {id} (version {version}, {n} instruments), content hash {hash}',
  ],
  'policy.invalid': ['政策文件无效：{count} 个错误', 'policy file is invalid: {count} error(s)'],
  'policy.draft': [
    '注意：该运行尚未发布，以下为草稿预览，不得作为兑现依据',
    'note: the run is not published; this is a draft preview, not a basis for payment or charges',
  ],
  'policy.draft_short': ['草稿预览（运行未发布）', 'draft preview (run not published)'],
  'policy.saved': ['已保存政策应用 #{id}（运行 #{run}）', 'stored policy application #{id} (run #{run})'],
  'policy.read_back': [
    '政策应用 #{id}（运行 #{run}）：已重新计算，与保存时的台账哈希一致',
    'policy application #{id} (run #{run}): recomputed, matches the stored ledger hash',
  ],
  'policy.not_verified': [
    '警告：重新计算的台账与保存时的哈希不一致（数据或历史运行已变化）',
    'warning: the recomputed ledger does not match the stored hash (data or history runs changed)',
  ],
  'policy.written': ['已写出企业台账 {file}（{n} 家企业）', 'ledger written to {file} ({n} enterprises)'],
  'policy.ledger_head': [
    '享受或承担政策的企业（共 {n} 家，列出前几家）:',
    'Enterprises the policy applies to ({n}; the first listed):',
  ],
  'policy.sensitivity_progress': ['敏感性分析', 'sensitivity'],
  'policy.sensitivity_done': [
    '已完成 {draws} 次抽样 × {n} 家企业（{ms} 毫秒，{workers} 个线程）',
    '{draws} draws × {n} enterprises done in {ms} ms ({workers} thread(s))',
  ],
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof M;

/** Looks up a message and fills `{name}` placeholders. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const e: Entry = M[key];
  const s = lang === 'zh' ? e[0] : e[1];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Both languages, Chinese first: for errors that must be read by either reader. */
export function both(key: MessageKey, params: Record<string, string | number> = {}): string {
  return `${t('zh', key, params)} / ${t('en', key, params)}`;
}

/** A message key if one exists for this dynamic key (e.g. `reason.<code>`). */
export function tryT(lang: Lang, key: string, params: Record<string, string | number> = {}): string | null {
  return key in M ? t(lang, key as MessageKey, params) : null;
}

export function parseLang(v: string | undefined): Lang {
  return v === 'en' ? 'en' : 'zh';
}
