/**
 * Step 2 of the import: per file, the department recognised, the header row, how each column was mapped
 * (field, unit and where the unit came from) and the first rows as read; the sheets of each workbook
 * with a choice of one; the merged records in canonical units.
 */
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type { ColumnMapping, ImportPreview, PreviewFile } from '../../contract';
import { useMessages } from '../../catalogue';
import { withUnit } from '../../components/format';
import { num } from '../../i18n';
import { deptLabel, fieldWords, reconciliationOf } from './import';
import { messages } from './messages';
import { ExistingAlert } from './parts';

export function RecognitionStep({
  preview,
  onNext,
  onBack,
  busy,
  sheetChoice,
  onChooseSheet,
}: {
  preview: ImportPreview;
  onNext: () => void;
  onBack: () => void;
  busy: boolean;
  sheetChoice: Record<string, string>;
  onChooseSheet: (file: string, sheet: string | null) => void;
}) {
  const { m, lang } = useMessages(messages);
  const rec = reconciliationOf(preview);
  const rfiles = rec.files ?? [];
  const extra = (f: PreviewFile) =>
    rfiles.find((r) => r.file === f.file && (r.sheet ?? null) === (f.sheet ?? null));
  const problems = rec.problems ?? [];
  const count = (v: number) => num(v, 0);

  const overview: ColumnsType<PreviewFile> = [
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
      title: m('rec.recognisedAs'),
      key: 'dept',
      width: 170,
      render: (_: unknown, f) =>
        f.department ? (
          <Space size={4}>
            <Tag color="blue">{deptLabel(f.department, lang)}</Tag>
            {f.profile && f.profile !== f.department ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {f.profile}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          <Tag color="red">{m('notRecognised')}</Tag>
        ),
    },
    {
      title: m('rec.headerRow'),
      dataIndex: 'headerRow',
      width: 80,
      align: 'right',
      render: (v: number | null) => v ?? '—',
    },
    { title: m('rowsRead'), dataIndex: 'rowsRead', width: 90, align: 'right', render: count },
    { title: m('accepted'), dataIndex: 'accepted', width: 80, align: 'right', render: count },
    {
      title: m('rejected'),
      dataIndex: 'rejected',
      width: 80,
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{num(v, 0)}</Typography.Text> : '0'),
    },
    { title: m('skipped'), dataIndex: 'skipped', width: 80, align: 'right', render: count },
  ];

  const mappingColumns: ColumnsType<ColumnMapping> = [
    { title: m('rec.headerInFile'), dataIndex: 'header' },
    {
      title: m('rec.readAs'),
      dataIndex: 'field',
      render: (v: string) => (
        <Tooltip title={v}>
          <span data-testid="mapping-field">{fieldWords(preview, v, lang)}</span>
        </Tooltip>
      ),
    },
    { title: m('rec.unit'), dataIndex: 'unit', width: 80, render: (v: string | null) => v ?? '—' },
    {
      title: m('rec.unitFrom'),
      dataIndex: 'unitFrom',
      width: 110,
      render: (v: string | null) =>
        v === 'header' ? (
          <Tag color="green">{m('rec.unitFromHeader')}</Tag>
        ) : v === 'default' ? (
          <Tooltip title={m('rec.unitDefault.tip')}>
            <Tag color="orange">{m('rec.unitDefault')}</Tag>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={m('rec.notImported')}
          description={
            <>
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p, k) => (
                  <li key={k}>
                    <b>
                      {p.file}
                      {p.sheet ? ` · ${p.sheet}` : ''}
                    </b>
                    {m('colon')}
                    {p[lang]}
                  </li>
                ))}
              </ul>
              {m('rec.notImported.next')}
            </>
          }
        />
      ) : null}
      {preview.existingDataset ? <ExistingAlert preview={preview} /> : null}
      {(preview.workbooks ?? []).length > 0 ? (
        <Card size="small" title={m('rec.sheets')} data-testid="preview-sheets">
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            {(preview.workbooks ?? []).map((w) => (
              <Space key={w.file} wrap size={6} data-testid={`sheets-${w.file}`}>
                <Typography.Text strong>{w.file}</Typography.Text>
                {w.sheets.map((sh) => (
                  <Tag
                    key={sh.name}
                    color={
                      sh.status === 'imported' ? 'green' : sh.status === 'no_header' ? 'orange' : 'default'
                    }
                    data-testid="sheet-status"
                  >
                    {sh.name}
                    {m('colon')}
                    {sh.status === 'imported'
                      ? m('rec.sheet.read')
                      : sh.status === 'no_header'
                        ? m('rec.sheet.noHeader')
                        : m('rec.sheet.notRead')}
                  </Tag>
                ))}
                {w.sheets.length > 1 ? (
                  <Select
                    size="small"
                    style={{ minWidth: 200 }}
                    disabled={busy}
                    data-testid={`sheet-choice-${w.file}`}
                    aria-label={m('rec.sheet.choice', { file: w.file })}
                    value={sheetChoice[w.file] ?? ''}
                    onChange={(v: string) => onChooseSheet(w.file, v === '' ? null : v)}
                    options={[
                      { value: '', label: m('rec.sheet.every') },
                      ...w.sheets.map((sh) => ({
                        value: sh.name,
                        label: m('rec.sheet.only', { sheet: sh.name }),
                      })),
                    ]}
                  />
                ) : null}
              </Space>
            ))}
          </Space>
        </Card>
      ) : null}
      <Card size="small" title={m('rec.uploaded', { year: preview.year })}>
        <Table
          data-testid="preview-files"
          size="small"
          rowKey={(f) => `${f.file}|${f.sheet ?? ''}`}
          pagination={false}
          dataSource={preview.files}
          columns={overview}
          scroll={{ x: 820 }}
        />
      </Card>
      <Card size="small" title={m('rec.mapping')}>
        {preview.files.length === 0 ? (
          <Empty description={m('rec.noTable')} />
        ) : (
          <Tabs
            data-testid="preview-tabs"
            items={preview.files.map((f, k) => {
              const r = extra(f);
              const sampleKeys = [...new Set(f.sample.flatMap((s) => Object.keys(s.cells)))];
              return {
                key: String(k),
                label: (
                  <span>
                    {f.department ? (
                      deptLabel(f.department, lang)
                    ) : (
                      <Typography.Text type="danger">{m('unknown')}</Typography.Text>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                      {f.file.length > 24 ? `${f.file.slice(0, 22)}…` : f.file}
                    </Typography.Text>
                  </span>
                ),
                children: (
                  <Space
                    orientation="vertical"
                    size={8}
                    style={{ width: '100%' }}
                    data-testid={`preview-file-${k}`}
                  >
                    <Descriptions
                      size="small"
                      column={{ xs: 1, md: 2, xl: 4 }}
                      items={[
                        { key: 'f', label: m('file'), children: f.sheet ? `${f.file} · ${f.sheet}` : f.file },
                        { key: 'd', label: m('department'), children: deptLabel(f.department, lang) },
                        { key: 'p', label: m('rec.profile'), children: f.profile ?? '—' },
                        { key: 'h', label: m('rec.headerAt'), children: f.headerRow ?? '—' },
                      ]}
                    />
                    {!f.department ? <Alert type="error" showIcon title={m('rec.noTemplate')} /> : null}
                    {r?.warnings?.length ? (
                      <Alert
                        type="warning"
                        showIcon
                        title={
                          <ul style={{ margin: 0, paddingLeft: 16 }}>
                            {r.warnings.map((w, j) => (
                              <li key={j}>{w[lang]}</li>
                            ))}
                          </ul>
                        }
                      />
                    ) : null}
                    <Row gutter={[12, 12]}>
                      <Col xs={24} xl={10}>
                        <Table
                          data-testid="preview-columns"
                          size="small"
                          rowKey={(c) => `${c.header}|${c.field}`}
                          pagination={false}
                          dataSource={f.columns}
                          columns={mappingColumns}
                          scroll={{ y: 300 }}
                        />
                        {r?.unmapped?.length ? (
                          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                            {m('rec.unused')}
                            {r.unmapped.map((u) => (
                              <Tag key={u}>{u}</Tag>
                            ))}
                          </Typography.Paragraph>
                        ) : null}
                      </Col>
                      <Col xs={24} xl={14}>
                        <Table
                          data-testid="preview-sample"
                          size="small"
                          rowKey="row"
                          pagination={false}
                          dataSource={f.sample}
                          scroll={{ x: Math.max(600, sampleKeys.length * 120), y: 300 }}
                          title={() => m('rec.firstRows')}
                          columns={[
                            { title: m('row'), dataIndex: 'row', width: 56, fixed: 'left' },
                            ...sampleKeys.map((h) => ({
                              title: h,
                              key: h,
                              width: 120,
                              ellipsis: true,
                              render: (_: unknown, s: PreviewFile['sample'][number]) => s.cells[h] ?? '',
                            })),
                          ]}
                        />
                      </Col>
                    </Row>
                  </Space>
                ),
              };
            })}
          />
        )}
      </Card>
      {preview.records.sample.length > 0 ? (
        <Card
          size="small"
          title={m('rec.records', {
            total: num(preview.records.total, 0),
            shown: preview.records.sample.length,
          })}
        >
          <RecordsSample sample={preview.records.sample} labels={preview.fieldLabels ?? {}} />
        </Card>
      ) : null}
      <Space>
        <Button onClick={onBack}>{m('back')}</Button>
        <Button type="primary" onClick={onNext} data-testid="to-reconcile">
          {m('rec.next')}
        </Button>
      </Space>
    </Space>
  );
}

function RecordsSample({
  sample,
  labels,
}: {
  sample: Record<string, string | number | null>[];
  labels: ImportPreview['fieldLabels'];
}) {
  const { lang } = useMessages(messages);
  const keys = [...new Set(sample.flatMap((s) => Object.keys(s)))];
  const title = (k: string) => {
    const l = labels[k];
    if (!l) return k;
    return <Tooltip title={k}>{withUnit(l[lang], l.unit, lang)}</Tooltip>;
  };
  return (
    <Table
      data-testid="preview-records"
      size="small"
      rowKey={(r) => String(r.uscc ?? JSON.stringify(r))}
      pagination={false}
      dataSource={sample}
      scroll={{ x: Math.max(800, keys.length * 110), y: 260 }}
      columns={keys.map((k, i) => ({
        title: title(k),
        dataIndex: k,
        width: k === 'name' ? 200 : k === 'uscc' ? 180 : 110,
        ellipsis: true,
        fixed: i === 0 ? ('left' as const) : undefined,
        align: sample.some((r) => typeof r[k] === 'number') ? ('right' as const) : undefined,
        render: (v: string | number | null) =>
          v === null || v === undefined ? (
            <span style={{ color: '#bfbfbf' }}>—</span>
          ) : typeof v === 'number' ? (
            num(v, 2)
          ) : (
            v
          ),
      }))}
    />
  );
}
