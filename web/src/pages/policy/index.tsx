/**
 * 差别化政策 (资源要素差别化配置): the tabs of the policy page, one file each — `ApplyTab` (a policy
 * applied to a run: totals by county in the shape of the Jiaxing figures, the per-enterprise ledger with
 * each amount's basis and an XLSX export, the stored applications), `WhatIfTab` (methodology or policy A
 * against B on one dataset: transition matrix, fiscal effect per county, hardest hit) and
 * `SensitivityTab` (fragile classes, a background job). State lives in the address:
 * `?tab=apply|whatif|sensitivity&run=&policy=&draft=1`.
 */
import { Space, Tabs, Typography } from 'antd';
import { useAuth } from '../../auth';
import { useMessages } from '../../catalogue';
import { useI18n } from '../../i18n';
import { useRouter } from '../../router';
import { ApplyTab } from './ApplyTab';
import { messages } from './messages';
import { SensitivityTab } from './SensitivityTab';
import { WhatIfTab } from './WhatIfTab';

export default function Policy() {
  const { t } = useI18n();
  const { m } = useMessages(messages);
  const { location, setQuery } = useRouter();
  const { can } = useAuth();
  const tab = location.query.get('tab') ?? 'apply';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="policy-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.policy')}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {m('subtitle')}
        </Typography.Text>
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setQuery({ tab: k, page: undefined })}
        items={[
          { key: 'apply', label: m('tab.apply'), children: tab === 'apply' ? <ApplyTab /> : null },
          ...(can('whatif')
            ? [{ key: 'whatif', label: m('tab.whatif'), children: tab === 'whatif' ? <WhatIfTab /> : null }]
            : []),
          ...(can('sensitivity')
            ? [
                {
                  key: 'sensitivity',
                  label: m('tab.sensitivity'),
                  children: tab === 'sensitivity' ? <SensitivityTab /> : null,
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
