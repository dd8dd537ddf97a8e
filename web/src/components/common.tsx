/** Shared pieces of every page: loading an API resource, showing an error with what to do next, cards that say where their figures come from. */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Skeleton, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { ApiError } from '../api';
import { useMessages } from '../catalogue';
import { useI18n } from '../i18n';
import { messages } from './common.messages';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `fetcher()` whenever `deps` change; the latest request wins. The request is started while the
 * page renders (not after it has been committed), so that it travels while React draws the loading
 * state: a table page change costs one render less before the data arrive.
 */
export function useApi<T>(fetcher: () => Promise<T> | null, deps: readonly unknown[]): Loaded<T> {
  const [tick, setTick] = useState(0);
  const promise = useMemo(() => {
    const p = fetcher();
    // handled in the effect below, which may run after a fast answer: not an unhandled rejection
    p?.catch(() => {});
    return p;
  }, [...deps, tick]);
  // what has arrived, and for which request: `loading` is derived (the request differs from the one
  // answered), so a change of `deps` costs one render, not two (render, then an effect setting loading)
  const [state, setState] = useState<{ for: Promise<T> | null; data?: T; error?: ApiError }>({
    for: null,
  });
  useEffect(() => {
    if (promise === null) return;
    let live = true;
    promise.then(
      (d) => {
        if (live) setState({ for: promise, data: d });
      },
      (e: unknown) => {
        if (live)
          setState((s) => ({
            ...s,
            for: promise,
            error: e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'),
          }));
      },
    );
    return () => {
      live = false;
    };
  }, [promise]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return {
    data: state.data,
    error: state.error,
    loading: promise !== null && state.for !== promise,
    reload,
  };
}

/** An error in the user's language, with what to do next and a retry button. */
export function ErrorBox({ error, onRetry, hint }: { error: ApiError; onRetry?: () => void; hint?: string }) {
  const { t, lang } = useI18n();
  const next = error.code === 'network' ? t('error.network') : hint;
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.title')}
      description={
        <>
          <div data-testid="error-message">{error.text(lang)}</div>
          {next ? <div style={{ marginTop: 4 }}>{next}</div> : null}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Shows a loading skeleton, an error, or the content. */
export function Load<T>({
  state,
  children,
  hint,
}: {
  state: Loaded<T>;
  children: (d: T) => ReactNode;
  hint?: string;
}) {
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} {...(hint ? { hint } : {})} />;
  if (state.data === undefined) return <Skeleton active />;
  return <>{children(state.data)}</>;
}

/** A card whose footer says the source, year and definition of its figures. */
export function SourcedCard({
  title,
  source,
  definition,
  extra,
  children,
  testId,
}: {
  title: ReactNode;
  source?: ReactNode;
  definition?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const { m } = useMessages(messages);
  return (
    <Card
      title={title}
      size="small"
      extra={
        <>
          {extra}
          {definition ? (
            <Tooltip title={definition}>
              <InfoCircleOutlined style={{ marginLeft: 8, color: '#8c8c8c' }} />
            </Tooltip>
          ) : null}
        </>
      }
      data-testid={testId}
      style={{ height: '100%' }}
    >
      {children}
      {source || definition ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {source ? (
            <>
              {t('common.source')}
              {m('colon')}
              {source}
            </>
          ) : null}
          {definition ? (
            <>
              {source ? m('semicolon') : ''}
              {t('common.definition')}
              {m('colon')}
              {definition}
            </>
          ) : null}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

export function ClassTag({ cls }: { cls: string | null | undefined }) {
  if (!cls) return <span>—</span>;
  // a plain element styled like Ant Design's preset tags (styles.css): tables show hundreds of these,
  // and each Ant Design Tag runs its style hooks on every render
  return <span className={`class-tag class-${/^[ABCD]$/.test(cls) ? cls : 'other'}`}>{cls}</span>;
}
