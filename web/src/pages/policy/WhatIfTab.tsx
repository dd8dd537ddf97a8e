/**
 * What-if: methodology or policy A against B on the dataset of the run chosen, recomputed afresh; the
 * result (`WhatIfResult`) paged on the server, every change exported as XLSX.
 */
import { useState } from 'react';
import { Button, Card, Form, message, Select, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, ApiError, csrfToken } from '../../api';
import type * as P from '../../contract';
import { useMessages } from '../../catalogue';
import { ErrorBox, useApi } from '../../components/common';
import { RunPicker, useCurrentRun } from '../../components/runs';
import { usePolicies } from './ApplyTab';
import { messages } from './messages';
import { WHATIF_PAGE, WhatIfResult } from './WhatIfResult';

interface MethodologyItem {
  id: string;
  dataYear: number;
  title: { zh: string; en: string } | string;
}

/** Sends a POST and saves the answer as a file (an export that needs a request body). */
async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const err = (
      (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    )?.error;
    throw new ApiError(err?.message ?? `HTTP ${res.status}`, res.status, err?.code ?? 'http');
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function WhatIfTab() {
  const { m, lang } = useMessages(messages);
  const methodologies = useApi(() => api.get<{ items: MethodologyItem[] }>('/api/methodologies'), []);
  const policies = usePolicies();
  const { runs, run } = useCurrentRun();
  const [req, setReq] = useState<P.WhatIfRequest>({ policy: 'jiaxing-demo-2024' });
  const [result, setResult] = useState<P.WhatIfView>();
  const [asked, setAsked] = useState<P.WhatIfRequest>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const title = (id: string) => {
    const x = methodologies.data?.items.find((i) => i.id === id);
    return x ? (typeof x.title === 'string' ? x.title : x.title[lang]) : id;
  };
  const mOptions = (methodologies.data?.items ?? []).map((x) => ({ value: x.id, label: title(x.id) }));
  const pOptions = (policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.title[lang] }));
  const fetchPage = async (body: P.WhatIfRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.post<P.WhatIfView>('/api/whatif', body));
      setAsked(body);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'));
    } finally {
      setBusy(false);
    }
  };
  // the run chosen (its dataset; its methodology unless another is chosen for A)
  const go = () => (run ? void fetchPage({ ...req, run: run.id, limit: WHATIF_PAGE, offset: 0 }) : undefined);
  const exportAll = async () => {
    if (!asked) return;
    setExporting(true);
    try {
      await downloadPost('/api/whatif', { ...asked, format: 'xlsx', lang }, 'whatif.xlsx');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <RunPicker runs={runs.data?.items ?? []} run={run} />
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={m('whatif.methodologyA')} htmlFor="whatif-methodology-a">
            <Select
              id="whatif-methodology-a"
              allowClear
              style={{ width: 240 }}
              value={req.methodology}
              placeholder={run ? m('whatif.runs', { title: title(run.methodologyId) }) : ''}
              options={mOptions}
              onChange={(v?: string) => setReq({ ...req, methodology: v })}
              data-testid="whatif-methodology-a"
            />
          </Form.Item>
          <Form.Item label={m('whatif.methodologyB')} htmlFor="whatif-methodology-b">
            <Select
              id="whatif-methodology-b"
              allowClear
              style={{ width: 240 }}
              value={req.methodologyB}
              placeholder={m('whatif.sameAsA')}
              options={mOptions}
              onChange={(v?: string) => setReq({ ...req, methodologyB: v })}
              data-testid="whatif-methodology-b"
            />
          </Form.Item>
          <Form.Item label={m('whatif.policyA')} htmlFor="whatif-policy-a">
            <Select
              id="whatif-policy-a"
              style={{ width: 220 }}
              value={req.policy}
              options={pOptions}
              onChange={(v: string) => setReq({ ...req, policy: v })}
            />
          </Form.Item>
          <Form.Item label={m('whatif.policyB')} htmlFor="whatif-policy-b">
            <Select
              id="whatif-policy-b"
              allowClear
              style={{ width: 220 }}
              value={req.policyB}
              placeholder={m('whatif.sameAsA')}
              options={pOptions}
              onChange={(v?: string) => setReq({ ...req, policyB: v })}
            />
          </Form.Item>
          <Button type="primary" loading={busy} disabled={!run} onClick={go} data-testid="whatif-run">
            {m('whatif.compare')}
          </Button>
        </Form>
      </Card>
      {error ? <ErrorBox error={error} /> : null}
      {result ? (
        <WhatIfResult
          r={result}
          title={title}
          policyTitle={(id) => policies.data?.items.find((p) => p.id === id)?.title[lang] ?? id}
          busy={busy}
          onPage={(p) => asked && void fetchPage({ ...asked, offset: (p - 1) * WHATIF_PAGE })}
          exportButton={
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportAll()}
              data-testid="whatif-xlsx"
            >
              {m('whatif.export')}
            </Button>
          }
        />
      ) : null}
    </Space>
  );
}
