/**
 * 评价办法: each shipped methodology as readable rules (scope, groups, indicators with weights and
 * benchmarks, classing, adjustments, vetoes, protections, demo assumptions), its file as text, and the
 * validation of an uploaded file whose errors are shown at their line in the file.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { ErrorBox, Load, useApi } from '../components/common';
import { useCurrentRun } from '../components/runs';
import type { MethodologyRules } from '../contract';
import { num, useI18n } from '../i18n';
import { useRouter } from '../router';

interface MethodologyListItem {
  id: string;
  version: number;
  dataYear: number;
  title: { zh: string; en: string } | string;
  hash: string;
}

interface Issue {
  path: string;
  line: number | null;
  column: number | null;
  rule: string;
  zh: string;
  en: string;
}

export default function Methodologies() {
  const { t, pick } = useI18n();
  const { location, setQuery } = useRouter();
  const { can } = useAuth();
  const list = useApi(() => api.get<{ items: MethodologyListItem[] }>('/api/methodologies'), []);
  // without ?id= the page opens on the methodology of the run the role sees by default (the cockpit's)
  const { runs, run } = useCurrentRun();
  const runMethodology =
    run && list.data?.items.some((m) => m.id === run.methodologyId) ? run.methodologyId : undefined;
  const id =
    location.query.get('id') ??
    runMethodology ??
    (runs.data || runs.error ? list.data?.items[0]?.id : undefined);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.methodologies')}
        </Typography.Title>
        <Select
          data-testid="methodology-picker"
          style={{ minWidth: 320 }}
          value={id}
          options={(list.data?.items ?? []).map((m) => ({
            value: m.id,
            label: `${typeof m.title === 'string' ? m.title : pick(m.title.zh, m.title.en)}（${m.id}）`,
          }))}
          onChange={(v: string) => setQuery({ id: v })}
        />
      </Space>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      <Tabs
        items={[
          { key: 'rules', label: pick('规则', 'Rules'), children: id ? <Rules id={id} /> : <Empty /> },
          ...(can('methodology.validate')
            ? [{ key: 'validate', label: pick('校验办法文件', 'Validate a file'), children: <Validate /> }]
            : []),
        ]}
      />
    </Space>
  );
}

function Rules({ id }: { id: string }) {
  const { lang, pick } = useI18n();
  const rules = useApi(
    () => api.get<MethodologyRules>(`/api/methodologies/${id}/rules`, { lang }),
    [id, lang],
  );
  return (
    <Load state={rules}>
      {(m) => (
        <Space
          direction="vertical"
          size={12}
          style={{ width: '100%' }}
          data-testid="methodology-rules"
          data-methodology={m.id}
        >
          <Card size="small">
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {m.title} <Tag>v{m.version}</Tag>
            </Typography.Title>
            {m.description ? <Typography.Paragraph>{m.description}</Typography.Paragraph> : null}
            <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
              <Descriptions.Item label={pick('数据年度', 'Data year')}>{m.dataYear}</Descriptions.Item>
              <Descriptions.Item label={pick('依据', 'Source')}>{m.source ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={pick('内容指纹', 'Content hash')}>
                <Typography.Text code>{m.hash.slice(0, 12)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={pick('评价范围', 'Scope')} span={3}>
                {m.scope.industrial}
              </Descriptions.Item>
              <Descriptions.Item label={pick('定档方法', 'Classing')} span={3}>
                {m.classing.text}（{pick('排名单元', 'ranking unit')}：{m.classing.rankingUnit}；
                {m.classing.ties}）
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {m.groups.map((g) => (
            <Card
              key={g.id}
              size="small"
              title={`${pick('分组', 'Group')}：${g.title}`}
              extra={<Typography.Text type="secondary">{g.when}</Typography.Text>}
            >
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={g.indicators}
                columns={[
                  {
                    title: pick('指标', 'Indicator'),
                    dataIndex: 'title',
                    render: (v: string, x) => (x.unit ? `${v}（${x.unit}）` : v),
                  },
                  { title: pick('计算公式', 'Formula'), dataIndex: 'formula' },
                  {
                    title: pick('权重', 'Weight'),
                    dataIndex: 'weight',
                    align: 'right',
                    render: (v: number) => num(v, 2),
                  },
                  {
                    title: pick('方向', 'Direction'),
                    dataIndex: 'direction',
                    render: (v: string) =>
                      v === 'higher_is_better'
                        ? pick('越高越好', 'higher is better')
                        : pick('越低越好', 'lower is better'),
                  },
                  { title: pick('计分方法', 'Scoring'), dataIndex: 'scoring' },
                  {
                    title: pick('基准值', 'Benchmark'),
                    dataIndex: 'benchmark',
                    render: (v: string | null) => v ?? '—',
                  },
                  {
                    title: pick('缺失/分母为零', 'Missing / zero denominator'),
                    key: 'missing',
                    render: (_: unknown, x) => `${x.onMissing}；${x.onZeroDenominator}`,
                  },
                ]}
              />
              {g.classing ? (
                <Typography.Paragraph style={{ marginTop: 8 }}>{g.classing}</Typography.Paragraph>
              ) : null}
              {g.minLandMu !== null ? (
                <Typography.Text type="secondary">
                  {pick(`用地 ${g.minLandMu} 亩以上纳入`, `included from ${g.minLandMu} mu of land`)}
                </Typography.Text>
              ) : null}
            </Card>
          ))}
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <RuleList
                title={pick('加减分', 'Adjustment points')}
                items={m.adjustments.map((a) => `${a.title}：${a.points}${a.when ? `（${a.when}）` : ''}`)}
              />
            </Col>
            <Col xs={24} lg={8}>
              <RuleList
                title={pick('一票否决（最高等级）', 'Vetoes (best class allowed)')}
                items={m.vetoes.map(
                  (v) => `${v.title} → ${pick('最高', 'at best')} ${v.atBest}（${v.when}）`,
                )}
              />
            </Col>
            <Col xs={24} lg={8}>
              <RuleList
                title={pick('保护条款（最低等级）', 'Protections (worst class)')}
                items={m.protections.map(
                  (v) => `${v.title} → ${pick('最低', 'at worst')} ${v.atWorst}（${v.when}）`,
                )}
              />
            </Col>
          </Row>
          {m.scope.notGraded.length > 0 ? (
            <RuleList
              title={pick('只计算不定档', 'Computed, not graded')}
              items={m.scope.notGraded.map((x) => `${x.title}（${x.when}）`)}
            />
          ) : null}
          {m.assumptions.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={pick('演示假设（非官方数值）', 'Demo assumptions (not official figures)')}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {m.assumptions.map((a) => (
                    <li key={a.path} title={a.path}>
                      <Typography.Text strong>{a.where}</Typography.Text>：{a.note}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Card size="small" title={pick('办法全文', 'The file')}>
            <pre style={{ maxHeight: 360, overflow: 'auto', fontSize: 12, margin: 0 }}>{m.text}</pre>
          </Card>
        </Space>
      )}
    </Load>
  );
}

function RuleList({ title, items }: { title: string; items: string[] }) {
  const { pick } = useI18n();
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{pick('无', 'none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(x) => <List.Item style={{ padding: '2px 0' }}>{x}</List.Item>}
        />
      )}
    </Card>
  );
}

/** Upload a methodology file: valid, or each error at its line with the rule broken and what to fix. */
function Validate() {
  const { lang, pick } = useI18n();
  const [text, setText] = useState<string>();
  const [name, setName] = useState<string>();
  const [result, setResult] = useState<{ valid: boolean; issues: Issue[] }>();
  const [error, setError] = useState<ApiError>();
  const check = async (file: File) => {
    const body = await file.text();
    setText(body);
    setName(file.name);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.postText<{ valid: boolean; issues: Issue[] }>('/api/methodologies/validate', body));
    } catch (e) {
      // a file with errors answers 422 with the issues in the body
      if (
        e instanceof ApiError &&
        e.status === 422 &&
        e.detail &&
        typeof e.detail === 'object' &&
        'issues' in e.detail
      )
        setResult(e.detail as { valid: boolean; issues: Issue[] });
      else setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    }
  };
  const byLine = new Map<number, Issue[]>();
  for (const i of result?.issues ?? [])
    if (i.line !== null) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);
  const lines = text?.split(/\r?\n/) ?? [];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Upload
        accept=".yaml,.yml,.json"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          void check(f);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="validate-upload">
          {pick('选择评价办法文件（YAML 或 JSON）', 'Choose a methodology file (YAML or JSON)')}
        </Button>
      </Upload>
      {error ? <ErrorBox error={error} /> : null}
      {result ? (
        result.valid ? (
          <Alert
            type="success"
            showIcon
            title={pick(`${name ?? ''} 校验通过`, `${name ?? ''} is valid`)}
            data-testid="validate-ok"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="validate-errors"
            title={pick(
              `${name ?? ''} 有 ${result.issues.length} 处错误，请按提示修改后重新上传`,
              `${name ?? ''} has ${result.issues.length} error(s): fix them and upload again`,
            )}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {result.issues.map((i, k) => (
                  <li key={k}>
                    {i.line !== null
                      ? `${pick('第', 'line ')}${i.line}${pick(' 行', '')}${i.column ? `:${i.column}` : ''} `
                      : ''}
                    <span title={`${i.path} · ${i.rule}`}>
                      {i.path ? `${i.path}：` : ''}
                      {lang === 'zh' ? i.zh : i.en}
                    </span>
                  </li>
                ))}
              </ul>
            }
          />
        )
      ) : null}
      {text && result && !result.valid ? (
        <Card size="small" title={name}>
          <pre style={{ fontSize: 12, margin: 0, maxHeight: 480, overflow: 'auto' }}>
            {lines.map((l, k) => {
              const issues = byLine.get(k + 1);
              return (
                <div key={k} style={issues ? { background: '#fff1f0' } : undefined}>
                  <span
                    style={{
                      color: '#bfbfbf',
                      display: 'inline-block',
                      width: 40,
                      textAlign: 'right',
                      marginRight: 8,
                    }}
                  >
                    {k + 1}
                  </span>
                  {l}
                  {issues ? (
                    <span style={{ color: '#cf1322', marginLeft: 12 }}>
                      ← {issues.map((i) => (lang === 'zh' ? i.zh : i.en)).join('；')}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </pre>
        </Card>
      ) : null}
    </Space>
  );
}
