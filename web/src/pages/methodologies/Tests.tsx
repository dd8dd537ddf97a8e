/**
 * The methodology's golden tests (methodologies/tests/<id>.tests.yaml: the worked examples its figures
 * must reproduce), run by the server when the tab opens: each test passed or not, and for a failure the
 * enterprise, the step of the evaluation, the expected and the computed value.
 */
import { Alert, List, Space, Tag, Typography } from 'antd';
import { api } from '../../api';
import { useMessages } from '../../catalogue';
import { Load, useApi } from '../../components/common';
import type { MethodologyTestReport } from '../../contract';
import { messages } from './messages';
import { testName, shownValue } from './methodologies';

export function Tests({ id }: { id: string }) {
  const { m, lang } = useMessages(messages);
  const report = useApi(() => api.get<MethodologyTestReport>(`/api/methodologies/${id}/tests`), [id]);
  return (
    <Load state={report}>
      {(r) => (
        <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="methodology-tests">
          <Alert
            type={r.failed === 0 && r.issues.length === 0 ? 'success' : 'error'}
            showIcon
            data-testid="methodology-tests-summary"
            message={m('tests.summary', { passed: r.passed, failed: r.failed, file: r.file })}
            description={m('tests.about')}
          />
          {r.issues.map((i, k) => (
            <Alert key={k} type="error" message={`${i.path} ${lang === 'zh' ? i.zh : i.en}`} />
          ))}
          <List
            bordered
            dataSource={r.outcomes}
            renderItem={(o) => (
              <List.Item data-testid="methodology-test" data-passed={o.passed ? 'yes' : 'no'}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Tag color={o.passed ? 'green' : 'red'}>
                      {o.passed ? m('tests.passed') : m('tests.failed')}
                    </Tag>
                    <Typography.Text strong>{testName(o.name, lang)}</Typography.Text>
                    <Typography.Text type="secondary">{m('tests.checks', { n: o.checks })}</Typography.Text>
                    {o.keywords.map((k) => (
                      <Tag key={k}>{k}</Tag>
                    ))}
                  </Space>
                  {o.failures.map((f, k) => (
                    <Typography.Text key={k} type="danger">
                      {m('tests.failure', {
                        record: f.record ?? m('tests.all'),
                        step: m(`step.${f.step}`),
                        field: f.field,
                        expected: shownValue(f.expected),
                        computed: shownValue(f.computed),
                      })}
                    </Typography.Text>
                  ))}
                </Space>
              </List.Item>
            )}
          />
        </Space>
      )}
    </Load>
  );
}
