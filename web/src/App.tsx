/**
 * The shell: the login page until somebody is logged in; then a header with the sections the role may
 * open, who is logged in (name and role) with a logout, the language switch, and the page of the current
 * path. Pages are loaded on demand (code-split); the cockpit is the home page, an enterprise's own
 * statement is an enterprise account's.
 */
import {
  lazy,
  memo,
  Suspense,
  useEffect,
  useMemo,
  type ComponentType,
  type LazyExoticComponent,
} from 'react';
import { Button, ConfigProvider, Layout, Menu, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useAuth, type Action } from './auth';
import { useI18n, type MessageKey } from './i18n';
import { useNavigation, useRouter } from './router';

const Cockpit = lazy(() => import('./pages/cockpit'));
const Enterprises = lazy(() => import('./pages/enterprises'));
const Enterprise = lazy(() => import('./pages/enterprise'));
const Runs = lazy(() => import('./pages/runs'));
const Methodologies = lazy(() => import('./pages/methodologies'));
const ImportWizard = lazy(() => import('./pages/import'));
const Policy = lazy(() => import('./pages/policy'));
const Login = lazy(() => import('./pages/login'));
const Audit = lazy(() => import('./pages/audit'));
const Objections = lazy(() => import('./pages/objections'));
const Tokens = lazy(() => import('./pages/tokens'));

interface Section {
  key: string;
  label: MessageKey;
  page: LazyExoticComponent<ComponentType>;
  /** What the role must be allowed to see the section (none: everybody logged in). */
  needs?: Action;
}

/** The sections of the menu, in order. Other pages register here. */
export const SECTIONS: Section[] = [
  { key: '/cockpit', label: 'nav.cockpit', page: Cockpit, needs: 'cockpit.view' },
  { key: '/enterprises', label: 'nav.enterprises', page: Enterprises, needs: 'results.view' },
  { key: '/runs', label: 'nav.runs', page: Runs, needs: 'runs.view' },
  { key: '/methodologies', label: 'nav.methodologies', page: Methodologies },
  { key: '/import', label: 'nav.import', page: ImportWizard, needs: 'import' },
  { key: '/policy', label: 'nav.policy', page: Policy, needs: 'policy.view' },
  { key: '/objections', label: 'nav.objections', page: Objections, needs: 'objection.view' },
  { key: '/audit', label: 'nav.audit', page: Audit, needs: 'audit' },
  { key: '/tokens', label: 'nav.tokens', page: Tokens, needs: 'tokens' },
];

function pageFor(
  path: string,
  home: string,
): { key: string; Page: LazyExoticComponent<ComponentType>; needs?: Action } {
  if (path.startsWith('/enterprise/'))
    return { key: path === home ? home : '/enterprises', Page: Enterprise };
  const s = SECTIONS.find((x) => path === x.key || path.startsWith(x.key + '/'));
  if (s) return { key: s.key, Page: s.page, ...(s.needs ? { needs: s.needs } : {}) };
  return { key: '/cockpit', Page: Cockpit, needs: 'cockpit.view' };
}

/**
 * The header: section menu, user, language. Memoised on the section so that a change of the address
 * within a page (a table's page or filter) does not re-render and re-measure the menu.
 */
const Header = memo(function Header({ section, home }: { section: string; home: string }) {
  const { t, pick, lang, setLang } = useI18n();
  const { navigate } = useNavigation();
  const { user, can, logout } = useAuth();
  const items = useMemo(
    () => [
      ...(user?.role === 'enterprise' ? [{ key: home, label: pick('我的企业', 'My enterprise') }] : []),
      ...SECTIONS.filter((s) => !s.needs || can(s.needs)).map((s) => ({ key: s.key, label: t(s.label) })),
    ],
    [user?.role, home, pick, can, t],
  );
  const selected = useMemo(() => [section], [section]);
  return (
    <Layout.Header
      className="no-print"
      style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}
    >
      <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
        亩均 · {t('app.title')}
      </Typography.Text>
      <Menu
        theme="dark"
        mode="horizontal"
        selectedKeys={selected}
        style={{ flex: 1, minWidth: 0 }}
        items={items}
        onClick={(e) => navigate(e.key)}
      />
      {user ? (
        <Space size={8} data-testid="user-menu" style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text style={{ color: '#fff' }} data-testid="user-name">
            <UserOutlined /> {user.displayName ?? user.username}
          </Typography.Text>
          <Tag color="blue" data-testid="user-role" data-role={user.role} style={{ marginInlineEnd: 0 }}>
            {pick(user.roleLabel.zh, user.roleLabel.en)}
          </Tag>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
            {pick('退出', 'Log out')}
          </Button>
        </Space>
      ) : null}
      <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
        {t('lang.switch')}
      </Button>
    </Layout.Header>
  );
});

function Shell() {
  const { pick } = useI18n();
  const { location, navigate } = useRouter();
  const { user, can } = useAuth();
  // an enterprise's home is its own statement (一企一单)
  const home = user?.role === 'enterprise' && user.uscc ? `/enterprise/${user.uscc}` : '/cockpit';
  const atRoot = location.path === '/' || location.path === '/login';
  useEffect(() => {
    if (atRoot && home !== '/cockpit') navigate(home, { replace: true });
    else if (location.path === '/login') navigate('/', { replace: true });
  }, [atRoot, home, location.path, navigate]);
  const { key, Page, needs } = pageFor(atRoot ? home : location.path, home);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header section={key} home={home} />
      <Layout.Content style={{ padding: 16 }}>
        <Suspense fallback={<Skeleton active />}>
          {needs && !can(needs) ? (
            <Result
              status="403"
              title="403"
              subTitle={pick('您的角色无权查看此页面。', 'Your role may not open this page.')}
              data-testid="forbidden-page"
              extra={
                <Button type="primary" onClick={() => navigate(home)}>
                  {pick('返回首页', 'Home')}
                </Button>
              }
            />
          ) : (
            <Page />
          )}
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}

export default function App() {
  const { lang } = useI18n();
  const { state } = useAuth();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <Suspense fallback={<Skeleton active />}>
        {state.status === 'loading' ? (
          <Skeleton active style={{ padding: 24 }} />
        ) : state.status === 'anonymous' ? (
          <Login />
        ) : (
          <Shell />
        )}
      </Suspense>
    </ConfigProvider>
  );
}
