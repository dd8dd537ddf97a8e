/**
 * The shell: a header with the sections and the language switch, and the page of the current path.
 * Pages are loaded on demand (code-split); the cockpit is the home page.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Button, ConfigProvider, Layout, Menu, Skeleton, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useI18n, type MessageKey } from './i18n';
import { useRouter } from './router';

const Cockpit = lazy(() => import('./pages/Cockpit'));
const Enterprises = lazy(() => import('./pages/Enterprises'));
const Enterprise = lazy(() => import('./pages/Enterprise'));
const Runs = lazy(() => import('./pages/Runs'));
const Methodologies = lazy(() => import('./pages/Methodologies'));
const ImportWizard = lazy(() => import('./pages/ImportWizard'));
const Policy = lazy(() => import('./pages/Policy'));

interface Section {
  key: string;
  label: MessageKey;
  page: LazyExoticComponent<ComponentType>;
}

/** The sections of the menu, in order. Other pages register here. */
export const SECTIONS: Section[] = [
  { key: '/cockpit', label: 'nav.cockpit', page: Cockpit },
  { key: '/enterprises', label: 'nav.enterprises', page: Enterprises },
  { key: '/runs', label: 'nav.runs', page: Runs },
  { key: '/methodologies', label: 'nav.methodologies', page: Methodologies },
  { key: '/import', label: 'nav.import', page: ImportWizard },
  { key: '/policy', label: 'nav.policy', page: Policy },
];

function pageFor(path: string): { key: string; Page: LazyExoticComponent<ComponentType> } {
  if (path.startsWith('/enterprise/')) return { key: '/enterprises', Page: Enterprise };
  const s = SECTIONS.find((x) => path === x.key || path.startsWith(x.key + '/'));
  return s ? { key: s.key, Page: s.page } : { key: '/cockpit', Page: Cockpit };
}

export default function App() {
  const { t, lang, setLang } = useI18n();
  const { location, navigate } = useRouter();
  const { key, Page } = pageFor(location.path);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <Layout style={{ minHeight: '100vh' }}>
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
            selectedKeys={[key]}
            style={{ flex: 1, minWidth: 0 }}
            items={SECTIONS.map((s) => ({ key: s.key, label: t(s.label) }))}
            onClick={(e) => navigate(e.key)}
          />
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
            {t('lang.switch')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Suspense fallback={<Skeleton active />}>
            <Page />
          </Suspense>
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}
