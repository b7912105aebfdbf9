// Eskalierte Fälle (UI.md "Koordination"): the cases that wait for the coordinator, with their reason (filter by
// reason: `?grund=`), and below all cases, filtered by office (`?buero=`, the API's `officeId`); each row links to
// its case. `?inaktiv=1` shows instead the open cases without activity for 30 days (the overview's count links here).
import { useEffect, useState } from 'preact/hooks';
import { ESCALATION_REASONS, type EscalationReason } from '../../../../shared/domain/codes.ts';
import { ESCALATION_REASON_LABELS } from '../../../../shared/domain/labels-de.ts';
import { CaseTable } from '../../cases/case-table.tsx';
import {
  type EscalatedCase,
  escalatedCases,
  INACTIVE_DAYS,
  inactiveCases,
  officeNames,
  offices,
} from '../../cases/coordination-data.ts';
import { PagedCases } from '../../cases/paged-cases.tsx';
import type { InboxItem, Office } from '../../cases/types.ts';
import type { Loaded } from '../../cases/use-case.ts';
import { Button, Select } from '../../components/fields.tsx';
import { Link } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { formatDate } from '../../format.ts';
import { navigate, useLocation } from '../../router.ts';

export const coordinatorCaseHref = (caseId: string) => `/koordination/faelle/${encodeURIComponent(caseId)}`;

const cases = (n: number) => (n === 1 ? '1 Fall' : `${n} Fälle`);

function reasonOf(query: URLSearchParams): EscalationReason | undefined {
  const value = query.get('grund');
  return ESCALATION_REASONS.find((reason) => reason === value);
}

/** The case list filtered to the open cases without activity. */
export const INACTIVE_CASES_HREF = '/koordination/faelle?inaktiv=1';

type Data = { readonly escalated: readonly EscalatedCase[]; readonly offices: readonly Office[] };

export function CoordinatorCases() {
  const location = useLocation();
  return location.query.get('inaktiv') === '1' ? <InactiveCases /> : <CaseLists />;
}

function CaseLists() {
  const { api } = useApp();
  const location = useLocation();
  const reason = reasonOf(location.query);
  const officeId = location.query.get('buero') ?? '';
  const [loaded, setLoaded] = useState<Loaded<Data>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    Promise.all([escalatedCases(api), offices(api)]).then(
      ([escalated, officeList]) => active && setLoaded({ state: 'loaded', value: { escalated, offices: officeList } }),
      (error: unknown) => active && setLoaded({ state: 'failed', error }),
    );
    return () => {
      active = false;
    };
  }, [api, location.count, attempt]);

  if (loaded.state !== 'loaded') {
    return (
      <Page title="Eskalierte Fälle">
        {loaded.state === 'loading' ? (
          <Loading />
        ) : (
          <ProblemNotice error={loaded.error} onRetry={() => setAttempt((n) => n + 1)} />
        )}
      </Page>
    );
  }
  const { escalated } = loaded.value;
  const shown = reason === undefined ? escalated : escalated.filter((entry) => entry.reason === reason);
  const reasonById = new Map(escalated.map((entry) => [entry.item.caseId, entry.reason]));
  const officeName = officeNames(loaded.value.offices);
  const filterHref = (next: { grund?: string | undefined; buero?: string | undefined }) => {
    const query = new URLSearchParams();
    if (next.grund) query.set('grund', next.grund);
    if (next.buero) query.set('buero', next.buero);
    const text = query.toString();
    return text === '' ? '/koordination/faelle' : `/koordination/faelle?${text}`;
  };

  return (
    <Page title="Eskalierte Fälle">
      <section class="lotse-case-section" aria-labelledby="faelle-eskaliert">
        <h2 class="kern-heading-medium" id="faelle-eskaliert">
          Warten auf Zuweisung
        </h2>
        <nav aria-label="Eskalierte Fälle nach Grund">
          <ul class="kern-list kern-list--horizontal lotse-case-views">
            <li>
              <Link
                href={filterHref({ buero: officeId })}
                aria-current={reason === undefined ? 'page' : undefined}
              >{`Alle Gründe (${escalated.length})`}</Link>
            </li>
            {ESCALATION_REASONS.map((candidate) => (
              <li key={candidate}>
                <Link
                  href={filterHref({ grund: candidate, buero: officeId })}
                  aria-current={reason === candidate ? 'page' : undefined}
                >
                  {`${ESCALATION_REASON_LABELS[candidate].label} (${escalated.filter((entry) => entry.reason === candidate).length})`}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {shown.length === 0 ? (
          <p class="kern-body">Kein eskalierter Fall wartet{reason === undefined ? '' : ' aus diesem Grund'}.</p>
        ) : (
          <>
            <p class="kern-body">{`${cases(shown.length)}, dringende zuerst, dann älteste zuerst.`}</p>
            <CaseTable
              items={shown.map((entry) => entry.item)}
              caption={`Eskalierte Fälle${reason === undefined ? '' : `: ${ESCALATION_REASON_LABELS[reason].label}`}`}
              caseHref={coordinatorCaseHref}
              extraColumns={[
                {
                  header: 'Grund',
                  cell: (item) => {
                    const found = reasonById.get(item.caseId);
                    return found == null ? '–' : ESCALATION_REASON_LABELS[found].label;
                  },
                },
              ]}
            />
          </>
        )}
      </section>
      <section class="lotse-case-section" aria-labelledby="faelle-alle">
        <h2 class="kern-heading-medium" id="faelle-alle">
          Alle Fälle
        </h2>
        <OfficeFilter
          offices={loaded.value.offices}
          officeId={officeId}
          onShow={(next) => navigate(filterHref({ grund: reason, buero: next }))}
        />
        <PagedCases
          key={`${officeId}:${location.count}`}
          query={officeId === '' ? {} : { officeId }}
          caseHref={coordinatorCaseHref}
          caption={
            officeId === ''
              ? 'Alle Fälle: dringende zuerst, dann älteste zuerst'
              : `Fälle von ${officeName(officeId) ?? 'diesem Familienbüro'}: dringende zuerst, dann älteste zuerst`
          }
          empty="Keine Fälle."
          extraColumns={[
            {
              header: 'Familienbüro',
              cell: (item) => (item.officeId === null ? '–' : (officeName(item.officeId) ?? '–')),
            },
          ]}
        />
      </section>
    </Page>
  );
}

function OfficeFilter({
  offices: list,
  officeId,
  onShow,
}: {
  readonly offices: readonly Office[];
  readonly officeId: string;
  readonly onShow: (officeId: string) => void;
}) {
  const [chosen, setChosen] = useState(officeId);
  useEffect(() => setChosen(officeId), [officeId]);
  return (
    <form
      class="lotse-case-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        onShow(chosen);
      }}
    >
      <Select
        id="f-buero"
        label="Familienbüro"
        choices={[
          { value: '', label: 'Alle Familienbüros' },
          ...list.map((office) => ({ value: office.id, label: office.name })),
        ]}
        value={chosen}
        onValue={setChosen}
      />
      <Button type="submit" variant="secondary">
        Anzeigen
      </Button>
    </form>
  );
}

type InactiveData = { readonly items: readonly InboxItem[]; readonly offices: readonly Office[] };

/** The open cases in which nothing happened for INACTIVE_DAYS days, oldest activity first within the inbox order. */
function InactiveCases() {
  const { api } = useApp();
  const location = useLocation();
  const [loaded, setLoaded] = useState<Loaded<InactiveData>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    setLoaded({ state: 'loading' });
    Promise.all([inactiveCases(api, new Date()), offices(api)]).then(
      ([items, officeList]) => active && setLoaded({ state: 'loaded', value: { items, offices: officeList } }),
      (error: unknown) => active && setLoaded({ state: 'failed', error }),
    );
    return () => {
      active = false;
    };
  }, [api, location.count, attempt]);

  const title = `Seit ${INACTIVE_DAYS} Tagen ohne Aktivität`;
  return (
    <Page title="Eskalierte Fälle">
      <section class="lotse-case-section" aria-labelledby="faelle-inaktiv">
        <h2 class="kern-heading-medium" id="faelle-inaktiv">
          {title}
        </h2>
        <p class="kern-body">
          Offene Fälle, an denen sich seit {INACTIVE_DAYS} Tagen nichts geändert hat.{' '}
          <Link href="/koordination/faelle">Alle eskalierten und alle Fälle anzeigen</Link>
        </p>
        {loaded.state === 'loading' ? <Loading /> : null}
        {loaded.state === 'failed' ? (
          <ProblemNotice error={loaded.error} onRetry={() => setAttempt((n) => n + 1)} />
        ) : null}
        {loaded.state !== 'loaded' ? null : loaded.value.items.length === 0 ? (
          <p class="kern-body">Kein offener Fall ist so lange ohne Aktivität.</p>
        ) : (
          <>
            <p class="kern-body">{`${cases(loaded.value.items.length)}, dringende zuerst, dann älteste zuerst.`}</p>
            <CaseTable
              items={loaded.value.items}
              caption={`Offene Fälle, seit ${INACTIVE_DAYS} Tagen ohne Aktivität`}
              caseHref={coordinatorCaseHref}
              extraColumns={[
                { header: 'Letzte Aktivität', cell: (item) => formatDate(item.updatedAt) },
                {
                  header: 'Familienbüro',
                  cell: (item) =>
                    item.officeId === null ? '–' : (officeNames(loaded.value.offices)(item.officeId) ?? '–'),
                },
              ]}
            />
          </>
        )}
      </section>
    </Page>
  );
}
