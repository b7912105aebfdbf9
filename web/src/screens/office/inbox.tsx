// Eingang (UI.md "Familienbüro"): what needs action first, as counts that filter the table (Neu, Frist läuft ab,
// Dringend, In Bearbeitung); the open cases in the API's order (urgent first, then oldest); and all cases, closed
// ones too, page by page with "Weitere laden".
import { useEffect, useState } from 'preact/hooks';
import { CaseTable } from '../../cases/case-table.tsx';
import { deadlineSoon, isNew, isUrgent, OPEN_STATUSES } from '../../cases/describe.ts';
import { wholeInboxes } from '../../cases/inbox-data.ts';
import { PagedCases } from '../../cases/paged-cases.tsx';
import type { InboxItem } from '../../cases/types.ts';
import type { Loaded } from '../../cases/use-case.ts';
import { Link } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { useLocation } from '../../router.ts';

type View = 'offen' | 'neu' | 'frist' | 'dringend' | 'in-bearbeitung' | 'alle';

type Filter = {
  readonly view: Exclude<View, 'offen' | 'alle'>;
  readonly matches: (item: InboxItem, now: Date) => boolean;
  readonly count: (n: number) => string;
  /** What the table then shows, for its caption and the empty state. */
  readonly shows: string;
};

const FILTERS: readonly Filter[] = [
  {
    view: 'neu',
    matches: isNew,
    count: (n) => (n === 1 ? '1 neuer Fall' : `${n} neue Fälle`),
    shows: 'Neue Fälle, noch nicht geöffnet',
  },
  {
    view: 'frist',
    matches: deadlineSoon,
    count: (n) => (n === 1 ? '1 Fall mit ablaufender Frist' : `${n} Fälle mit ablaufender Frist`),
    shows: 'Fälle, deren Frist zum Öffnen in den nächsten 24 Stunden abläuft',
  },
  {
    view: 'dringend',
    matches: isUrgent,
    count: (n) => (n === 1 ? '1 dringender Fall' : `${n} dringende Fälle`),
    shows: 'Dringende offene Fälle',
  },
  {
    view: 'in-bearbeitung',
    matches: (item) => item.status === 'in-progress',
    count: (n) => (n === 1 ? '1 Fall in Bearbeitung' : `${n} Fälle in Bearbeitung`),
    shows: 'Fälle in Bearbeitung',
  },
];

function viewOf(query: URLSearchParams): View {
  const value = query.get('ansicht');
  return value === 'alle' || FILTERS.some((filter) => filter.view === value) ? (value as View) : 'offen';
}

const caseHref = (caseId: string) => `/faelle/${encodeURIComponent(caseId)}`;

export function Inbox() {
  const { api } = useApp();
  const location = useLocation();
  const view = viewOf(location.query);
  const [open, setOpen] = useState<Loaded<InboxItem[]>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // The open cases, whole, on every visit: the counts and the filtered tables come from them.
  useEffect(() => {
    let active = true;
    wholeInboxes(
      api,
      OPEN_STATUSES.map((status) => ({ status })),
    ).then(
      (items) => active && setOpen({ state: 'loaded', value: items }),
      (error: unknown) => active && setOpen({ state: 'failed', error }),
    );
    return () => {
      active = false;
    };
  }, [api, location.count, attempt]);

  const now = new Date();
  const filter = FILTERS.find((candidate) => candidate.view === view);
  return (
    <Page title="Eingang">
      {open.state === 'failed' ? (
        <ProblemNotice error={open.error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : open.state === 'loading' ? (
        <Loading />
      ) : (
        <>
          <nav aria-labelledby="eingang-filter">
            <h2 class="kern-heading-medium" id="eingang-filter">
              Was zu tun ist
            </h2>
            <ul class="kern-list lotse-case-counts">
              {FILTERS.map((candidate) => (
                <li key={candidate.view}>
                  <Link
                    href={`/eingang?ansicht=${candidate.view}`}
                    aria-current={view === candidate.view ? 'page' : undefined}
                  >
                    {candidate.count(open.value.filter((item) => candidate.matches(item, now)).length)}
                  </Link>
                </li>
              ))}
            </ul>
            <ul class="kern-list kern-list--horizontal lotse-case-views">
              <li>
                <Link href="/eingang" aria-current={view === 'offen' ? 'page' : undefined}>
                  {`Alle offenen Fälle (${open.value.length})`}
                </Link>
              </li>
              <li>
                <Link href="/eingang?ansicht=alle" aria-current={view === 'alle' ? 'page' : undefined}>
                  Alle Fälle, auch abgeschlossene
                </Link>
              </li>
            </ul>
          </nav>
          {view === 'alle' ? (
            <section aria-labelledby="eingang-alle">
              <h2 class="kern-heading-medium" id="eingang-alle">
                Alle Fälle
              </h2>
              <PagedCases
                key={location.count}
                query={{}}
                caseHref={caseHref}
                caption="Alle Fälle, auch abgeschlossene: dringende zuerst, dann älteste zuerst"
                empty="Ihr Familienbüro hat noch keine Fälle."
              />
            </section>
          ) : (
            <section aria-labelledby="eingang-tabelle">
              <h2 class="kern-heading-medium" id="eingang-tabelle">
                {filter === undefined ? 'Offene Fälle' : filter.shows}
              </h2>
              <CaseList
                items={filter === undefined ? open.value : open.value.filter((item) => filter.matches(item, now))}
                caption={filter === undefined ? 'Offene Fälle, dringende zuerst, dann älteste zuerst' : filter.shows}
                now={now}
              />
            </section>
          )}
        </>
      )}
    </Page>
  );
}

function CaseList({
  items,
  caption,
  now,
}: {
  readonly items: readonly InboxItem[];
  readonly caption: string;
  readonly now: Date;
}) {
  if (items.length === 0) return <p class="kern-body">Hier ist gerade nichts zu tun.</p>;
  return <CaseTable items={items} caption={caption} caseHref={caseHref} now={now} />;
}
