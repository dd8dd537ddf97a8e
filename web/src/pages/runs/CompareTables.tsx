/**
 * The comparison's two tables: the transition matrix (a cell off the diagonal filters the list below)
 * and the enterprises that moved, with both classes, adjusted marks and both scores.
 */
import { Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMessages, type Say } from '../../catalogue';
import type { ClassKey, MovedItem, RunComparison, RunView } from '../../contract';
import { ClassTag } from '../../components/common';
import { num } from '../../i18n';
import { Link } from '../../router';
import { messages } from './messages';
import { cell, columnSum, KEYS, MOVE_COLORS, moveKind, rowSum } from './runs';

export function keyLabel(k: ClassKey, m: Say<typeof messages>): string {
  if (k === 'none') return m('cmp.key.none');
  if (k === 'absent') return m('cmp.key.absent');
  return k;
}

/** Marks a class set by a manual adjustment (调档) in the comparison. */
function AdjustedMark() {
  const { m } = useMessages(messages);
  return (
    <Tooltip title={m('cmp.adjusted.tip')}>
      <span className="class-tag" data-testid="adjusted-mark" style={{ marginLeft: 4 }}>
        {m('cmp.adjusted')}
      </span>
    </Tooltip>
  );
}

export function KeyTag({ k }: { k: ClassKey }) {
  const { m } = useMessages(messages);
  if (k === 'none' || k === 'absent') return <Tag>{keyLabel(k, m)}</Tag>;
  return <ClassTag cls={k} />;
}

export type MatrixRow = { key: ClassKey | 'total' };

const cellBackground = (from: ClassKey, to: ClassKey, selected: boolean): string | undefined => {
  if (selected) return '#fff1b8';
  const kind = moveKind(from, to);
  return kind === 'same' ? '#fafafa' : kind === 'up' ? '#f6ffed' : kind === 'down' ? '#fff1f0' : undefined;
};

export function matrixColumns(
  data: RunComparison | undefined,
  sel: { from: ClassKey | undefined; to: ClassKey | undefined },
  labels: { a: string; b: string },
  pickCell: (from: ClassKey, to: ClassKey) => void,
  m: Say<typeof messages>,
): ColumnsType<MatrixRow> {
  return [
    {
      title: `${labels.a} ↓ / ${labels.b} →`,
      dataIndex: 'key',
      fixed: 'left',
      width: 150,
      render: (k: ClassKey | 'total') => (k === 'total' ? <b>{m('cmp.total')}</b> : <KeyTag k={k} />),
    },
    ...KEYS.map((tk) => ({
      title: <KeyTag k={tk} />,
      key: tk,
      align: 'right' as const,
      onCell: (r: MatrixRow) =>
        r.key === 'total'
          ? {}
          : { style: { background: cellBackground(r.key, tk, r.key === sel.from && tk === sel.to) } },
      render: (_: unknown, r: MatrixRow) => {
        if (!data) return null;
        if (r.key === 'total') return <b className="num">{num(columnSum(data.matrix, tk), 0)}</b>;
        const v = cell(data.matrix, r.key, tk);
        if (!v) return <span style={{ color: '#bfbfbf' }}>0</span>;
        const fk = r.key;
        if (fk === tk)
          return (
            <Tooltip title={m('cmp.sameNotListed')}>
              <span className="num" data-testid={`matrix-cell-${fk}-${tk}`}>
                {num(v, 0)}
              </span>
            </Tooltip>
          );
        return (
          <Typography.Link
            className="num"
            href={`#${fk}-${tk}`}
            onClick={(e) => {
              e.preventDefault();
              pickCell(fk, tk);
            }}
            data-testid={`matrix-cell-${fk}-${tk}`}
          >
            {num(v, 0)}
          </Typography.Link>
        );
      },
    })),
    {
      title: m('cmp.total'),
      key: 'total',
      align: 'right' as const,
      render: (_: unknown, r: MatrixRow) => {
        if (!data) return null;
        const all = KEYS.reduce((s, fk) => s + rowSum(data.matrix, fk), 0);
        return <b className="num">{num(r.key === 'total' ? all : rowSum(data.matrix, r.key), 0)}</b>;
      },
    },
  ];
}

export function movedColumns(
  a: RunView | undefined,
  b: RunView | undefined,
  labels: { a: string; b: string },
  m: Say<typeof messages>,
): ColumnsType<MovedItem> {
  const classCell = (adjusted: (r: MovedItem) => boolean) => (v: ClassKey, r: MovedItem) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      <KeyTag k={v} />
      {adjusted(r) ? <AdjustedMark /> : null}
    </span>
  );
  const kindText = {
    same: 'cmp.kind.same',
    up: 'cmp.kind.up',
    down: 'cmp.kind.down',
    other: 'cmp.kind.other',
  } as const;
  return [
    {
      title: m('cmp.col.name'),
      dataIndex: 'name',
      width: 240,
      ellipsis: true,
      render: (v: string | null, r) => (
        <Link to={`/enterprise/${r.uscc}?run=${b?.id ?? ''}`}>{v ?? r.uscc}</Link>
      ),
    },
    { title: m('cmp.col.uscc'), dataIndex: 'uscc', width: 180 },
    {
      title: m('cmp.col.county'),
      dataIndex: 'divisionName',
      width: 100,
      render: (v: string | null, r) => v ?? r.division ?? '—',
    },
    {
      title: m('cmp.col.classIn', { run: labels.a }),
      dataIndex: 'from',
      width: 130,
      render: classCell((r) => !!r.adjustedA),
    },
    {
      title: m('cmp.col.classIn', { run: labels.b }),
      dataIndex: 'to',
      width: 130,
      render: classCell((r) => !!r.adjustedB),
    },
    {
      title: m('cmp.col.move'),
      key: 'kind',
      width: 80,
      render: (_: unknown, r) => {
        const k = moveKind(r.from, r.to);
        return (
          <span style={{ color: MOVE_COLORS[k] === '#bfbfbf' ? undefined : MOVE_COLORS[k] }}>
            {m(kindText[k])}
          </span>
        );
      },
    },
    {
      title: a ? m('cmp.col.scoreIn', { id: a.id }) : m('cmp.col.scoreA'),
      dataIndex: 'totalA',
      width: 90,
      align: 'right',
      render: (v: number | null) => num(v, 2),
    },
    {
      title: b ? m('cmp.col.scoreIn', { id: b.id }) : m('cmp.col.scoreB'),
      dataIndex: 'totalB',
      width: 90,
      align: 'right',
      render: (v: number | null) => num(v, 2),
    },
    {
      title: m('cmp.col.delta'),
      key: 'delta',
      width: 90,
      align: 'right',
      render: (_: unknown, r) =>
        r.totalA !== null && r.totalB !== null ? (
          Math.abs(r.totalB - r.totalA) < 0.005 ? (
            <span style={{ color: '#8c8c8c' }}>0</span>
          ) : (
            <span style={{ color: r.totalB > r.totalA ? '#389e0d' : '#cf1322' }}>
              {r.totalB > r.totalA ? '+' : ''}
              {num(r.totalB - r.totalA, 2)}
            </span>
          )
        ) : (
          '—'
        ),
    },
  ];
}
