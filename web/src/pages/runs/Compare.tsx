/**
 * Comparing two runs (/runs/compare?a=&b=): the runs and the basis (adjusted or initial class), the
 * moves in figures, the transition matrix as a heat map and a table, the moves per county, and the
 * enterprises that moved — filtered by a matrix cell (`from`, `to`) or a county (`division`), paged.
 */
import { useMemo } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useMessages } from '../../catalogue';
import type { ClassKey, RunComparison, RunList } from '../../contract';
import { ErrorBox, SourcedCard, useApi } from '../../components/common';
import { EChart } from '../../components/EChart';
import { endpointMissing } from '../../components/jobs';
import { runLabel, useMethodologyTitles } from '../../components/runs';
import { num } from '../../i18n';
import { Link, useRouter } from '../../router';
import { countyBars, heatChart } from './compare-charts';
import { keyLabel, matrixColumns, movedColumns, type MatrixRow } from './CompareTables';
import { messages } from './messages';
import { byNewest, KEYS, MOVE_COLORS, MOVE_KINDS, moveTotals, PAGE_SIZES, paging, previousOf } from './runs';

/** The matrix's rows: one per class key, then the column sums. */
const MATRIX_ROWS: MatrixRow[] = [...KEYS.map((k) => ({ key: k })), { key: 'total' }];

const TOTAL_TITLES = {
  same: 'cmp.total.same',
  up: 'cmp.total.up',
  down: 'cmp.total.down',
  other: 'cmp.total.other',
} as const;

export function Compare() {
  const { m, lang } = useMessages(messages);
  const { location, setQuery, navigate } = useRouter();
  const runs = useApi(() => api.get<RunList>('/api/runs'), []);
  const items = useMemo(() => [...(runs.data?.items ?? [])].sort(byNewest), [runs.data]);
  const q = location.query;
  const qb = Number(q.get('b') ?? NaN);
  const b = items.find((r) => r.id === qb) ?? items[0];
  const qa = Number(q.get('a') ?? NaN);
  const a = items.find((r) => r.id === qa) ?? (b ? previousOf(items, b) : undefined);
  const basis = q.get('basis') === 'initial' ? 'initial' : 'adjusted';
  const from = (q.get('from') as ClassKey | null) ?? undefined;
  const to = (q.get('to') as ClassKey | null) ?? undefined;
  const division = q.get('division') ?? undefined;
  const { page, size } = paging(q);
  const two = !!a && !!b && a.id !== b.id;

  const cmp = useApi(
    () =>
      a && b && a.id !== b.id
        ? api.get<RunComparison>(`/api/runs/${a.id}/compare/${b.id}`, {
            basis,
            from,
            to,
            division,
            limit: size,
            offset: (page - 1) * size,
          })
        : null,
    [a?.id, b?.id, basis, from, to, division, page, size],
  );

  const titles = useMethodologyTitles();
  const runOptions = items.map((r) => ({
    value: r.id,
    label: runLabel(r, lang, titles.get(r.methodologyId)),
  }));
  const data = two ? cmp.data : undefined;
  const labelA = a ? m('cmp.runLabel', { id: a.id, year: a.year }) : 'A';
  const labelB = b ? m('cmp.runLabel', { id: b.id, year: b.year }) : 'B';
  const totals = useMemo(() => moveTotals(data?.byDivision), [data]);

  const heat = useMemo(
    () =>
      data
        ? heatChart(
            data.matrix,
            { from, to },
            {
              key: (k) => keyLabel(k, m),
              tooltip: (fk, tk, n) => m('cmp.heat.tooltip', { a: labelA, b: labelB, from: fk, to: tk, n }),
              labelA,
              labelB,
            },
            (n) => num(n, 0),
          )
        : null,
    [data, from, to, labelA, labelB, m],
  );

  const divisions = useMemo(() => (data?.byDivision ?? []).filter((d) => d.division), [data]);
  const barOption = useMemo(
    () =>
      countyBars(
        divisions,
        division,
        {
          same: m('cmp.bar.same'),
          up: m('cmp.bar.up'),
          down: m('cmp.bar.down'),
          other: m('cmp.bar.other'),
        },
        m('firms'),
      ),
    [divisions, division, m],
  );

  const pickCell = (f: ClassKey, t: ClassKey) => {
    if (f === from && t === to) setQuery({ from: undefined, to: undefined, page: undefined });
    else setQuery({ from: f, to: t, page: undefined });
  };
  const labels = { a: labelA, b: labelB };
  const divisionName = division
    ? (data?.byDivision.find((d) => d.division === division)?.name ?? division)
    : undefined;

  if (runs.error) return <ErrorBox error={runs.error} onRetry={runs.reload} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {m('cmp.title')}
        </Typography.Title>
        <Button onClick={() => navigate('/runs')}>{m('cmp.back')}</Button>
      </Space>
      <Card size="small">
        <Space wrap>
          <label htmlFor="compare-a">{m('cmp.a')}</label>
          <Select
            id="compare-a"
            aria-label={m('cmp.a')}
            data-testid="compare-a"
            style={{ width: 340 }}
            value={a?.id}
            options={runOptions}
            onChange={(v: number) =>
              setQuery({ a: v, b: b?.id, from: undefined, to: undefined, page: undefined })
            }
          />
          <Tooltip title={m('cmp.swap')}>
            <Button
              aria-label={m('cmp.swap')}
              icon={<SwapOutlined />}
              disabled={!a || !b}
              onClick={() =>
                setQuery({ a: b?.id, b: a?.id, from: undefined, to: undefined, page: undefined })
              }
            />
          </Tooltip>
          <label htmlFor="compare-b">{m('cmp.b')}</label>
          <Select
            id="compare-b"
            aria-label={m('cmp.b')}
            data-testid="compare-b"
            style={{ width: 340 }}
            value={b?.id}
            options={runOptions}
            onChange={(v: number) =>
              setQuery({ b: v, a: a?.id, from: undefined, to: undefined, page: undefined })
            }
          />
          <Radio.Group
            data-testid="compare-basis"
            aria-label={m('cmp.basis')}
            optionType="button"
            value={basis}
            onChange={(e) =>
              setQuery({ basis: e.target.value === 'initial' ? 'initial' : undefined, page: undefined })
            }
            options={[
              { value: 'adjusted', label: m('cmp.basis.adjusted') },
              { value: 'initial', label: m('cmp.basis.initial') },
            ]}
          />
        </Space>
      </Card>
      {runs.data && items.length < 2 ? (
        <Alert
          type="info"
          showIcon
          title={m('cmp.needTwo')}
          description={<Link to="/runs?start=1">{m('cmp.startOne')}</Link>}
        />
      ) : null}
      {a && b && a.id === b.id ? <Alert type="warning" showIcon title={m('cmp.different')} /> : null}
      {cmp.error && two ? (
        <ErrorBox
          error={cmp.error}
          onRetry={cmp.reload}
          hint={endpointMissing(cmp.error) ? m('cmp.hint.missing') : m('cmp.hint.other')}
        />
      ) : null}
      {data && heat ? (
        <>
          <Row gutter={[12, 12]}>
            {MOVE_KINDS.map((k) => (
              <Col key={k} xs={12} lg={6}>
                <Card size="small">
                  <Statistic
                    title={m(TOTAL_TITLES[k])}
                    value={num(totals[k], 0)}
                    suffix={m('firms')}
                    valueStyle={{ color: k === 'same' ? undefined : MOVE_COLORS[k] }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={10}>
              <SourcedCard
                title={m('cmp.heat.title')}
                source={`${labelA} → ${labelB}`}
                definition={m(basis === 'initial' ? 'cmp.heat.defInitial' : 'cmp.heat.defAdjusted', {
                  a: labelA,
                  b: labelB,
                })}
              >
                <EChart
                  testId="compare-matrix"
                  option={heat.option}
                  height={300}
                  onClick={(p) => {
                    const c = heat.cells[p.dataIndex];
                    if (!c || c.value[0] === c.value[1] || c.value[3] === 0) return;
                    pickCell(KEYS[c.value[1]]!, KEYS[c.value[0]]!);
                  }}
                />
              </SourcedCard>
            </Col>
            <Col xs={24} xl={14}>
              <SourcedCard title={m('cmp.matrix.title')} definition={m('cmp.matrix.def')}>
                <Table
                  data-testid="compare-matrix-table"
                  size="small"
                  pagination={false}
                  rowKey="key"
                  scroll={{ x: 640 }}
                  dataSource={MATRIX_ROWS}
                  columns={matrixColumns(data, { from, to }, labels, pickCell, m)}
                />
              </SourcedCard>
            </Col>
          </Row>
          <SourcedCard title={m('cmp.counties.title')} definition={m('cmp.counties.def')}>
            <EChart
              testId="compare-counties"
              option={barOption}
              height={240}
              onClick={(p) => {
                const d = divisions[p.dataIndex];
                if (d?.division)
                  setQuery({ division: d.division === division ? undefined : d.division, page: undefined });
              }}
            />
          </SourcedCard>
          <Card
            size="small"
            title={
              <Space wrap>
                <span>{m('cmp.moved.title')}</span>
                {from && to ? (
                  <Tag
                    closable
                    onClose={() => setQuery({ from: undefined, to: undefined, page: undefined })}
                    data-testid="filter-cell"
                  >
                    {keyLabel(from, m)} → {keyLabel(to, m)}
                  </Tag>
                ) : null}
                {division ? (
                  <Tag closable onClose={() => setQuery({ division: undefined, page: undefined })}>
                    {divisionName}
                  </Tag>
                ) : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m('cmp.moved.count', { n: num(data.moved.total, 0) })}
                </Typography.Text>
              </Space>
            }
          >
            <Table
              data-testid="compare-moved"
              size="small"
              rowKey="uscc"
              dataSource={data.moved.items}
              columns={movedColumns(a, b, labels, m)}
              loading={cmp.loading}
              scroll={{ x: 1100 }}
              pagination={{
                current: page,
                pageSize: size,
                total: data.moved.total,
                pageSizeOptions: PAGE_SIZES,
                showSizeChanger: true,
              }}
              onChange={(p) =>
                setQuery({
                  page: p.current === 1 ? undefined : p.current,
                  size: p.pageSize === 20 ? undefined : p.pageSize,
                })
              }
            />
          </Card>
        </>
      ) : two && !cmp.error ? (
        <Card loading />
      ) : null}
    </Space>
  );
}
