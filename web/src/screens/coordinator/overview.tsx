// Übersicht (UI.md "Koordination"): what needs the coordinator first, as counts that link to the lists — escalated
// cases by reason, open cases without activity for 30 days, new cases per office, offers without free places.
import { useEffect, useState } from 'preact/hooks';
import { ESCALATION_REASONS } from '../../../../shared/domain/codes.ts';
import { ESCALATION_REASON_LABELS } from '../../../../shared/domain/labels-de.ts';
import {
  type EscalatedCase,
  escalatedCases,
  INACTIVE_DAYS,
  inactiveCases,
  offices,
} from '../../cases/coordination-data.ts';
import { wholeInbox } from '../../cases/inbox-data.ts';
import type { InboxItem, ItemList, Offer, Office } from '../../cases/types.ts';
import type { Loaded } from '../../cases/use-case.ts';
import { Link } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { INACTIVE_CASES_HREF } from './cases.tsx';

type Figures = {
  readonly escalated: readonly EscalatedCase[];
  readonly routed: readonly InboxItem[];
  readonly inactive: readonly InboxItem[];
  readonly offices: readonly Office[];
  readonly fullOffers: readonly Offer[];
};

const cases = (n: number) => (n === 1 ? '1 Fall' : `${n} Fälle`);
const newCases = (n: number) => (n === 1 ? '1 neuer Fall' : `${n} neue Fälle`);

export function Overview() {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<Loaded<Figures>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    setLoaded({ state: 'loading' });
    const now = new Date();
    const lists = Promise.all([escalatedCases(api), wholeInbox(api, { status: 'routed' })]);
    Promise.all([
      lists,
      // The inactive cases need every open status: the two lists above count, the others are read once more.
      lists.then(([escalated, routed]) =>
        inactiveCases(api, now, { escalated: escalated.map((entry) => entry.item), routed }),
      ),
      offices(api),
      api.get<ItemList<Offer>>('/v1/offers', { query: { status: 'active' } }),
    ]).then(
      ([[escalated, routed], inactive, officeList, offers]) =>
        active &&
        setLoaded({
          state: 'loaded',
          value: {
            escalated,
            routed,
            inactive,
            offices: officeList,
            fullOffers: offers.body.items
              .filter((offer) => offer.capacity !== undefined && offer.capacity.available === 0)
              .sort((a, b) => a.name.localeCompare(b.name, 'de')),
          },
        }),
      (error: unknown) => active && setLoaded({ state: 'failed', error }),
    );
    return () => {
      active = false;
    };
  }, [api, attempt]);

  if (loaded.state !== 'loaded') {
    return (
      <Page title="Übersicht">
        {loaded.state === 'loading' ? (
          <Loading />
        ) : (
          <ProblemNotice error={loaded.error} onRetry={() => setAttempt((n) => n + 1)} />
        )}
      </Page>
    );
  }
  const { escalated, routed, inactive, fullOffers } = loaded.value;
  const reasons = ESCALATION_REASONS.map((reason) => ({
    reason,
    count: escalated.filter((entry) => entry.reason === reason).length,
  }));
  return (
    <Page title="Übersicht">
      <section class="lotse-case-section" aria-labelledby="uebersicht-eskaliert">
        <h2 class="kern-heading-medium" id="uebersicht-eskaliert">
          Eskalierte Fälle
        </h2>
        <p class="kern-body">Diese Fälle warten darauf, dass Sie sie einem Familienbüro zuweisen.</p>
        <ul class="kern-list lotse-case-counts">
          <li>
            <Link href="/koordination/faelle">{`Alle eskalierten Fälle: ${cases(escalated.length)}`}</Link>
          </li>
          {reasons.map(({ reason, count }) => (
            <li key={reason}>
              <Link href={`/koordination/faelle?grund=${reason}`}>
                {`${ESCALATION_REASON_LABELS[reason].label}: ${cases(count)}`}
              </Link>
              <span class="lotse-case-muted"> – {ESCALATION_REASON_LABELS[reason].hint}</span>
            </li>
          ))}
        </ul>
      </section>
      <section class="lotse-case-section" aria-labelledby="uebersicht-inaktiv">
        <h2 class="kern-heading-medium" id="uebersicht-inaktiv">
          Fälle ohne Aktivität
        </h2>
        {inactive.length === 0 ? (
          <p class="kern-body">{`Kein offener Fall ist seit ${INACTIVE_DAYS} Tagen ohne Aktivität.`}</p>
        ) : (
          <>
            <p class="kern-body">
              Offene Fälle, an denen sich seit {INACTIVE_DAYS} Tagen nichts geändert hat. Fragen Sie beim Familienbüro
              nach, wie es der Familie geht.
            </p>
            <ul class="kern-list lotse-case-counts">
              <li>
                <Link
                  href={INACTIVE_CASES_HREF}
                >{`${cases(inactive.length)} seit ${INACTIVE_DAYS} Tagen ohne Aktivität`}</Link>
              </li>
            </ul>
          </>
        )}
      </section>
      <section class="lotse-case-section" aria-labelledby="uebersicht-neu">
        <h2 class="kern-heading-medium" id="uebersicht-neu">
          Neue Fälle je Familienbüro
        </h2>
        <p class="kern-body">Fälle, die ein Familienbüro noch nicht angenommen hat.</p>
        <ul class="kern-list lotse-case-counts">
          {loaded.value.offices.map((office) => (
            <li key={office.id}>
              <Link href={`/koordination/faelle?buero=${encodeURIComponent(office.id)}`}>
                {`${office.name}: ${newCases(routed.filter((item) => item.officeId === office.id).length)}`}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section class="lotse-case-section" aria-labelledby="uebersicht-angebote">
        <h2 class="kern-heading-medium" id="uebersicht-angebote">
          Angebote ohne freie Plätze
        </h2>
        {fullOffers.length === 0 ? (
          <p class="kern-body">Alle aktiven Angebote mit gezählten Plätzen haben noch Platz.</p>
        ) : (
          <>
            <p class="kern-body">
              <Link href="/koordination/angebote">
                {fullOffers.length === 1
                  ? '1 aktives Angebot ohne freie Plätze'
                  : `${fullOffers.length} aktive Angebote ohne freie Plätze`}
              </Link>
              . Lotse schlägt sie nicht mehr vor, bis wieder Plätze frei sind.
            </p>
            <ul class="kern-list kern-list--bullet">
              {fullOffers.map((offer) => (
                <li key={offer.id}>
                  <Link href={`/koordination/angebote/${encodeURIComponent(offer.id)}`}>{offer.name}</Link>
                  <span class="lotse-case-muted"> – {offer.organization}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </Page>
  );
}
