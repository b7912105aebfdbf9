// What the page says after a command on a case: that it worked, or why it did not and what the person can do — reload
// after a stale version (412), read the state after a refused step (409), try the same command again after a
// temporary failure (503) or a dropped connection.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { CASE_STATUS_LABELS } from '../../../shared/domain/labels-de.ts';
import { ApiError } from '../api.ts';
import { Button } from '../components/fields.tsx';
import { Alert, ProblemNotice } from '../components/notices.tsx';
import type { CaseView } from './types.ts';
import type { CaseCommand, CommandOutcome } from './use-case.ts';

const ACTION_NAMES: Readonly<Record<CaseCommand['name'], string>> = {
  accept: 'Annehmen',
  decline: 'Ablehnen',
  start: 'Bearbeitung beginnen',
  close: 'Fall abschließen',
  assign: 'Zuweisen',
};

/** A failed command that is no field error: 412, 409, 503, a dropped connection, anything else. */
export function CommandProblem({
  outcome,
  view,
  onReload,
  onRetry,
}: {
  readonly outcome: Extract<CommandOutcome, { kind: 'failed' }>;
  readonly view: CaseView;
  readonly onReload: () => void;
  readonly onRetry: () => void;
}) {
  const { error, command } = outcome;
  if (error instanceof ApiError && error.status === 409) {
    return (
      <Alert kind="warning" title="Dieser Schritt ist jetzt nicht möglich" role="alert">
        <p class="kern-body">
          „{ACTION_NAMES[command.name]}“ geht nur in einem anderen Status. Der Fall war zuletzt „
          {CASE_STATUS_LABELS[view.status].label}“; vielleicht hat ihn inzwischen jemand anderes bearbeitet. Laden Sie
          den Fall neu, um seinen jetzigen Stand zu sehen.
        </p>
        <Button variant="secondary" onClick={onReload}>
          Fall neu laden
        </Button>
      </Alert>
    );
  }
  return <ProblemNotice error={error} onRetry={onRetry} onReload={onReload} />;
}

/** A confirmation that takes the focus, so a screen reader reads it and the keyboard continues from it. */
export function Confirmation({ title, children }: { readonly title: string; readonly children?: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div tabIndex={-1} ref={ref} class="lotse-case-confirmation">
      <Alert kind="success" title={title} role="status">
        {children}
      </Alert>
    </div>
  );
}
