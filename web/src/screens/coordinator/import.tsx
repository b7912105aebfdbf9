// Katalog importieren (UI.md "Koordination"): a Lotse catalogue document or an Open Referral HSDS service list from a
// file, all or nothing unless "gültige Einträge trotzdem übernehmen"; the report of what was created, updated, left
// unchanged and rejected, with the reasons in German.
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button, Checkbox, FieldError } from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Alert, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import type { ScreenProps } from '../../screens.ts';
import { germanMessage, saveFile } from './common.tsx';
import { entryName, fieldName, type ImportReport, isReport, type Outcome, rejectedName } from './import-report.ts';

/** The API's import body limit (5 MiB). */
const MAX_BYTES = 5 * 1024 * 1024;
const FILE_FIELD = 'f-datei';

export function CatalogueImport(_: ScreenProps) {
  const { api } = useApp();
  const input = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const result = useRef<HTMLDivElement>(null);

  const run = async () => {
    setProblem(undefined);
    setOutcome(undefined);
    const file = input.current?.files?.[0];
    const fail = (message: string) => {
      setFileError(message);
      return undefined;
    };
    if (file === undefined) return fail('Wählen Sie die Datei mit dem Katalog aus.');
    if (file.size > MAX_BYTES)
      return fail('Die Datei ist größer als 5 MB. Teilen Sie den Katalog auf mehrere Dateien auf.');
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      return fail(
        'Die Datei ist keine JSON-Datei. Wählen Sie einen Lotse-Katalog oder eine HSDS-Liste im JSON-Format.',
      );
    }
    setFileError(undefined);
    setBusy(true);
    try {
      const answer = await api.post<ImportReport>('/v1/catalogue/import', {
        body,
        query: { partial: partial ? 'true' : undefined },
      });
      setOutcome({ applied: true, partial, report: answer.body });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && isReport(error.problem.import)) {
        setOutcome({ applied: false, partial, report: error.problem.import });
      } else if (error instanceof ApiError && error.status === 400) {
        const reasons = error.errors.map((entry) => germanMessage(entry.message));
        setFileError(
          `Die Datei ist weder ein Lotse-Katalog noch eine HSDS-Liste von Diensten.${reasons.length > 0 ? ` ${reasons.join(' ')}` : ''}`,
        );
      } else if (error instanceof ApiError && error.status === 413) {
        setFileError('Die Datei ist größer als 5 MB. Teilen Sie den Katalog auf mehrere Dateien auf.');
      } else setProblem(error);
    } finally {
      setBusy(false);
    }
    requestAnimationFrame(() => result.current?.focus());
  };

  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<unknown>();
  const exportCatalogue = async () => {
    setExporting(true);
    setExportProblem(undefined);
    try {
      const catalogue = (await api.get<unknown>('/v1/catalogue')).body;
      const today = new Date().toISOString().slice(0, 10);
      saveFile(`lotse-katalog-${today}.json`, `${JSON.stringify(catalogue, null, 2)}\n`, 'application/json');
    } catch (error) {
      setExportProblem(error);
    } finally {
      setExporting(false);
    }
  };

  const summary = fileError === undefined ? [] : [{ message: fileError, fieldId: FILE_FIELD }];
  return (
    <Page title="Katalog importieren" hasErrors={summary.length > 0}>
      <p class="kern-body">
        Sie können einen ganzen Lotse-Katalog oder eine Liste von Diensten im Format Open Referral HSDS 3.0 importieren.
        Einträge mit derselben Kennung werden ersetzt, neue hinzugefügt. Einträge, die nicht in der Datei stehen,
        bleiben unverändert.
      </p>
      <div class="lotse-inline">
        <p class="kern-body">Den jetzigen Katalog als Datei, zum Bearbeiten oder Sichern:</p>
        <Button variant="secondary" onClick={() => void exportCatalogue()} disabled={exporting}>
          Katalog herunterladen
        </Button>
      </div>
      {exportProblem === undefined ? null : (
        <ProblemNotice error={exportProblem} onRetry={() => void exportCatalogue()} />
      )}
      <ErrorSummary items={summary} />
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void run()} />}
      <Form onSubmit={() => void run()}>
        <div class={`kern-form-input${fileError ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for={FILE_FIELD}>
            Datei mit dem Katalog
          </label>
          <div class="kern-hint" id={`${FILE_FIELD}-hint`}>
            JSON-Datei, höchstens 5 MB
          </div>
          <FieldError id={FILE_FIELD} message={fileError} />
          <input
            ref={input}
            id={FILE_FIELD}
            name={FILE_FIELD}
            type="file"
            accept=".json,application/json"
            class="lotse-file"
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={`${FILE_FIELD}-hint${fileError ? ` ${FILE_FIELD}-error` : ''}`}
            onChange={() => setOutcome(undefined)}
          />
        </div>
        <Checkbox
          id="f-partial"
          label="gültige Einträge trotzdem übernehmen"
          hint="Ohne Häkchen übernimmt Lotse nichts, sobald ein Eintrag fehlerhaft ist. Mit Häkchen übernimmt Lotse die gültigen Einträge und nennt die fehlerhaften."
          checked={partial}
          onChecked={setPartial}
        />
        <Button type="submit" disabled={busy}>
          Importieren
        </Button>
      </Form>
      {busy ? (
        <p class="kern-body" role="status">
          Der Katalog wird geprüft und übernommen …
        </p>
      ) : null}
      <div ref={result} tabIndex={-1} class="lotse-result">
        {outcome === undefined ? null : <ImportResult outcome={outcome} />}
      </div>
    </Page>
  );
}

function IdList({ title, ids }: { readonly title: string; readonly ids: readonly string[] }) {
  if (ids.length === 0) return null;
  return (
    <details class="lotse-details">
      <summary class="kern-body">
        {title}: {ids.length}
      </summary>
      <ul class="kern-list">
        {ids.map((id) => (
          <li key={id}>{entryName(id)}</li>
        ))}
      </ul>
    </details>
  );
}

function ImportResult({ outcome }: { readonly outcome: Outcome }) {
  const { report, applied } = outcome;
  const rejected = report.rejected.length;
  const title = !applied
    ? 'Nichts übernommen: Die Datei enthält fehlerhafte Einträge'
    : rejected > 0
      ? `Gültige Einträge übernommen, ${rejected === 1 ? '1 Eintrag abgelehnt' : `${rejected} Einträge abgelehnt`}`
      : 'Import abgeschlossen';
  return (
    <section aria-labelledby="ergebnis" class="lotse-stack">
      <Alert kind={!applied ? 'danger' : rejected > 0 ? 'warning' : 'success'} title={title} role="alert">
        <p class="kern-body">
          {!applied
            ? 'Lotse hat den Katalog nicht verändert. Korrigieren Sie die genannten Einträge und importieren Sie die Datei erneut, oder setzen Sie das Häkchen bei „gültige Einträge trotzdem übernehmen“.'
            : 'Lotse schlägt die Angebote nach spätestens einer Minute mit den neuen Angaben vor.'}
        </p>
      </Alert>
      <h2 class="kern-heading-medium" id="ergebnis">
        Ergebnis des Imports
      </h2>
      <dl class="kern-description-list lotse-counts-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{applied ? 'Neu angelegt' : 'Wären neu angelegt worden'}</dt>
          <dd class="kern-description-list-item__value">{report.created.length}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{applied ? 'Geändert' : 'Wären geändert worden'}</dt>
          <dd class="kern-description-list-item__value">{report.updated.length}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Unverändert</dt>
          <dd class="kern-description-list-item__value">{report.unchanged.length}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Abgelehnt</dt>
          <dd class="kern-description-list-item__value">{rejected}</dd>
        </div>
      </dl>
      <IdList title={applied ? 'Neu angelegt' : 'Wären neu angelegt worden'} ids={report.created} />
      <IdList title={applied ? 'Geändert' : 'Wären geändert worden'} ids={report.updated} />
      <IdList title="Unverändert" ids={report.unchanged} />
      {rejected === 0 ? null : (
        <>
          <h3 class="kern-heading-small">Abgelehnte Einträge und warum</h3>
          <ul class="kern-list lotse-rejections">
            {report.rejected.map((entry) => (
              <li key={`${entry.position}:${entry.id ?? ''}:${entry.reasons[0]?.path ?? ''}`}>
                <strong>{rejectedName(entry)}</strong>
                <ul class="kern-list">
                  {entry.reasons.map((reason) => {
                    const field = fieldName(reason.path);
                    return (
                      <li key={`${reason.path}:${reason.message}`}>
                        {field === undefined ? '' : `${field}: `}
                        {germanMessage(reason.message)}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
