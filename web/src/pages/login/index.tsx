/**
 * The login page: user name and password, Chinese first with the language switch. A wrong password, a
 * disabled account and the throttle (too many attempts: wait N seconds, counted down) are said plainly.
 * It asks the server nothing before the user submits, and names whom to ask, not commands to run.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../../api';
import { useAuth } from '../../auth';
import { useMessages } from '../../catalogue';
import { useI18n } from '../../i18n';
import { messages as words } from './messages';

export default function Login() {
  const { lang, setLang, t } = useI18n();
  const { m } = useMessages(words);
  const { login } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const id = window.setTimeout(() => setWait((w) => w - 1), 1000);
    return () => window.clearTimeout(id);
  }, [wait]);

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(v.username, v.password);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'client');
      setError(err);
      const retry = (err.detail as { error?: { retryAfter?: number } } | undefined)?.error?.retryAfter;
      if (err.status === 429) setWait(retry ?? 30);
    } finally {
      setBusy(false);
    }
  };

  const message = (e: ApiError): string => {
    if (e.status === 429) return wait > 0 ? m('throttled', { n: wait }) : m('again');
    if (e.status === 401) return m('wrong');
    if (e.code === 'network') return t('error.network');
    return e.text(lang);
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Card style={{ width: 380 }} data-testid="login-page">
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
              亩均 · {m('title')}
            </Typography.Title>
            <Button
              size="small"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              data-testid="lang-switch"
            >
              {t('lang.switch')}
            </Button>
          </Space>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          {error ? (
            <Alert
              type={error.status === 429 ? 'warning' : 'error'}
              showIcon
              title={message(error)}
              data-testid="login-error"
              data-status={error.status}
            />
          ) : null}
          <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)}>
            <Form.Item
              name="username"
              label={m('username')}
              rules={[{ required: true, message: m('usernameMissing') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={m('password')}
              rules={[{ required: true, message: m('passwordMissing') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={busy}
              disabled={wait > 0}
              data-testid="login-submit"
            >
              {m('title')}
            </Button>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m('whomToAsk')}
          </Typography.Text>
        </Space>
      </Card>
    </div>
  );
}
