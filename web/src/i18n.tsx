/**
 * Chinese first, English on a switch: one catalogue of the words of the web app, a context holding the
 * language (kept in localStorage and sent to the API as `lang`), and number formats in the bureau's units.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

const M = {
  'app.title': ['亩均论英雄', 'Per-mu evaluation'],
  'app.subtitle': ['工业企业亩均效益综合评价', 'Per-mu benefit evaluation of industrial enterprises'],
  'nav.cockpit': ['驾驶舱', 'Cockpit'],
  'nav.enterprises': ['企业', 'Enterprises'],
  'nav.runs': ['评价批次', 'Runs'],
  'nav.methodologies': ['评价办法', 'Methodologies'],
  'nav.import': ['数据导入', 'Import'],
  'nav.policy': ['差别化政策', 'Policy'],
  'nav.audit': ['审计日志', 'Audit'],
  'nav.objections': ['异议', 'Objections'],
  'nav.tokens': ['API 令牌', 'API tokens'],
  'lang.switch': ['English', '中文'],
  'common.year': ['年度', 'Year'],
  'common.run': ['评价批次', 'Run'],
  'common.county': ['区县', 'County'],
  'common.all': ['全部', 'All'],
  'common.industry': ['行业', 'Industry'],
  'common.group': ['评价分组', 'Group'],
  'common.class': ['等级', 'Class'],
  'common.initialClass': ['初评等级', 'Initial class'],
  'common.adjustedClass': ['调整后等级', 'Adjusted class'],
  'common.status': ['状态', 'Status'],
  'common.total': ['综合得分', 'Total score'],
  'common.rank': ['排名', 'Rank'],
  'common.name': ['企业名称', 'Enterprise'],
  'common.uscc': ['统一社会信用代码', 'USCC'],
  'common.search': ['搜索名称或信用代码', 'Search name or USCC'],
  'common.export': ['导出 XLSX', 'Export XLSX'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.retry': ['重试', 'Retry'],
  'common.source': ['数据来源', 'Source'],
  'common.definition': ['口径', 'Definition'],
  'common.none': ['暂无数据', 'No data'],
  'common.print': ['打印', 'Print'],
  'common.back': ['返回', 'Back'],
  'common.methodology': ['评价办法', 'Methodology'],
  'common.dataset': ['数据集', 'Dataset'],
  'common.enterprises': ['家', 'firms'],
  'common.graded': ['已定档', 'graded'],
  'common.notEvaluated': ['未评价', 'not evaluated'],
  'common.computedNotGraded': ['只计算不定档', 'computed, not graded'],
  'error.title': ['出错了', 'Something went wrong'],
  'error.network': [
    '无法连接服务器：请确认 mujun serve（npm start）正在运行，然后重试。',
    'Cannot reach the server: check that mujun serve (npm start) is running, then retry.',
  ],
  'error.noRun': [
    '还没有评价结果：请先在“数据导入”导入数据，再在“评价批次”发起评价。',
    'No results yet: import data under “Import”, then start a run under “Runs”.',
  ],
  'cockpit.title': ['亩均效益驾驶舱', 'Per-mu benefit cockpit'],
  'cockpit.classByCounty': ['各区县分类结果', 'Classes by county'],
  'cockpit.classByCounty.def': [
    '已定档企业按调整后等级计数（含人工调档）；点击区县查看企业。',
    'Graded enterprises counted by adjusted class (manual adjustments included); click a county for its enterprises.',
  ],
  'cockpit.perMu': ['各区县亩均税收与亩均增加值', 'Tax and value added per mu by county'],
  'cockpit.top': ['综合得分前十', 'Top 10 by total score'],
  'cockpit.bottom': ['综合得分后十', 'Bottom 10 by total score'],
  'cockpit.coverage': ['数据覆盖', 'Data coverage'],
  'cockpit.kpi.graded': ['参评企业', 'Graded enterprises'],
  'cockpit.kpi.a': ['A 类占比', 'Share in A'],
  'cockpit.kpi.d': ['D 类企业', 'Enterprises in D'],
  'cockpit.kpi.notEvaluated': ['未评价（数据问题）', 'Not evaluated (data issues)'],
  'enterprises.title': ['企业评价结果', 'Enterprise results'],
  'enterprise.title': ['一企一单', 'Enterprise statement'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof M;

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = M[key][lang === 'zh' ? 0 : 1];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Picks the Chinese or the English of a pair the server sent. */
  pick: (zh: string, en: string) => string;
}

const Ctx = createContext<I18n | null>(null);

function initialLang(): Lang {
  const q = new URLSearchParams(window.location.search).get('lang');
  if (q === 'en' || q === 'zh') return q;
  return window.localStorage.getItem('mujun.lang') === 'en' ? 'en' : 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l) => {
        window.localStorage.setItem('mujun.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t: (key, vars) => translate(lang, key, vars),
      pick: (zh, en) => (lang === 'zh' ? zh : en),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

// ---- numbers in the bureau's units ----------------------------------------------------------------

const nf = (digits: number) =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: digits });
const n0 = nf(0);
const n1 = nf(1);
const n2 = nf(2);

/** A plain number with thousands separators; — for none. */
export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return (digits === 0 ? n0 : digits === 1 ? n1 : digits === 2 ? n2 : nf(digits)).format(v);
}

/** 万元, switching to 亿元 from 10,000 万元 up. */
export function money(wan: number | null | undefined, lang: Lang): string {
  if (wan === null || wan === undefined || !Number.isFinite(wan)) return '—';
  if (Math.abs(wan) >= 10_000) return `${num(wan / 10_000, 2)} ${lang === 'zh' ? '亿元' : '100M yuan'}`;
  return `${num(wan, 1)} ${lang === 'zh' ? '万元' : '10k yuan'}`;
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${num(v * 100, digits)}%`;
}
