// The coordinator's data-protection part of a case (UI.md "Koordination", `/koordination/faelle/{id}`): "Auskunft
// herunterladen" saves everything Lotse holds about the case as a JSON file (GDPR Art. 15), "Daten löschen" erases the
// family's personal data after a confirmation with a reason (Art. 17), and "Zugriffe" lists who received the data.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ERASE_REASONS, type EraseReason } from '../../../../shared/domain/codes.ts';
import { AUDIT_ACTION_LABELS, ERASE_REASON_LABELS, ROLE_LABELS } from '../../../../shared/domain/labels-de.ts';
import { ApiError } from '../../api.ts';
import { caseAudit, caseExport, eraseCase } from '../../cases/data-protection.ts';
import { isCode } from '../../cases/describe.ts';
import type { AuditItem, CaseView } from '../../cases/types.ts';
import { Button, fieldId, hintedChoices, RadioGroup } from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Alert, Loading, ProblemNotice } from '../../components/notices.tsx';
import { TableHead } from '../../components/table.tsx';
import { useApp } from '../../context.ts';
import { formatDateTime } from '../../format.ts';
import { saveFile } from './common.tsx';

export const REASON_REQUIRED = 'Bitte wählen Sie einen Grund für die Löschung.';

/** The button that opens the confirmation, which gets the focus back when the confirmation is cancelled. */
const OPEN_BUTTON = 'daten-loeschen-oeffnen';

export type DataProtectionProps = {
  readonly view: CaseView;
  /** The message at the reason's field (the page's error summary lists it too). */
  readonly reasonError: string | undefined;
  readonly onReasonError: (message: string | undefined) => void;
  /** The data is gone: the page reloads the case and says so. */
  readonly onErased: (reason: EraseReason) => void;
  /** Something was handed out or changed that the audit trail records (an export). */
  readonly onAudited: () => void;
};

export function DataProtection({ view, reasonError, onReasonError, onErased, onAudited }: DataProtectionProps) {
  const erased = view.personalData === 'erased';
  return (
    <section class="lotse-case-section" aria-labelledby="datenschutz-titel">
      <h2 class="kern-heading-medium" id="datenschutz-titel">
        Datenschutz
      </h2>
      <CaseExport caseId={view.caseId} onExported={onAudited} />
      {erased ? null : (
        <Erasure caseId={view.caseId} reasonError={reasonError} onReasonError={onReasonError} onErased={onErased} />
      )}
    </section>
  );
}

function CaseExport({ caseId, onExported }: { readonly caseId: string; readonly onExported: () => void }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [saved, setSaved] = useState<string | undefined>();

  const download = async () => {
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    try {
      // The file is made in the page's memory and handed to the browser's download: nothing is stored, and neither
      // the address nor the file name says anything about the family.
      const file = await caseExport(api, caseId);
      saveFile(file.name, file.text, 'application/json');
      setSaved(file.name);
      onExported();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="lotse-case-form">
      <h3 class="kern-heading-small">Auskunft für die Familie</h3>
      <p class="kern-body">
        Wenn die Familie wissen möchte, welche Daten Lotse über sie gespeichert hat (Auskunft nach Art. 15 DSGVO), laden
        Sie hier alles herunter, was Lotse zu diesem Fall hat: die Angaben zur Familie, die Vorschläge, den Verlauf und
        die Zugriffe. Die Datei enthält persönliche Daten: Geben Sie sie nur der Familie und speichern Sie sie nicht
        länger als nötig.
      </p>
      <Button variant="secondary" onClick={() => void download()} disabled={busy}>
        Auskunft herunterladen
      </Button>
      <p class="kern-body" role="status">
        {busy ? 'Die Auskunft wird erstellt …' : saved === undefined ? '' : `Die Auskunft ist gespeichert: ${saved}`}
      </p>
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void download()} />}
    </div>
  );
}

function Erasure({
  caseId,
  reasonError,
  onReasonError,
  onErased,
}: {
  readonly caseId: string;
  readonly reasonError: string | undefined;
  readonly onReasonError: (message: string | undefined) => void;
  readonly onErased: (reason: EraseReason) => void;
}) {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<EraseReason | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  // The confirmation takes the focus when it opens, so the keyboard and a screen reader continue there.
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  useEffect(() => {
    if (problem !== undefined) problemRef.current?.focus();
  }, [problem]);

  const close = () => {
    setOpen(false);
    setReason(undefined);
    setProblem(undefined);
    onReasonError(undefined);
    // Back to the button that opened it.
    requestAnimationFrame(() => document.getElementById(OPEN_BUTTON)?.focus());
  };

  const erase = async () => {
    setProblem(undefined);
    if (reason === undefined) {
      onReasonError(REASON_REQUIRED);
      return;
    }
    onReasonError(undefined);
    setBusy(true);
    try {
      await eraseCase(api, caseId, reason);
      setOpen(false);
      onErased(reason);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.errors.some((entry) => entry.path === 'reason')) {
        onReasonError(REASON_REQUIRED);
      } else {
        setProblem(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="lotse-case-form">
      <h3 class="kern-heading-small">Daten der Familie löschen</h3>
      <p class="kern-body">
        Wenn die Familie die Löschung verlangt oder ihre Einwilligung widerruft, löschen Sie hier ihre personenbezogenen
        Daten (Art. 17 DSGVO). Ein offener Fall wird damit beendet.
      </p>
      {open ? null : (
        <Button id={OPEN_BUTTON} variant="secondary" onClick={() => setOpen(true)}>
          Daten löschen
        </Button>
      )}
      {open ? (
        <div class="lotse-case-next-step lotse-case-form">
          <h4 class="kern-heading-small" id="loeschen-titel" tabIndex={-1} ref={heading}>
            Daten wirklich löschen?
          </h4>
          <Alert kind="warning" title="Die Daten werden sofort und endgültig gelöscht">
            <p class="kern-body">
              Lotse löscht sofort alle personenbezogenen Daten der Familie: Kontaktperson, Kinder, Sprachen, Wohnort,
              Hinweise, Einwilligung und die Angaben der vermittelnden Fachkraft. Sie lassen sich nicht
              wiederherstellen. Das Familienbüro kann die Familie danach über Lotse nicht mehr erreichen. Braucht die
              Familie eine Auskunft, laden Sie sie vorher herunter.
            </p>
          </Alert>
          {problem === undefined ? null : (
            <div tabIndex={-1} ref={problemRef} class="lotse-focus-target">
              <ProblemNotice error={problem} onRetry={() => void erase()} />
            </div>
          )}
          <Form class="lotse-case-form" labelledBy="loeschen-titel" onSubmit={() => void erase()}>
            <RadioGroup
              id={fieldId('reason')}
              name="reason"
              legend="Warum werden die Daten gelöscht?"
              choices={hintedChoices(ERASE_REASONS, ERASE_REASON_LABELS)}
              value={reason}
              onValue={(value) => {
                setReason(value);
                onReasonError(undefined);
              }}
              error={reasonError}
            />
            <div class="lotse-actions">
              <Button type="submit" disabled={busy}>
                Endgültig löschen
              </Button>
              <Button variant="secondary" onClick={close} disabled={busy}>
                Abbrechen
              </Button>
            </div>
          </Form>
        </div>
      ) : null}
    </div>
  );
}

/** The German name of who received the data: the office's name, else the organization's or the account's id. */
function receiver(item: AuditItem, officeName: (officeId: string) => string | undefined): string {
  const { organizationId, accountId, role } = item.actor;
  const organization =
    organizationId === undefined
      ? undefined
      : ((role === 'office' ? officeName(organizationId) : undefined) ?? organizationId);
  const account = accountId === undefined ? undefined : `Zugang ${accountId}`;
  return [organization, account].filter((part) => part !== undefined).join(', ') || '–';
}

/** "Zugriffe": the case's audit trail, newest first; read again whenever `refreshKey` changes. */
export function AccessLog({
  caseId,
  refreshKey,
  officeName,
}: {
  readonly caseId: string;
  /** Changes when the trail may have grown (the case changed, an export). */
  readonly refreshKey: string;
  readonly officeName: (officeId: string) => string | undefined;
}) {
  const { api } = useApp();
  const [items, setItems] = useState<readonly AuditItem[] | undefined>();
  const [problem, setProblem] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    setProblem(undefined);
    caseAudit(api, caseId).then(
      (list) => active && setItems(list),
      (error: unknown) => active && setProblem(error),
    );
    return () => {
      active = false;
    };
  }, [api, caseId, refreshKey, attempt]);

  return (
    <section class="lotse-case-section" aria-labelledby="zugriffe-titel">
      <h2 class="kern-heading-medium" id="zugriffe-titel">
        Zugriffe
      </h2>
      <p class="kern-body">Wer die Daten der Familie wann erhalten hat, neueste zuerst.</p>
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => setAttempt((n) => n + 1)} />}
      {items === undefined ? (
        problem === undefined ? (
          <Loading label="Zugriffe werden geladen …" />
        ) : null
      ) : items.length === 0 ? (
        <p class="kern-body">Noch niemand hat die Daten dieses Falls erhalten.</p>
      ) : (
        <div class="kern-table-responsive">
          <table class="kern-table kern-table--small kern-table--striped">
            <caption class="kern-sr-only">Zugriffe auf die Daten des Falls, neueste zuerst</caption>
            <TableHead columns={['Wann', 'Wer', 'Organisation oder Zugang', 'Was']} />
            <tbody class="kern-table__body">
              {items.map((item, index) => (
                <tr class="kern-table__row" key={`${item.at}-${index}`}>
                  <td class="kern-table__cell lotse-case-nowrap">{formatDateTime(item.at)}</td>
                  <td class="kern-table__cell">
                    {isCode(ROLE_LABELS, item.actor.role) ? ROLE_LABELS[item.actor.role].label : '–'}
                  </td>
                  <td class="kern-table__cell">{receiver(item, officeName)}</td>
                  <td class="kern-table__cell">
                    {isCode(AUDIT_ACTION_LABELS, item.action) ? AUDIT_ACTION_LABELS[item.action].label : 'Zugriff'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
