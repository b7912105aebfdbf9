// "Angaben prüfen": every answer by section, each with "Ändern" (which comes back here), the referrer's own contact
// details, and "Vermittlung absenden" — with the draft's one Idempotency-Key, however often it is retried.
import { useState } from 'preact/hooks';
import {
  CONSENT_GIVER_LABELS,
  CONSENT_METHOD_LABELS,
  CONSENT_SCOPE_LABELS,
  CONTACT_CHANNEL_LABELS,
  CONTACT_ROLE_LABELS,
  languageLabel,
  NEED_LABELS,
  URGENCY_LABELS,
} from '../../../../shared/domain/labels-de.ts';
import { ApiError, type FieldProblem } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button } from '../../components/fields.tsx';
import { ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { formatCalendarDate, parseGermanDate } from '../../format.ts';
import { navigate } from '../../router.ts';
import type { ScreenProps } from '../../screens.ts';
import {
  CONTACT_STEP,
  currentDraft,
  type Draft,
  discardDraft,
  JOURNEY_PATH,
  referralBody,
  STEPS,
  type StepId,
  stepOfField,
  stepPath,
  validateDraft,
} from './draft.ts';
import { germanMessage } from './messages.ts';
import { markJustSent } from './sent.ts';
import { useReferrerContact } from './step-form.tsx';

type Row = { readonly key: string; readonly value: string };
type Section = { readonly step: StepId; readonly title: string; readonly rows: readonly Row[] };

const dash = (value: string) => (value.trim() === '' ? '—' : value.trim());
const yesNo = (value: 'yes' | 'no' | undefined | boolean) =>
  value === undefined ? '—' : value === 'yes' || value === true ? 'Ja' : 'Nein';
const germanDate = (value: string) => {
  const date = parseGermanDate(value);
  return date === undefined ? dash(value) : formatCalendarDate(date);
};

function sections(draft: Draft, referrer: { name: string; phone: string; email: string }): Section[] {
  const { consent, contact } = draft;
  const wishes = [
    draft.accessibility.homeVisit ? 'Hausbesuch' : undefined,
    draft.accessibility.barrierFree ? 'Barrierefreier Ort' : undefined,
    draft.accessibility.childcareDuringAppointment ? 'Kinderbetreuung während des Termins' : undefined,
  ].filter((wish) => wish !== undefined);
  return [
    {
      step: 'einwilligung',
      title: 'Einwilligung',
      rows: [
        {
          key: 'Einverstanden mit',
          value: consent.scopes.map((scope) => CONSENT_SCOPE_LABELS[scope].label).join(', ') || '—',
        },
        { key: 'Eingewilligt hat', value: consent.givenBy ? CONSENT_GIVER_LABELS[consent.givenBy].label : '—' },
        { key: 'Art', value: consent.method ? CONSENT_METHOD_LABELS[consent.method].label : '—' },
        { key: 'Datum', value: germanDate(consent.givenAt) },
      ],
    },
    {
      step: 'kontakt',
      title: 'Kontaktperson',
      rows: [
        { key: 'Name', value: dash(contact.name) },
        { key: 'Rolle', value: contact.role ? CONTACT_ROLE_LABELS[contact.role].label : '—' },
        { key: 'Telefon', value: dash(contact.phone) },
        { key: 'E-Mail', value: dash(contact.email) },
        {
          key: 'Kontakt per',
          value: contact.preferredChannel ? CONTACT_CHANNEL_LABELS[contact.preferredChannel].label : '—',
        },
        { key: 'Gut erreichbar', value: dash(contact.bestTime) },
        { key: 'Nachricht hinterlassen', value: yesNo(contact.mayLeaveMessage) },
      ],
    },
    {
      step: 'kinder',
      title: 'Kinder',
      rows: draft.children.map((child, index) => ({
        key: `Kind ${index + 1}`,
        value:
          child.born === 'born'
            ? `geboren am ${germanDate(child.date)}`
            : child.born === 'expected'
              ? `erwartet am ${germanDate(child.date)}`
              : '—',
      })),
    },
    {
      step: 'bedarfe',
      title: 'Unterstützungsbedarf',
      rows: [{ key: 'Themen', value: draft.needs.map((need) => NEED_LABELS[need].label).join(', ') || '—' }],
    },
    {
      step: 'sprache',
      title: 'Sprache',
      rows: [
        { key: 'Sprachen', value: draft.languages.map(languageLabel).join(', ') || '—' },
        { key: 'Sprachmittlung', value: yesNo(draft.interpreterNeeded) },
      ],
    },
    {
      step: 'wohnort',
      title: 'Wohnort und Zugang',
      rows: [
        { key: 'Postleitzahl', value: dash(draft.postalCode) },
        { key: 'Wünsche', value: wishes.join(', ') || 'keine' },
      ],
    },
    {
      step: 'dringlichkeit',
      title: 'Dringlichkeit und Hinweis',
      rows: [
        { key: 'Dringlichkeit', value: draft.urgency ? URGENCY_LABELS[draft.urgency].label : '—' },
        { key: 'Hinweis', value: dash(draft.note) },
        { key: 'Ihr Zeichen', value: dash(draft.referrerReference) },
      ],
    },
    {
      step: CONTACT_STEP.id,
      title: 'Ihre Kontaktdaten',
      rows: [
        { key: 'Name', value: dash(referrer.name) },
        { key: 'Telefon', value: dash(referrer.phone) },
        { key: 'E-Mail', value: dash(referrer.email) },
      ],
    },
  ];
}

/** The problem of a refused submission that is not about a field: what it means, in German. */
function refusal(error: ApiError): FieldProblem[] | undefined {
  switch (error.type) {
    case 'validation':
      return error.errors.map((problem) => ({
        path: problem.path,
        message: germanMessage(problem.path, problem.message),
      }));
    case 'consent-required':
      return [{ path: 'consent.scopes', message: germanMessage('consent.scopes', 'office') }];
    case 'outside-service-area':
      return [{ path: 'postalCode', message: germanMessage('postalCode', 'service area') }];
    default:
      return undefined;
  }
}

export function CheckStep(_: ScreenProps) {
  const { api } = useApp();
  const referrer = useReferrerContact();
  const draft = currentDraft();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (draft === undefined || draft.childProtection !== 'no') {
    queueMicrotask(() => navigate(JOURNEY_PATH, { replace: true }));
    return null;
  }

  const change = (step: StepId) => {
    draft.returnToCheck = true;
    navigate(stepPath(step));
  };

  const submit = async () => {
    if (busy) return;
    setFailure(undefined);
    const found = validateDraft(draft, referrer);
    if (found.length > 0) {
      // Shown again at their fields when "Ändern" or a link of the summary opens the step.
      draft.serverErrors = found;
      setProblems(found);
      return;
    }
    setBusy(true);
    try {
      const answer = await api.post<{ referralId: string }>('/v1/referrals', {
        body: referralBody(draft, referrer),
        idempotencyKey: draft.idempotencyKey,
      });
      discardDraft();
      markJustSent(answer.body.referralId);
      navigate(`/vermittlungen/${encodeURIComponent(answer.body.referralId)}`, { replace: true });
    } catch (error) {
      const fields = error instanceof ApiError ? refusal(error) : undefined;
      if (fields !== undefined && fields.length > 0) {
        draft.serverErrors = fields;
        setProblems(fields);
      } else {
        setFailure(error);
      }
      setBusy(false);
    }
  };

  const alreadySent = failure instanceof ApiError && failure.type === 'idempotency-key-reused';
  // 409 while the first attempt is still in flight: the same submission may simply be tried again.
  const inFlight = failure instanceof ApiError && failure.status === 409;
  return (
    <Page
      title="Angaben prüfen"
      caption={`Neue Vermittlung · Schritt ${STEPS.length + 2} von ${STEPS.length + 2}`}
      back={{ href: stepPath('dringlichkeit') }}
      hasErrors={problems.length > 0}
    >
      <ErrorSummary
        items={problems.map((problem) => ({ message: problem.message, href: stepPath(stepOfField(problem.path).id) }))}
        title="Bitte ändern Sie diese Angaben"
      />
      {failure === undefined ? null : alreadySent ? (
        <ProblemNotice error={failure} />
      ) : (
        <ProblemNotice
          error={inFlight ? new ApiError({ kind: 'network', status: 0, type: 'network' }) : failure}
          onRetry={() => void submit()}
        />
      )}
      <p class="kern-body">Prüfen Sie Ihre Angaben. Mit „Ändern“ können Sie jede Angabe korrigieren.</p>
      {sections(draft, referrer).map((section) => (
        <section class="kern-summary lotse-summary" key={section.step} aria-labelledby={`abschnitt-${section.step}`}>
          <div class="kern-summary__header">
            <h2 class="kern-title" id={`abschnitt-${section.step}`}>
              {section.title}
            </h2>
          </div>
          <div class="kern-summary__body">
            <dl class="kern-description-list">
              {section.rows.map((row) => (
                <div class="kern-description-list-item" key={row.key}>
                  <dt class="kern-description-list-item__key">{row.key}</dt>
                  <dd class="kern-description-list-item__value">{row.value}</dd>
                </div>
              ))}
            </dl>
          </div>
          <p class="kern-body lotse-change">
            <a
              class="kern-link"
              href={stepPath(section.step)}
              onClick={(event) => {
                event.preventDefault();
                change(section.step);
              }}
            >
              Ändern<span class="kern-sr-only"> {section.title}</span>
            </a>
          </p>
        </section>
      ))}
      <div class="lotse-actions">
        <Button onClick={() => void submit()} disabled={busy}>
          Vermittlung absenden
        </Button>
        {busy ? (
          <p class="kern-body" role="status">
            Wird gesendet …
          </p>
        ) : null}
      </div>
      <p class="kern-body kern-body--small">
        Nach dem Absenden sehen Sie die Nummer der Vermittlung. Die Angaben zur Familie sehen Sie danach nicht mehr.
      </p>
    </Page>
  );
}
