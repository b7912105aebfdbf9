// A listing of cases page by page: the first page on mount, "Weitere laden" continues after the last case with the
// API's cursor and moves the focus to the first case that came in.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../components/fields.tsx';
import { Loading, ProblemNotice } from '../components/notices.tsx';
import { useApp } from '../context.ts';
import { CaseTable, type ExtraColumn } from './case-table.tsx';
import { type InboxQuery, inboxPage } from './inbox-data.ts';
import type { InboxItem } from './types.ts';

export function PagedCases({
  query,
  caseHref,
  caption,
  empty,
  extraColumns,
}: {
  readonly query: InboxQuery;
  readonly caseHref: (caseId: string) => string;
  readonly caption: string;
  /** Said when the listing has no case at all. */
  readonly empty: string;
  readonly extraColumns?: readonly ExtraColumn[];
}) {
  const { api } = useApp();
  const [items, setItems] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const firstNew = useRef<string | undefined>(undefined);

  const load = async (after: string | undefined) => {
    setLoading(true);
    setProblem(undefined);
    try {
      const page = await inboxPage(api, { ...query, cursor: after });
      firstNew.current = after === undefined ? undefined : page.items[0]?.caseId;
      setItems((previous) => (after === undefined ? [...page.items] : [...previous, ...page.items]));
      setCursor(page.nextCursor);
      if (after !== undefined) {
        setAnnouncement(
          page.items.length === 1 ? '1 weiterer Fall geladen.' : `${page.items.length} weitere Fälle geladen.`,
        );
      }
    } catch (error) {
      setProblem(error);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(undefined);
  }, []);

  // After "Weitere laden" the focus moves to the first case that came in, so the keyboard continues there.
  useEffect(() => {
    const id = firstNew.current;
    if (id === undefined) return;
    firstNew.current = undefined;
    document.querySelector<HTMLAnchorElement>(`a[href="${caseHref(id)}"]`)?.focus();
  }, [items]);

  return (
    <>
      {items.length === 0 && !loading && problem === undefined ? (
        <p class="kern-body">{empty}</p>
      ) : items.length === 0 ? null : (
        <CaseTable
          items={items}
          caption={caption}
          caseHref={caseHref}
          {...(extraColumns === undefined ? {} : { extraColumns })}
        />
      )}
      <p class="kern-sr-only" role="status">
        {announcement}
      </p>
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void load(cursor ?? undefined)} />}
      {loading ? <Loading /> : null}
      {typeof cursor === 'string' && !loading ? (
        <Button variant="secondary" onClick={() => void load(cursor)}>
          Weitere laden
        </Button>
      ) : null}
    </>
  );
}
