// Fall {short number} for the coordinator (UI.md "Koordination"): the case read-only, the offices' notes (why one
// declined it), while it is escalated the choice of an office and "Zuweisen"; the family's data-subject requests
// ("Auskunft herunterladen", "Daten löschen") and who received the data ("Zugriffe").
import { useEffect, useState } from 'preact/hooks';
import type { EraseReason } from '../../../../shared/domain/codes.ts';
import { ERASE_REASON_LABELS } from '../../../../shared/domain/labels-de.ts';
import { CaseDetails, CaseNotes, CaseOverview } from '../../cases/case-details.tsx';
import { CommandProblem, Confirmation } from '../../cases/command-notice.tsx';
import { officeNames, offices } from '../../cases/coordination-data.ts';
import type { CaseView, Office } from '../../cases/types.ts';
import { fieldErrorsOf, useCase, useCaseCommand } from '../../cases/use-case.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button, fieldId, Select } from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Link } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { shortNumber } from '../../format.ts';
import type { ScreenProps } from '../../screens.ts';
import { AccessLog, DataProtection } from './case-data-protection.tsx';

const OFFICE_REQUIRED = 'Bitte wählen Sie ein Familienbüro.';

export function CoordinatorCase({ params }: ScreenProps) {
  const caseId = params.id ?? '';
  const { api } = useApp();
  const state = useCase(caseId);
  const command = useCaseCommand(caseId, state);
  const [officeList, setOfficeList] = useState<readonly Office[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [erasedFor, setErasedFor] = useState<EraseReason | undefined>();
  /** Counts what the audit trail may have gained meanwhile (an export), so "Zugriffe" is read again. */
  const [audited, setAudited] = useState(0);
  const { loaded, reload } = state;

  useEffect(() => {
    let active = true;
    // Without the names the case still shows; the office choice then waits for them.
    offices(api).then(
      (list) => active && setOfficeList(list),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [api]);
  const officeName = officeNames(officeList);

  const assign = async (officeId: string) => {
    command.clear();
    if (officeId === '') {
      setError(OFFICE_REQUIRED);
      return;
    }
    setError(undefined);
    const outcome = await command.run({ name: 'assign', body: { officeId } });
    if (fieldErrorsOf(outcome).officeId !== undefined) setError(OFFICE_REQUIRED);
  };
  const reloadCase = () => {
    command.clear();
    setError(undefined);
    void reload();
  };
  const erased = (reason: EraseReason) => {
    command.clear();
    setError(undefined);
    setErasedFor(reason);
    void reload();
  };
  const outcome = command.outcome;
  const summary = [
    ...(error === undefined ? [] : [{ message: error, fieldId: fieldId('officeId') }]),
    ...(reasonError === undefined ? [] : [{ message: reasonError, fieldId: fieldId('reason') }]),
  ];

  return (
    <Page
      title={`Fall ${shortNumber(caseId)}`}
      back={{ href: '/koordination/faelle', label: 'Zurück zu den eskalierten Fällen' }}
      hasErrors={summary.length > 0}
    >
      <ErrorSummary items={summary} />
      {outcome?.kind === 'failed' && loaded.state === 'loaded' && error === undefined ? (
        <CommandProblem
          outcome={outcome}
          view={loaded.value}
          onReload={reloadCase}
          onRetry={() => void command.run(outcome.command)}
        />
      ) : null}
      {outcome?.kind === 'done' ? (
        <Confirmation title="Der Fall ist zugewiesen">
          <p class="kern-body">
            {outcome.view.officeId === null
              ? 'Das Familienbüro hat den Fall jetzt in seinem Eingang.'
              : `${officeName(outcome.view.officeId) ?? 'Das Familienbüro'} hat den Fall jetzt in seinem Eingang.`}
          </p>
          <p class="kern-body">
            <Link href="/koordination/faelle">Zurück zu den eskalierten Fällen</Link>
          </p>
        </Confirmation>
      ) : null}
      {erasedFor === undefined ? null : (
        <Confirmation title="Die Daten der Familie sind gelöscht">
          <p class="kern-body">
            Lotse hat die personenbezogenen Daten der Familie gelöscht (Grund: {ERASE_REASON_LABELS[erasedFor].label}).
            Ein offener Fall ist damit beendet. Was bleibt, steht unten.
          </p>
        </Confirmation>
      )}
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reloadCase} /> : null}
      {loaded.state === 'loaded' ? (
        <>
          <CaseOverview view={loaded.value} officeName={officeName} showOffice />
          <CaseNotes view={loaded.value} officeName={officeName} />
          {loaded.value.status === 'escalated' ? (
            <AssignForm
              view={loaded.value}
              offices={officeList}
              error={error}
              running={command.running}
              onAssign={(officeId) => void assign(officeId)}
            />
          ) : null}
          <CaseDetails view={loaded.value} officeName={officeName} showNotes={false} />
          <DataProtection
            view={loaded.value}
            reasonError={reasonError}
            onReasonError={setReasonError}
            onErased={erased}
            onAudited={() => setAudited((n) => n + 1)}
          />
          <AccessLog caseId={caseId} refreshKey={`${loaded.value.version}:${audited}`} officeName={officeName} />
        </>
      ) : null}
    </Page>
  );
}

function AssignForm({
  view,
  offices: list,
  error,
  running,
  onAssign,
}: {
  readonly view: CaseView;
  readonly offices: readonly Office[];
  readonly error: string | undefined;
  readonly running: boolean;
  readonly onAssign: (officeId: string) => void;
}) {
  const [officeId, setOfficeId] = useState('');
  const { districtId } = view;
  const responsible =
    districtId === undefined ? undefined : list.find((office) => office.districts.includes(districtId));
  // The office that declined it last, if any: named so the coordinator does not send it straight back.
  const declinedBy = [...view.history]
    .reverse()
    .find((event) => event.type === 'declined' && typeof event.details?.officeId === 'string')?.details?.officeId as
    | string
    | undefined;
  const decliner = list.find((office) => office.id === declinedBy);
  const hint = [
    responsible === undefined
      ? 'Für den Sozialraum der Familie ist kein Familienbüro eingetragen.'
      : `Für den Sozialraum der Familie ist ${responsible.name} zuständig.`,
    decliner === undefined ? '' : `Abgelehnt hat ihn zuletzt ${decliner.name}.`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  return (
    <section class="lotse-case-section lotse-case-next-step" aria-labelledby="zuweisen-titel">
      <h2 class="kern-heading-medium" id="zuweisen-titel">
        Fall zuweisen
      </h2>
      <Form class="lotse-case-form" onSubmit={() => onAssign(officeId)}>
        <Select
          id={fieldId('officeId')}
          label="Familienbüro"
          hint={hint}
          choices={[
            { value: '', label: 'Bitte wählen' },
            ...list.map((office) => ({ value: office.id, label: office.name })),
          ]}
          value={officeId}
          onValue={setOfficeId}
          error={error}
        />
        <Button type="submit" disabled={running}>
          Zuweisen
        </Button>
      </Form>
    </section>
  );
}
