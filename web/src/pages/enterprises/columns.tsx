/**
 * The enterprise table's columns, built from the methodology's groups and not-graded rules, the sort in
 * the address and the columns chosen. Plain elements in the cells: every Ant Design component in a cell
 * runs its style hooks on each render, and a page of the table has hundreds of cells.
 */
import type { ColumnsType } from 'antd/es/table/interface';
import type { Say } from '../../catalogue';
import { ClassTag } from '../../components/common';
import type { ResultItem } from '../../contract';
import { num, type Lang, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { notGradedText, reasonLabel } from './enterprises';
import type { messages } from './messages';

export interface GroupTitle {
  id: string;
  title: { zh: string; en: string };
}

export function resultColumns(o: {
  t: (k: MessageKey) => string;
  m: Say<typeof messages>;
  lang: Lang;
  groups: readonly GroupTitle[];
  notGraded: ReadonlyMap<string, { zh: string; en: string }>;
  runId: number | undefined;
  order: string;
  dir: 'asc' | 'desc';
  shown: ReadonlySet<string>;
}): ColumnsType<ResultItem> {
  const { t, m, lang, groups, notGraded, runId } = o;
  const figure = (v: number | null) => <span className="num">{num(v, 2)}</span>;
  const cols: ColumnsType<ResultItem> = [
    {
      title: t('common.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      width: 210,
      fixed: 'left',
      ellipsis: true,
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}${runId ? `?run=${runId}` : ''}`}>{v ?? r.uscc}</Link>
      ),
    },
    { title: t('common.uscc'), dataIndex: 'uscc', key: 'uscc', sorter: true, width: 180 },
    {
      title: t('common.county'),
      dataIndex: 'division',
      key: 'division',
      sorter: true,
      width: 88,
      render: (v: string | null, r) => r.divisionName ?? v ?? '—',
    },
    {
      title: t('common.industry'),
      dataIndex: 'industry',
      key: 'industry',
      sorter: true,
      width: 170,
      ellipsis: true,
      render: (v: string | null, r) => (v ? `${v} ${r.industryName ?? ''}` : '—'),
    },
    {
      title: t('common.group'),
      dataIndex: 'groupId',
      key: 'group',
      width: 104,
      ellipsis: true,
      render: (v: string | null) => {
        const g = groups.find((x) => x.id === v);
        return g ? g.title[lang] : (v ?? '—');
      },
    },
    {
      title: m('col.taxPerMu'),
      dataIndex: 'taxPerMu',
      key: 'tax_per_mu',
      sorter: true,
      align: 'right',
      width: 100,
      render: figure,
    },
    {
      title: m('col.vaPerMu'),
      dataIndex: 'valueAddedPerMu',
      key: 'value_added_per_mu',
      sorter: true,
      align: 'right',
      width: 110,
      render: figure,
    },
    {
      title: m('col.land'),
      dataIndex: 'landMu',
      key: 'land_mu',
      sorter: true,
      align: 'right',
      width: 84,
      render: figure,
    },
    {
      title: t('common.total'),
      dataIndex: 'total',
      key: 'total',
      sorter: true,
      align: 'right',
      width: 84,
      render: figure,
    },
    {
      title: t('common.rank'),
      dataIndex: 'rank',
      key: 'rank',
      sorter: true,
      align: 'right',
      width: 88,
      render: (v: number | null, r) => (v ? `${v} / ${r.unitSize ?? '—'}` : '—'),
    },
    {
      title: t('common.initialClass'),
      dataIndex: 'initialClass',
      key: 'initialClass',
      width: 64,
      render: (v: string | null) => <ClassTag cls={v} />,
    },
    {
      title: t('common.adjustedClass'),
      dataIndex: 'adjustedClass',
      key: 'adjustedClass',
      width: 96,
      render: (v: string | null, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <ClassTag cls={v} />
          {v && r.initialClass && v !== r.initialClass ? (
            <span className="class-tag">{m('col.adjusted')}</span>
          ) : null}
        </span>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      key: 'status',
      width: 170,
      render: (v: ResultItem['status'], r) => {
        if (v === 'graded') return t('common.graded');
        const reason = r.reason
          ? notGraded.has(r.reason)
            ? notGradedText(notGraded.get(r.reason)!, lang)
            : reasonLabel(r.reason, lang)
          : undefined;
        return (
          <span className={v === 'not_evaluated' ? 'text-danger' : 'text-secondary'}>
            {v === 'not_evaluated' ? t('common.notEvaluated') : t('common.computedNotGraded')}
            {reason ? `${m('status.reason')}${reason}` : ''}
          </span>
        );
      },
    },
  ];
  for (const c of cols) if (c.key === o.order) c.sortOrder = o.dir === 'desc' ? 'descend' : 'ascend';
  return cols.filter((c) => c.key === 'name' || o.shown.has(String(c.key)));
}
