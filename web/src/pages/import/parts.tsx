/** Pieces two steps of the import share: the dataset the files are identical to, a source's value. */
import { Alert, Typography } from 'antd';
import type { ImportPreview } from '../../contract';
import { useMessages } from '../../catalogue';
import { num } from '../../i18n';
import { Link } from '../../router';
import { deptLabel, type SourceValue } from './import';
import { messages } from './messages';

export function ExistingAlert({ preview }: { preview: ImportPreview }) {
  const { m } = useMessages(messages);
  const d = preview.existingDataset;
  if (!d) return null;
  return (
    <Alert
      data-testid="existing-dataset"
      type="info"
      showIcon
      title={m('existing.title', { year: d.year, version: d.version, id: d.id })}
      description={
        <>
          {m('existing.before')}
          <Link to={`/runs?start=1&year=${d.year}`}>{m('existing.link')}</Link>
          {m('existing.after')}
        </>
      }
    />
  );
}

export function SourceCell({ v }: { v: SourceValue }) {
  const { m, lang } = useMessages(messages);
  return (
    <span>
      <b>{typeof v.value === 'number' ? num(v.value, 4) : v.value}</b>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {deptLabel(v.source, lang)}
        {v.file ? ` · ${v.file}` : ''}
        {v.sheet ? ` · ${v.sheet}` : ''}
        {v.row !== null ? m('atRow', { row: v.row }) : ''}
      </Typography.Text>
    </span>
  );
}
