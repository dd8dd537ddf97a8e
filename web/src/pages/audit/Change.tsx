/** An audit entry's change in words: one line per field, `field: old → new`; never raw JSON. */
import { Space, Tooltip, Typography } from 'antd';
import { useMessages } from '../../catalogue';
import { fmtTime } from '../../components/format';
import { messages } from './messages';
import { fieldLabel, isHash, isTime, listText, plainNumber, valueWords } from './words';

/** One recorded value, in words: times local, hashes shortened (whole on hover), codes named. */
function Value({ k, v }: { k: string; v: unknown }) {
  const { m, lang } = useMessages(messages);
  if (v === null || v === undefined || v === '') return <>—</>;
  if (typeof v === 'boolean') return <>{v ? m('yes') : m('no')}</>;
  if (typeof v === 'number') return <span className="num">{plainNumber(k, v)}</span>;
  if (typeof v === 'string') {
    const w = valueWords(k, v, lang);
    if (w) return <>{w}</>;
    if (isTime(v)) return <>{fmtTime(v)}</>;
    if (isHash(k, v))
      return (
        <Tooltip title={v}>
          <Typography.Text code data-testid="audit-hash">
            {v.slice(0, 8)}…
          </Typography.Text>
        </Tooltip>
      );
    return <>{v}</>;
  }
  if (Array.isArray(v)) return <>{v.length === 0 ? m('none') : listText(v, lang)}</>;
  if (typeof v === 'object')
    return (
      <>
        {Object.entries(v as Record<string, unknown>).map(([kk, x], i) => (
          <span key={kk}>
            {i > 0 ? m('sep') : ''}
            {fieldLabel(kk, lang)} <Value k={kk} v={x} />
          </span>
        ))}
      </>
    );
  return <>—</>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function Change({ before, after }: { before: unknown; after: unknown }) {
  const { m, lang } = useMessages(messages);
  const obj = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) {
    if ((before === null || before === undefined) && (after === null || after === undefined)) return null;
    return (
      <span>
        <Value k="" v={before} /> → <Value k="" v={after} />
      </span>
    );
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  // with both sides: the fields that changed (all of them when none did)
  const shown = b && a ? keys.filter((k) => !same(b[k], a[k])) : keys;
  return (
    <Space orientation="vertical" size={0} data-testid="audit-change">
      {(shown.length > 0 ? shown : keys).map((k) => (
        <span key={k}>
          <Typography.Text type="secondary">
            {fieldLabel(k, lang)}
            {m('colon')}
          </Typography.Text>
          {b && k in b && a && k in a ? (
            <>
              <Typography.Text delete type="secondary">
                <Value k={k} v={b[k]} />
              </Typography.Text>{' '}
              → <Value k={k} v={a[k]} />
            </>
          ) : (
            <Value k={k} v={(a && k in a ? a : b)![k]} />
          )}
        </span>
      ))}
    </Space>
  );
}
