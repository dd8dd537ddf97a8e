/** Shared pieces of every page: loading an API resource, showing an error with what to do next, cards that say where their figures come from. */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

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
  const promise = useMemo(fetcher, [...deps, tick]);
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({
    loading: promise !== null,
  });
  useEffect(() => {
    if (promise === null) {
      setState((s) => ({ ...s, loading: false }));
      return;
    }
    let live = true;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    promise.then(
      (d) => {
        if (live) setState({ data: d, loading: false });
      },
      (e: unknown) => {
        if (live)
          setState((s) => ({
            ...s,
            error: e instanceof ApiError ? e : new ApiError(String(e), 0, 'client'),
            loading: false,
          }));
      },
    );
    return () => {
      live = false;
    };
  }, [promise]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
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
              {t('common.source')}：{source}
            </>
          ) : null}
          {definition ? (
            <>
              {source ? '；' : ''}
              {t('common.definition')}：{definition}
            </>
          ) : null}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

export function ClassTag({ cls }: { cls: string | null | undefined }) {
  if (!cls) return <span>—</span>;
  const color = { A: 'green', B: 'blue', C: 'orange', D: 'red' }[cls] ?? 'default';
  return <Tag color={color}>{cls}</Tag>;
}
