/** Upload a methodology file: valid, or each error at its line with the rule broken and what to fix. */
import { useState } from 'react';
import { Alert, Button, Card, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useMessages } from '../../catalogue';
import { ErrorBox } from '../../components/common';
import { messages } from './messages';
import { issuesByLine, issuesOf, type Issue } from './methodologies';

export function Validate() {
  const { m, lang } = useMessages(messages);
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
      const issues = e instanceof ApiError && e.status === 422 ? issuesOf(e.detail) : undefined;
      if (issues) setResult(issues);
      else setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    }
  };
  const byLine = issuesByLine(result?.issues ?? []);
  const lines = text?.split(/\r?\n/) ?? [];
  const words = (i: Issue) => (lang === 'zh' ? i.zh : i.en);
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
          {m('choose')}
        </Button>
      </Upload>
      {error ? <ErrorBox error={error} /> : null}
      {result ? (
        result.valid ? (
          <Alert type="success" showIcon title={m('valid', { name: name ?? '' })} data-testid="validate-ok" />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="validate-errors"
            title={m('invalid', { name: name ?? '', n: result.issues.length })}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {result.issues.map((i, k) => (
                  <li key={k}>
                    {i.line !== null
                      ? `${m('line', { line: i.line })}${i.column ? `:${i.column}` : ''} `
                      : ''}
                    <span title={`${i.path} · ${i.rule}`}>
                      {i.path ? m('issue.path', { path: i.path }) : ''}
                      {words(i)}
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
                      ← {issues.map(words).join(m('sep'))}
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
