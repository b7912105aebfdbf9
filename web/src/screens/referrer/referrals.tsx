// The referrer's own referrals: the list, one referral's milestones (with the confirmation right after sending), and
// its withdrawal. Never case content: the API gives a referrer milestones, the outcome and its own reference only.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Outcome, ReferrerStatus, WithdrawReason } from '../../../../shared/domain/codes.ts';
import { REFERRER_STATUSES, WITHDRAW_REASONS } from '../../../../shared/domain/codes.ts';
import { OUTCOME_LABELS, REFERRER_STATUS_LABELS, WITHDRAW_REASON_LABELS } from '../../../../shared/domain/labels-de.ts';
import { ApiError } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button, fieldId, labelChoices, RadioGroup } from '../../components/fields.tsx';
import { ButtonLink, Link } from '../../components/link.tsx';
import { Alert, Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { formatDateTime, shortNumber } from '../../format.ts';
import { navigate, useLocation } from '../../router.ts';
import type { ScreenProps } from '../../screens.ts';
import { currentDraft, JOURNEY_PATH } from './draft.ts';
import { wasJustSent } from './sent.ts';

type ReferralItem = {
  readonly referralId: string;
  readonly status: ReferrerStatus;
  readonly outcome?: Outcome;
  readonly referrerReference?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
};

type ReferralView = ReferralItem & { readonly milestones: readonly { status: ReferrerStatus; at: string }[] };

const referralPath = (id: string) => `/vermittlungen/${encodeURIComponent(id)}`;

function StatusBadge({ status }: { readonly status: ReferrerStatus }) {
  const kind = status === 'closed' ? 'success' : status === 'withdrawn' ? 'warning' : 'info';
  return (
    <span class={`kern-badge kern-badge--${kind}`}>
      <span class="kern-label kern-label--small">{REFERRER_STATUS_LABELS[status].label}</span>
    </span>
  );
}

export function ReferralList(_: ScreenProps) {
  const { api } = useApp();
  const { query } = useLocation();
  const status = REFERRER_STATUSES.find((candidate) => candidate === query.get('status'));
  const [items, setItems] = useState<ReferralItem[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    setItems(undefined);
    setError(undefined);
    api
      .get<{ items: ReferralItem[]; nextCursor: string | null }>('/v1/referrals', { query: { status, limit: 25 } })
      .then(
        (answer) => {
          if (!active) return;
          setItems(answer.body.items);
          setCursor(answer.body.nextCursor);
        },
        (failure: unknown) => {
          if (!active) return;
          // Until the list exists in this deployment, it is simply empty.
          if (failure instanceof ApiError && failure.status === 404) setItems([]);
          else setError(failure);
        },
      );
    return () => {
      active = false;
    };
  }, [api, status, attempt]);

  const loadMore = async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const answer = await api.get<{ items: ReferralItem[]; nextCursor: string | null }>('/v1/referrals', {
        query: { status, limit: 25, cursor },
      });
      setItems((previous) => [...(previous ?? []), ...answer.body.items]);
      setCursor(answer.body.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoadingMore(false);
    }
  };

  const draft = currentDraft();
  return (
    <Page title="Meine Vermittlungen">
      <div class="lotse-actions">
        <ButtonLink href={JOURNEY_PATH}>Neue Vermittlung</ButtonLink>
      </div>
      {draft?.touched ? (
        <Alert kind="info" title="Sie haben eine Vermittlung angefangen">
          <p class="kern-body">
            Sie ist noch nicht gesendet. <Link href={JOURNEY_PATH}>Angefangene Vermittlung fortsetzen</Link>
          </p>
        </Alert>
      ) : null}
      <nav aria-label="Nach Status filtern">
        <ul class="kern-list kern-list--horizontal lotse-filters">
          <li>
            <Link href="/vermittlungen" aria-current={status === undefined ? 'page' : undefined}>
              Alle
            </Link>
          </li>
          {REFERRER_STATUSES.map((candidate) => (
            <li key={candidate}>
              <Link
                href={`/vermittlungen?status=${candidate}`}
                aria-current={status === candidate ? 'page' : undefined}
              >
                {REFERRER_STATUS_LABELS[candidate].label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {error !== undefined ? <ProblemNotice error={error} onRetry={() => setAttempt((count) => count + 1)} /> : null}
      {items === undefined ? (
        error === undefined ? (
          <Loading />
        ) : null
      ) : items.length === 0 ? (
        <p class="kern-body">
          {status === undefined
            ? 'Sie haben noch keine Familie vermittelt.'
            : `Keine Vermittlung mit dem Status „${REFERRER_STATUS_LABELS[status].label}“.`}
        </p>
      ) : (
        <>
          <div class="lotse-table-wrapper">
            <table class="kern-table">
              <caption class="kern-sr-only">Ihre Vermittlungen, die neueste zuerst</caption>
              <thead class="kern-table__header">
                <tr class="kern-table__row">
                  <th scope="col" class="kern-table__header">
                    Nummer
                  </th>
                  <th scope="col" class="kern-table__header">
                    Ihr Zeichen
                  </th>
                  <th scope="col" class="kern-table__header">
                    Gesendet
                  </th>
                  <th scope="col" class="kern-table__header">
                    Status
                  </th>
                  <th scope="col" class="kern-table__header">
                    Ergebnis
                  </th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {items.map((item) => (
                  <tr class="kern-table__row" key={item.referralId}>
                    <td class="kern-table__cell">
                      <Link href={referralPath(item.referralId)}>
                        <span class="kern-sr-only">Vermittlung </span>
                        {shortNumber(item.referralId)}
                      </Link>
                    </td>
                    <td class="kern-table__cell">{item.referrerReference ?? '—'}</td>
                    <td class="kern-table__cell">{formatDateTime(item.createdAt)}</td>
                    <td class="kern-table__cell">
                      <StatusBadge status={item.status} />
                    </td>
                    <td class="kern-table__cell">{item.outcome ? OUTCOME_LABELS[item.outcome].label : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor === null ? null : (
            <Button variant="secondary" onClick={() => void loadMore()} disabled={loadingMore}>
              Weitere laden
            </Button>
          )}
        </>
      )}
    </Page>
  );
}

function useReferral(id: string) {
  const { api } = useApp();
  const [referral, setReferral] = useState<ReferralView | undefined>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let active = true;
    setError(undefined);
    api.get<ReferralView>(`/v1/referrals/${encodeURIComponent(id)}`).then(
      (answer) => active && setReferral(answer.body),
      (failure: unknown) => active && setError(failure),
    );
    return () => {
      active = false;
    };
  }, [api, id, attempt]);
  return { referral, error, retry: () => setAttempt((count) => count + 1) };
}

const WITHDRAWABLE: ReadonlySet<ReferrerStatus> = new Set(['received', 'forwarded', 'in-progress']);

export function ReferralDetail({ params }: ScreenProps) {
  const id = params.id ?? '';
  const { referral, error, retry } = useReferral(id);
  const justSent = wasJustSent(id);
  const { query } = useLocation();
  const withdrawn = query.get('zurueckgezogen') === '1';
  return (
    <Page title={`Vermittlung ${shortNumber(id)}`} back={{ href: '/vermittlungen', label: 'Zu Meine Vermittlungen' }}>
      {justSent ? (
        <Alert kind="success" title="Die Vermittlung ist gesendet" role="status">
          <p class="kern-body">
            Nummer: <strong>{shortNumber(id)}</strong>. Die Angaben zur Familie sind bei Lotse sicher gespeichert.
          </p>
        </Alert>
      ) : null}
      {withdrawn ? (
        <Alert kind="success" title="Die Vermittlung ist zurückgezogen" role="status">
          <p class="kern-body">Die Daten der Familie sind gelöscht.</p>
        </Alert>
      ) : null}
      {justSent ? (
        <section aria-labelledby="wie-weiter">
          <h2 class="kern-heading-medium" id="wie-weiter">
            Wie es weitergeht
          </h2>
          <ol class="kern-list kern-list--number">
            <li>Lotse gibt die Vermittlung an das Familienbüro für den Wohnort der Familie.</li>
            <li>Das Familienbüro meldet sich bei der Familie, so wie Sie es angegeben haben.</li>
            <li>Hat die Familie einer Rückmeldung an Sie zugestimmt, sehen Sie hier, wie es weitergeht.</li>
          </ol>
        </section>
      ) : null}
      {error !== undefined ? <ProblemNotice error={error} onRetry={retry} /> : null}
      {referral === undefined ? (
        error === undefined ? (
          <Loading />
        ) : null
      ) : (
        <>
          <section aria-labelledby="stand">
            <h2 class="kern-heading-medium" id="stand">
              Stand
            </h2>
            <dl class="kern-description-list">
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Status</dt>
                <dd class="kern-description-list-item__value">
                  <StatusBadge status={referral.status} />
                  <span class="kern-body kern-body--small lotse-status-hint">
                    {' '}
                    {REFERRER_STATUS_LABELS[referral.status].hint}
                  </span>
                </dd>
              </div>
              {referral.outcome === undefined ? null : (
                <div class="kern-description-list-item">
                  <dt class="kern-description-list-item__key">Ergebnis</dt>
                  <dd class="kern-description-list-item__value">
                    {OUTCOME_LABELS[referral.outcome].label}
                    {OUTCOME_LABELS[referral.outcome].hint ? ` – ${OUTCOME_LABELS[referral.outcome].hint}` : ''}
                  </dd>
                </div>
              )}
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Ihr Zeichen</dt>
                <dd class="kern-description-list-item__value">{referral.referrerReference ?? '—'}</dd>
              </div>
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Gesendet</dt>
                <dd class="kern-description-list-item__value">{formatDateTime(referral.createdAt)}</dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="verlauf">
            <h2 class="kern-heading-medium" id="verlauf">
              Verlauf
            </h2>
            <ol class="kern-list lotse-milestones">
              {referral.milestones.map((milestone) => (
                <li key={`${milestone.status}-${milestone.at}`}>
                  <strong>{REFERRER_STATUS_LABELS[milestone.status].label}</strong>: {formatDateTime(milestone.at)}
                </li>
              ))}
            </ol>
            {referral.status === 'forwarded' ? (
              <p class="kern-body kern-body--small">
                Weitere Schritte sehen Sie nur, wenn die Familie einer Rückmeldung an Sie zugestimmt hat.
              </p>
            ) : null}
          </section>
          {WITHDRAWABLE.has(referral.status) ? (
            <div class="lotse-actions">
              <ButtonLink href={`${referralPath(id)}/zurueckziehen`} variant="secondary">
                Vermittlung zurückziehen
              </ButtonLink>
            </div>
          ) : null}
        </>
      )}
    </Page>
  );
}

export function WithdrawReferral({ params }: ScreenProps) {
  const id = params.id ?? '';
  const { api } = useApp();
  const [reason, setReason] = useState<WithdrawReason | undefined>();
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure !== undefined) failureRef.current?.focus();
  }, [failure]);

  const submit = async () => {
    if (reason === undefined) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(`/v1/referrals/${encodeURIComponent(id)}/withdraw`, { body: { reason } });
      navigate(`${referralPath(id)}?zurueckgezogen=1`, { replace: true });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const error = missing && reason === undefined ? 'Wählen Sie einen Grund.' : undefined;
  const closed = failure instanceof ApiError && failure.status === 409;
  return (
    <Page
      title="Vermittlung zurückziehen"
      caption={`Vermittlung ${shortNumber(id)}`}
      back={{ href: referralPath(id) }}
      hasErrors={error !== undefined}
    >
      <ErrorSummary items={error === undefined ? [] : [{ message: error, fieldId: fieldId('reason') }]} />
      {failure === undefined ? null : (
        <div tabIndex={-1} ref={failureRef} class="lotse-focus-target">
          {closed ? (
            <Alert kind="danger" title="Das geht nicht mehr" role="alert">
              <p class="kern-body">Das Familienbüro hat den Fall schon abgeschlossen.</p>
            </Alert>
          ) : (
            <ProblemNotice error={failure} onRetry={() => void submit()} />
          )}
        </div>
      )}
      <Alert kind="warning" title="Die Daten der Familie werden sofort gelöscht">
        <p class="kern-body">
          Das Familienbüro kann die Familie danach nicht mehr erreichen. Das lässt sich nicht rückgängig machen.
        </p>
      </Alert>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="lotse-form">
          <RadioGroup
            id={fieldId('reason')}
            name="reason"
            legend="Warum ziehen Sie die Vermittlung zurück?"
            choices={labelChoices(WITHDRAW_REASONS, WITHDRAW_REASON_LABELS)}
            value={reason}
            onValue={setReason}
            error={error}
          />
        </div>
        <div class="lotse-actions">
          <Button type="submit" disabled={busy}>
            Zurückziehen
          </Button>
          <Link href={referralPath(id)}>Abbrechen</Link>
        </div>
      </form>
    </Page>
  );
}
