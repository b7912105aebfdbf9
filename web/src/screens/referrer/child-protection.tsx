// The first question of every referral: suspected endangerment of a child's welfare is no prevention referral. "Ja"
// sends only { childProtectionConcern: true } (the API counts it anonymously and names the Jugendamt's contact) and
// keeps nothing; "Nein" starts the referral.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button, fieldId, RadioGroup } from '../../components/fields.tsx';
import { Link } from '../../components/link.tsx';
import { ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { navigate } from '../../router.ts';
import type { ScreenProps } from '../../screens.ts';
import { currentDraft, discardDraft, STEPS, startDraft, stepPath } from './draft.ts';

const QUESTION = 'Gibt es gewichtige Anhaltspunkte für eine Kindeswohlgefährdung?';

type Outcome =
  | { readonly kind: 'contact'; readonly detail: string }
  | { readonly kind: 'failed'; readonly error: unknown };

export function ChildProtectionStep(_: ScreenProps) {
  const { api } = useApp();
  const [answer, setAnswer] = useState<'yes' | 'no' | undefined>(() => currentDraft()?.childProtection);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const reportConcern = async () => {
    setBusy(true);
    try {
      await api.post('/v1/referrals', {
        body: { childProtectionConcern: true },
        idempotencyKey: newIdempotencyKey(),
      });
      // The API never accepts a concern; should it ever, nothing was sent but the concern either.
      setOutcome({ kind: 'contact', detail: '' });
    } catch (error) {
      if (error instanceof ApiError && error.type === 'child-protection') {
        // The detail names the municipality's contact after its English sentence: the contact is what helps.
        setOutcome({ kind: 'contact', detail: /contact:\s*(.+)$/s.exec(error.detail)?.[1]?.trim() ?? error.detail });
      } else {
        setOutcome({ kind: 'failed', error });
      }
    } finally {
      setBusy(false);
    }
  };

  if (outcome?.kind === 'contact') return <JugendamtContact detail={outcome.detail} />;

  <p class="kern-body">
    Bei gewichtigen Anhaltspunkten für eine Kindeswohlgefährdung ist das Jugendamt zuständig. Rufen Sie bitte dort an
    und folgen Sie dem Verfahren Ihrer Einrichtung.
  </p>;

  const submit = () => {
    if (answer === undefined) {
      setMissing(true);
      return;
    }
    if (answer === 'yes') {
      // Nothing of a started draft is kept.
      discardDraft();
      void reportConcern();
      return;
    }
    const draft = startDraft();
    draft.childProtection = 'no';
    const first = STEPS[0];
    navigate(draft.returnToCheck || first === undefined ? '/vermittlungen/neu/pruefen' : stepPath(first.id));
  };

  const error = missing && answer === undefined ? 'Wählen Sie Ja oder Nein.' : undefined;
  return (
    <Page
      title="Kinderschutz"
      caption={`Neue Vermittlung · Schritt 1 von ${STEPS.length + 2}`}
      back={{ href: '/vermittlungen', label: 'Zurück zu Meine Vermittlungen' }}
      hasErrors={error !== undefined}
    >
      <ErrorSummary
        items={error === undefined ? [] : [{ message: error, fieldId: fieldId('childProtectionConcern') }]}
      />
      {outcome?.kind === 'failed' ? <ProblemNotice error={outcome.error} onRetry={() => void reportConcern()} /> : null}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div class="lotse-form">
          <RadioGroup
            id={fieldId('childProtectionConcern')}
            name="childProtectionConcern"
            legend={QUESTION}
            hint="Zum Beispiel Hinweise auf Gewalt, Vernachlässigung oder Missbrauch (§ 8a SGB VIII). Dann ist das Jugendamt zuständig, nicht Lotse."
            choices={[
              { value: 'yes', label: 'Ja' },
              { value: 'no', label: 'Nein' },
            ]}
            value={answer}
            onValue={(value) => {
              setAnswer(value);
              const draft = currentDraft();
              if (draft !== undefined) draft.childProtection = value;
            }}
            error={error}
          />
        </div>
        <div class="lotse-actions">
          <Button type="submit" disabled={busy}>
            Weiter
          </Button>
        </div>
      </form>
    </Page>
  );
}

/** The answer to "Ja": whom to call instead. It takes the focus, since it replaces the question on the same page. */
function JugendamtContact({ detail }: { readonly detail: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Page title="Kinderschutz">
      <div tabIndex={-1} ref={ref} class="lotse-focus-target">
        <div class="kern-alert kern-alert--warning" role="alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true" />
            <h2 class="kern-title" id="jugendamt-titel">
              Bitte wenden Sie sich an das Jugendamt
            </h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              Bei gewichtigen Anhaltspunkten für eine Kindeswohlgefährdung ist das Jugendamt zuständig, nicht Lotse.
              Rufen Sie bitte dort an und folgen Sie dem Verfahren Ihrer Einrichtung.
            </p>
            {detail === '' ? null : <p class="kern-body kern-body--bold lotse-contact">{detail}</p>}
          </div>
        </div>
      </div>
      <p class="kern-body">Lotse hat nichts über die Familie gespeichert. Gezählt wird nur, dass es diesen Fall gab.</p>
      <p class="kern-body">
        <Link href="/vermittlungen">Zurück zu Meine Vermittlungen</Link>
      </p>
    </Page>
  );
}
