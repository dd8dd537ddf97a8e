/**
 * 一企一单: one enterprise's statement for a year (`Statement`), or, for a code the account cannot see,
 * a page saying so with the way back. Printable on one page (the menu, pickers and buttons are hidden
 * in print).
 */
import { Button, Result, Space } from 'antd';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { useMessages } from '../../catalogue';
import { Load, useApi } from '../../components/common';
import type { EnterpriseView } from '../../contract';
import { useNavigation, useRouter } from '../../router';
import { messages } from './messages';
import { Statement } from './Statement';

export { flagLabel } from './labels';

export default function Enterprise() {
  const { lang } = useMessages(messages);
  const { location } = useRouter();
  const uscc = decodeURIComponent(location.path.slice('/enterprise/'.length));
  const year = location.query.get('year') ?? undefined;
  const run = location.query.get('run') ?? undefined;
  const view = useApi(
    () => api.get<EnterpriseView>(`/api/enterprises/${encodeURIComponent(uscc)}`, { year, run, lang }),
    [uscc, year, run, lang],
  );
  // an unknown code and an enterprise outside the account's scope get the same answer (404): say it is
  // not available to this account, and offer the way back rather than a retry (issue 11, item 32)
  if (view.error?.status === 404) return <NotAvailable uscc={uscc} />;
  return <Load state={view}>{(v) => <Statement v={v} />}</Load>;
}

function NotAvailable({ uscc }: { uscc: string }) {
  const { m } = useMessages(messages);
  const { can, user } = useAuth();
  const { navigate } = useNavigation();
  const own = user?.role === 'enterprise' && user.uscc ? `/enterprise/${user.uscc}` : null;
  return (
    <Result
      status="404"
      data-testid="enterprise-not-available"
      title={m('na.title', { uscc })}
      subTitle={<span data-testid="not-available-text">{m('na.text')}</span>}
      extra={
        <Space>
          {can('results.view') ? (
            <Button type="primary" data-testid="back-to-list" onClick={() => navigate('/enterprises')}>
              {m('na.list')}
            </Button>
          ) : null}
          {own && own !== `/enterprise/${uscc}` ? (
            <Button type="primary" data-testid="back-to-own" onClick={() => navigate(own)}>
              {m('na.own')}
            </Button>
          ) : null}
          <Button data-testid="back-home" onClick={() => navigate('/')}>
            {m('na.home')}
          </Button>
        </Space>
      }
    />
  );
}
