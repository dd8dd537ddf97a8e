/**
 * Step 3 of the import: the reconciliation — rows read = accepted + rejected + skipped per file, the
 * enterprises each department covers, the departments disagreeing, and the rejected rows (filtered by
 * file, downloadable as XLSX).
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { CheckCircleTwoTone, CloseCircleTwoTone, DownloadOutlined } from '@ant-design/icons';
import type { ImportPreview, RejectionView } from '../../contract';
import { useMessages } from '../../catalogue';
import { num, pct } from '../../i18n';
import {
  deptLabel,
  fieldWords,
  fileRows,
  missingOf,
  reconciliationOf,
  rowsAddUp,
  skippedText,
  totalsOf,
} from './import';
import { messages } from './messages';
import { SourceCell } from './parts';

export function ReconciliationStep({
  preview,
  onNext,
  onBack,
}: {
  preview: ImportPreview;
  onNext: () => void;
  onBack: () => void;
}) {
  const { m, lang } = useMessages(messages);
  const rec = reconciliationOf(preview);
  const [fileFilter, setFileFilter] = useState<string>();
  const totals = totalsOf(preview);
  const records = totals.records;
  const departments = rec.departments ?? Object.keys(rec.coverage ?? {});
  const rejections = useMemo(
    () => preview.rejections.filter((r) => !fileFilter || r.file === fileFilter),
    [preview.rejections, fileFilter],
  );
  const rejectionFiles = [...new Set(preview.rejections.map((r) => r.file))];
  const totalRejected = Math.max(preview.rejections.length, totals.rejected);
  const conflictCount = rec.conflictCount ?? rec.conflicts?.length ?? 0;
  const count = (v: number) => num(v, 0);

  const rejectedColumns: ColumnsType<RejectionView> = [
    { title: m('file'), dataIndex: 'file', width: 150, ellipsis: true },
    { title: m('recon.sheet'), dataIndex: 'sheet', width: 80, render: (v: string | null) => v ?? '—' },
    { title: m('row'), dataIndex: 'row', width: 60, align: 'right' },
    {
      title: m('recon.column'),
      dataIndex: 'column',
      width: 130,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: m('recon.value'),
      dataIndex: 'value',
      width: 190,
      ellipsis: true,
      render: (v: string | null) => (v === null ? '—' : <Typography.Text code>{v}</Typography.Text>),
    },
    { title: m('recon.rule'), dataIndex: 'rule', width: 130, ellipsis: true },
    { title: m('recon.message'), key: 'msg', render: (_: unknown, r) => r[lang] },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        {[
          { k: 'rowsRead', t: m('rowsRead'), v: totals.rowsRead },
          { k: 'accepted', t: m('accepted'), v: totals.accepted },
          { k: 'rejected', t: m('rejected'), v: totals.rejected, danger: totals.rejected > 0 },
          { k: 'skipped', t: m('recon.skippedKinds'), v: totals.skipped },
          { k: 'records', t: m('enterprisesMerged'), v: records },
        ].map((s) => (
          <Col key={s.k} flex="1 1 200px">
            <Card size="small">
              <Statistic
                title={s.t}
                value={num(s.v, 0)}
                valueStyle={s.danger ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={m('recon.perFile')}>
            <Table
              data-testid="recon-files"
              size="small"
              rowKey={(f) => `${f.file}|${f.sheet ?? ''}`}
              pagination={false}
              dataSource={fileRows(preview)}
              scroll={{ x: 640 }}
              columns={[
                {
                  title: m('file'),
                  dataIndex: 'file',
                  ellipsis: true,
                  render: (v: string, f) => (
                    <span>
                      {v}
                      {f.sheet ? <Typography.Text type="secondary"> · {f.sheet}</Typography.Text> : null}
                    </span>
                  ),
                },
                {
                  title: m('recon.dept'),
                  dataIndex: 'department',
                  width: 90,
                  render: (v: string) => deptLabel(v, lang),
                },
                { title: m('recon.read'), dataIndex: 'rowsRead', width: 70, align: 'right', render: count },
                { title: m('recon.acc'), dataIndex: 'accepted', width: 70, align: 'right', render: count },
                { title: m('recon.rej'), dataIndex: 'rejected', width: 70, align: 'right', render: count },
                {
                  title: m('recon.skip'),
                  key: 'skipped',
                  width: 70,
                  align: 'right',
                  render: (_: unknown, f) =>
                    typeof f.skipped === 'object' && f.skippedN > 0 ? (
                      <Tooltip title={skippedText(f.skipped, lang)}>
                        <u style={{ textDecorationStyle: 'dotted' }}>{num(f.skippedN, 0)}</u>
                      </Tooltip>
                    ) : (
                      num(f.skippedN, 0)
                    ),
                },
                {
                  title: m('recon.check'),
                  key: 'check',
                  width: 60,
                  align: 'center',
                  render: (_: unknown, f) =>
                    rowsAddUp(f) ? (
                      <CheckCircleTwoTone twoToneColor="#52c41a" aria-label={m('recon.checkOk')} />
                    ) : (
                      <Tooltip title={m('recon.checkBad')}>
                        <CloseCircleTwoTone twoToneColor="#cf1322" aria-label={m('recon.checkBad')} />
                      </Tooltip>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={m('recon.coverage')}>
            {departments.length === 0 ? (
              <Empty description={m('recon.noCoverage')} />
            ) : (
              <Table
                data-testid="recon-coverage"
                size="small"
                rowKey={(d) => d}
                pagination={false}
                dataSource={departments}
                columns={[
                  { title: m('department'), key: 'd', render: (_: unknown, d: string) => deptLabel(d, lang) },
                  {
                    title: m('recon.covered'),
                    key: 'c',
                    align: 'right',
                    render: (_: unknown, d: string) => num(rec.coverage?.[d], 0),
                  },
                  {
                    title: m('recon.share'),
                    key: 'p',
                    align: 'right',
                    render: (_: unknown, d: string) => {
                      const c = rec.coverage?.[d];
                      return c === undefined || !records ? '—' : pct(c / records);
                    },
                  },
                  {
                    title: m('recon.missing'),
                    key: 'm',
                    align: 'right',
                    render: (_: unknown, d: string) => {
                      const mm = rec.missing?.[d];
                      const n = rec.missingCounts?.[d] ?? missingOf(mm);
                      if (mm === undefined) return '—';
                      return Array.isArray(mm) && n > 0 ? (
                        <Tooltip title={`${mm.slice(0, 10).join('\n')}${n > 10 ? '\n…' : ''}`}>
                          <Typography.Text type="warning">{num(n, 0)}</Typography.Text>
                        </Tooltip>
                      ) : (
                        num(n, 0)
                      );
                    },
                  },
                ]}
              />
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {m('recon.missingRule')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      {rec.notices?.length ? (
        <Alert
          type="info"
          showIcon
          title={m('recon.notes')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {rec.notices.map((n, k) => (
                <li key={k}>
                  {n.file ? (
                    <b>
                      {n.file}
                      {m('colon')}
                    </b>
                  ) : null}
                  {n[lang]}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {rec.conflicts?.length ? (
        <Card
          size="small"
          title={m('recon.conflicts', {
            n: num(conflictCount, 0),
            more:
              conflictCount > rec.conflicts.length
                ? m('recon.conflicts.more', { n: num(rec.conflicts.length, 0) })
                : '',
          })}
        >
          <Table
            data-testid="recon-conflicts"
            size="small"
            rowKey={(c) => `${c.uscc}|${c.field}|${c.other.source}|${c.other.row ?? ''}`}
            dataSource={rec.conflicts}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            columns={[
              { title: m('recon.uscc'), dataIndex: 'uscc', width: 180 },
              {
                title: m('recon.field'),
                dataIndex: 'field',
                width: 120,
                render: (v: string) => <Tooltip title={v}>{fieldWords(preview, v, lang)}</Tooltip>,
              },
              { title: m('recon.kept'), key: 'kept', render: (_: unknown, c) => <SourceCell v={c.kept} /> },
              {
                title: m('recon.other'),
                key: 'other',
                render: (_: unknown, c) => <SourceCell v={c.other} />,
              },
            ]}
          />
        </Card>
      ) : null}
      <Card
        size="small"
        title={m('recon.rejectedRows', { n: num(totalRejected, 0) })}
        extra={
          preview.rejections.length > 0 ? (
            <Space wrap>
              {rejectionFiles.length > 1 ? (
                <Select
                  allowClear
                  size="small"
                  style={{ width: 200 }}
                  placeholder={m('recon.allFiles')}
                  aria-label={m('recon.fileFilter')}
                  value={fileFilter}
                  onChange={(v?: string) => setFileFilter(v)}
                  options={rejectionFiles.map((f) => ({ value: f, label: f }))}
                />
              ) : null}
              <Button
                size="small"
                icon={<DownloadOutlined />}
                href={`/api/imports/${encodeURIComponent(preview.token)}/rejections.xlsx`}
                data-testid="rejected-download"
              >
                {m('recon.downloadAll')}
              </Button>
            </Space>
          ) : undefined
        }
      >
        {preview.rejections.length === 0 ? (
          <Typography.Text type="success" data-testid="rejected-none">
            {m('recon.noneRejected')}
          </Typography.Text>
        ) : (
          <>
            <Table
              data-testid="rejected-table"
              size="small"
              rowKey={(r) => `${r.file}|${r.sheet ?? ''}|${r.row}|${r.column ?? ''}|${r.rule}`}
              dataSource={rejections}
              columns={rejectedColumns}
              scroll={{ x: 1000 }}
              pagination={{ pageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50] }}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
              {totalRejected > preview.rejections.length
                ? m('recon.firstOnly', {
                    shown: num(preview.rejections.length, 0),
                    total: num(totalRejected, 0),
                  })
                : null}
              {m('recon.sendBack')}
            </Typography.Paragraph>
          </>
        )}
      </Card>
      <Space>
        <Button onClick={onBack}>{m('back')}</Button>
        <Button type="primary" onClick={onNext} data-testid="to-commit">
          {m('recon.next')}
        </Button>
      </Space>
    </Space>
  );
}
