// Fall {short number} (UI.md "Familienbüro"): the whole case, and the next step by its status — "Annehmen" or
// "Ablehnen" (reason required, note) while it is new, "Bearbeitung beginnen" once accepted, "Fall abschließen" (outcome,
// offer from the proposals or the catalogue) until it is closed. Each command sends the version the page shows.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DECLINE_REASONS, type DeclineReason, OUTCOMES, type Outcome } from '../../../../shared/domain/codes.ts';
import { DECLINE_REASON_LABELS, OUTCOME_LABELS } from '../../../../shared/domain/labels-de.ts';
import { CaseDetails, CaseOverview } from '../../cases/case-details.tsx';
import { CommandProblem, Confirmation } from '../../cases/command-notice.tsx';
import type { CaseView, ItemList, Offer } from '../../cases/types.ts';
import { type CaseCommand, fieldErrorsOf, useCase, useCaseCommand } from '../../cases/use-case.ts';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import {
  Button,
  characterCount,
  fieldId,
  hintedChoices,
  RadioGroup,
  Select,
  TextArea,
} from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Link } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp, useSession } from '../../context.ts';
import { shortNumber } from '../../format.ts';
import type { ScreenProps } from '../../screens.ts';

const NOTE_MAX = 500;

/** German messages for what the API refuses at a field (its own messages are English). */
const API_FIELD_MESSAGES: Readonly<Record<string, string>> = {
  reason: 'Bitte wählen Sie einen Grund für die Ablehnung.',
  note: `Die Notiz darf höchstens ${NOTE_MAX} Zeichen haben und keine Steuerzeichen enthalten.`,
  outcome: 'Bitte wählen Sie ein Ergebnis.',
  offerId: 'Bitte wählen Sie einen Vorschlag oder ein aktives Angebot aus dem Katalog.',
};

type Errors = Readonly<Record<string, string>>;

const summaryOf = (errors: Errors): SummaryItem[] =>
  Object.entries(errors).map(([path, message]) => ({ message, fieldId: fieldId(path) }));

export function OfficeCase({ params }: ScreenProps) {
  const caseId = params.id ?? '';
  const session = useSession();
  const state = useCase(caseId);
  const command = useCaseCommand(caseId, state);
  const [errors, setErrors] = useState<Errors>({});
  const { loaded } = state;
  const officeName = (officeId: string) => (officeId === session.organizationId ? 'Ihr Familienbüro' : undefined);

  const submit = async (next: CaseCommand, clientErrors: Errors) => {
    command.clear();
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) return;
    const outcome = await command.run(next);
    const apiErrors = fieldErrorsOf(outcome);
    setErrors(
      Object.fromEntries(
        Object.keys(apiErrors).map((path) => [path, API_FIELD_MESSAGES[path] ?? 'Diese Angabe ist nicht gültig.']),
      ),
    );
  };
  const reload = () => {
    command.clear();
    setErrors({});
    void state.reload();
  };

  const outcome = command.outcome;
  const declined = outcome?.kind === 'done' && outcome.command.name === 'decline';
  return (
    <Page
      title={`Fall ${shortNumber(caseId)}`}
      back={{ href: '/eingang', label: 'Zurück zum Eingang' }}
      hasErrors={Object.keys(errors).length > 0}
    >
      <ErrorSummary items={summaryOf(errors)} />
      {outcome?.kind === 'failed' && loaded.state === 'loaded' && Object.keys(fieldErrorsOf(outcome)).length === 0 ? (
        <CommandProblem
          outcome={outcome}
          view={loaded.value}
          onReload={reload}
          onRetry={() => void submit(outcome.command, {})}
        />
      ) : null}
      {outcome?.kind === 'done' ? <Done command={outcome.command} view={outcome.view} /> : null}
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : null}
      {loaded.state === 'loaded' && !declined ? (
        <>
          <CaseOverview view={loaded.value} officeName={officeName} />
          <NextStep
            view={loaded.value}
            errors={errors}
            running={command.running}
            onCommand={(next, clientErrors) => void submit(next, clientErrors)}
          />
          <CaseDetails view={loaded.value} officeName={officeName} />
        </>
      ) : null}
    </Page>
  );
}

function Done({ command, view }: { readonly command: CaseCommand; readonly view: CaseView }) {
  switch (command.name) {
    case 'accept':
      return (
        <Confirmation title="Sie haben den Fall angenommen">
          <p class="kern-body">
            Nehmen Sie Kontakt mit der Familie auf. Wenn Sie mit der Familie arbeiten, beginnen Sie die Bearbeitung.
          </p>
        </Confirmation>
      );
    case 'start':
      return (
        <Confirmation title="Die Bearbeitung hat begonnen">
          <p class="kern-body">Wenn die Familie versorgt ist, schließen Sie den Fall mit seinem Ergebnis ab.</p>
        </Confirmation>
      );
    case 'close':
      return (
        <Confirmation title="Sie haben den Fall abgeschlossen">
          <p class="kern-body">
            Ergebnis: {view.outcome === null ? '–' : OUTCOME_LABELS[view.outcome].label}. Die vermittelnde Fachkraft
            erfährt das Ergebnis, wenn die Familie der Rückmeldung zugestimmt hat.
          </p>
          <p class="kern-body">
            <Link href="/eingang">Zurück zum Eingang</Link>
          </p>
        </Confirmation>
      );
    case 'decline':
      return (
        <Confirmation title="Sie haben den Fall abgelehnt">
          <p class="kern-body">
            Der Fall geht an die Koordination. Sie weist ihn einem Familienbüro zu. Er steht nicht mehr in Ihrem
            Eingang.
          </p>
          <p class="kern-body">
            <Link href="/eingang">Zurück zum Eingang</Link>
          </p>
        </Confirmation>
      );
    default:
      return null;
  }
}

type NextStepProps = {
  readonly view: CaseView;
  readonly errors: Errors;
  readonly running: boolean;
  readonly onCommand: (command: CaseCommand, clientErrors: Errors) => void;
};

function NextStep(props: NextStepProps) {
  const { view, running, onCommand } = props;
  const closable = view.status === 'accepted' || view.status === 'in-progress';
  return (
    <section class="lotse-case-section lotse-case-next-step" aria-labelledby="naechster-schritt">
      <h2 class="kern-heading-medium" id="naechster-schritt">
        Nächster Schritt
      </h2>
      {view.status === 'routed' ? (
        <>
          <p class="kern-body">
            Nehmen Sie den Fall an, wenn Ihr Familienbüro die Familie begleiten kann. Sonst lehnen Sie ihn mit einem
            Grund ab; dann weist die Koordination ihn zu.
          </p>
          <Button onClick={() => onCommand({ name: 'accept' }, {})} disabled={running}>
            Annehmen
          </Button>
          <DeclineForm {...props} />
        </>
      ) : null}
      {view.status === 'accepted' ? (
        <>
          <p class="kern-body">Sobald Sie mit der Familie arbeiten, beginnen Sie die Bearbeitung.</p>
          <Button onClick={() => onCommand({ name: 'start' }, {})} disabled={running}>
            Bearbeitung beginnen
          </Button>
        </>
      ) : null}
      {closable ? <CloseForm {...props} /> : null}
      {view.status === 'closed' || view.status === 'withdrawn' ? (
        <p class="kern-body">Der Fall ist beendet. Es ist nichts mehr zu tun.</p>
      ) : null}
      {view.status === 'received' || view.status === 'escalated' ? (
        <p class="kern-body">Der Fall liegt bei der Koordination. Sie können gerade nichts tun.</p>
      ) : null}
    </section>
  );
}

function DeclineForm({ errors, running, onCommand }: NextStepProps) {
  const [reason, setReason] = useState<DeclineReason | undefined>();
  const [note, setNote] = useState('');
  // A note is a draft kept in this page's memory only: closing the tab loses it, so the browser asks first.
  const unsent = note.trim() !== '';
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsent]);
  const submit = () => {
    const found: Record<string, string> = {};
    if (reason === undefined) found.reason = 'Bitte wählen Sie einen Grund für die Ablehnung.';
    if (characterCount(note) > NOTE_MAX) found.note = `Die Notiz darf höchstens ${NOTE_MAX} Zeichen haben.`;
    const trimmed = note.trim();
    onCommand(
      { name: 'decline', body: { reason: reason ?? 'other', ...(trimmed === '' ? {} : { note: trimmed }) } },
      found,
    );
  };
  return (
    <CaseForm id="ablehnen-titel" title="Fall ablehnen" onSubmit={submit}>
      <RadioGroup
        id={fieldId('reason')}
        name="reason"
        legend="Grund der Ablehnung"
        choices={hintedChoices(DECLINE_REASONS, DECLINE_REASON_LABELS)}
        value={reason}
        onValue={setReason}
        error={errors.reason}
      />
      <TextArea
        id={fieldId('note')}
        label="Notiz für die Koordination"
        hint="Zum Beispiel, welches Familienbüro zuständig ist. Keine Diagnosen und keine Vermutungen."
        value={note}
        onValue={setNote}
        optional
        maxCharacters={NOTE_MAX}
        rows={3}
        error={errors.note}
      />
      <Button type="submit" variant="secondary" disabled={running}>
        Ablehnen
      </Button>
    </CaseForm>
  );
}

/** A form of the case's next step, named by its small heading. */
function CaseForm({
  id,
  title,
  onSubmit,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly onSubmit: () => void;
  readonly children: ComponentChildren;
}) {
  return (
    <Form class="lotse-case-form" labelledBy={id} onSubmit={onSubmit}>
      <h3 class="kern-heading-small" id={id}>
        {title}
      </h3>
      {children}
    </Form>
  );
}

type OfferChoice = 'none' | 'catalogue' | `proposal:${string}`;

function CloseForm({ view, errors, running, onCommand }: NextStepProps) {
  const { api } = useApp();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [choice, setChoice] = useState<OfferChoice>('none');
  const [catalogueOffer, setCatalogueOffer] = useState('');
  const [offers, setOffers] = useState<readonly Offer[] | undefined>();
  const [offersProblem, setOffersProblem] = useState<unknown>();
  const [offersAttempt, setOffersAttempt] = useState(0);

  // The catalogue is read only when someone wants an offer from it.
  useEffect(() => {
    if (choice !== 'catalogue' || offers !== undefined) return;
    let active = true;
    setOffersProblem(undefined);
    api.get<ItemList<Offer>>('/v1/offers', { query: { status: 'active' } }).then(
      (answer) => active && setOffers([...answer.body.items].sort((a, b) => a.name.localeCompare(b.name, 'de'))),
      (error: unknown) => active && setOffersProblem(error),
    );
    return () => {
      active = false;
    };
  }, [api, choice, offers, offersAttempt]);

  const submit = () => {
    const found: Record<string, string> = {};
    if (outcome === undefined) found.outcome = 'Bitte wählen Sie ein Ergebnis.';
    if (choice === 'catalogue' && catalogueOffer === '') {
      found.offerId = 'Bitte wählen Sie ein Angebot aus dem Katalog.';
    }
    const offerId = choice.startsWith('proposal:')
      ? choice.slice('proposal:'.length)
      : choice === 'catalogue' && catalogueOffer !== ''
        ? catalogueOffer
        : undefined;
    onCommand(
      { name: 'close', body: { outcome: outcome ?? 'connected', ...(offerId === undefined ? {} : { offerId }) } },
      found,
    );
  };

  const offerChoices = [
    ...view.proposals.map((proposal) => ({
      value: `proposal:${proposal.offerId}` as OfferChoice,
      label: proposal.name,
      hint: `Vorschlag ${proposal.rank}: ${proposal.organization}`,
    })),
    { value: 'catalogue' as OfferChoice, label: 'Ein anderes Angebot aus dem Katalog' },
    { value: 'none' as OfferChoice, label: 'Kein bestimmtes Angebot' },
  ];
  // The offer's error shows at the catalogue's list when that is where the choice is made, else at the choices.
  const offerErrorAtSelect = choice === 'catalogue';
  return (
    <CaseForm id="abschliessen-titel" title="Fall abschließen" onSubmit={submit}>
      <RadioGroup
        id={fieldId('outcome')}
        name="outcome"
        legend="Ergebnis"
        choices={hintedChoices(OUTCOMES, OUTCOME_LABELS)}
        value={outcome}
        onValue={setOutcome}
        error={errors.outcome}
      />
      <RadioGroup
        id={offerErrorAtSelect ? fieldId('offerChoice') : fieldId('offerId')}
        name="offerChoice"
        legend="Angebot"
        hint="Das Angebot, das die Familie wahrnimmt, auf dessen Warteliste sie steht oder an das Sie vermittelt haben."
        choices={offerChoices}
        value={choice}
        onValue={setChoice}
        error={offerErrorAtSelect ? undefined : errors.offerId}
      />
      {choice === 'catalogue' ? (
        offersProblem !== undefined ? (
          <ProblemNotice error={offersProblem} onRetry={() => setOffersAttempt((n) => n + 1)} />
        ) : offers === undefined ? (
          <Loading label="Angebote werden geladen …" />
        ) : (
          <Select
            id={fieldId('offerId')}
            label="Angebot aus dem Katalog"
            choices={[
              { value: '', label: 'Bitte wählen' },
              ...offers.map((offer) => ({ value: offer.id, label: `${offer.name} (${offer.organization})` })),
            ]}
            value={catalogueOffer}
            onValue={setCatalogueOffer}
            error={errors.offerId}
          />
        )
      ) : null}
      <Button type="submit" disabled={running}>
        Fall abschließen
      </Button>
    </CaseForm>
  );
}
