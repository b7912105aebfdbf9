// Notices for what the API answers besides field errors, as UI.md asks: a stale version (412) offers to reload, a
// temporary failure (503) or a dropped connection offers to try again, 409 says the step is no longer possible.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';
import { Button } from './fields.tsx';

export function Alert({
  kind,
  title,
  children,
  role,
}: {
  readonly kind: 'info' | 'success' | 'warning' | 'danger';
  readonly title: string;
  readonly children?: ComponentChildren | undefined;
  /** `alert` for news that must interrupt; `status` for news that may wait. */
  readonly role?: 'alert' | 'status' | undefined;
}) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={role}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${kind === 'danger' ? 'danger' : kind}`} aria-hidden="true" />
        <h2 class="kern-title">{title}</h2>
      </div>
      {children === undefined ? null : <div class="kern-alert__body">{children}</div>}
    </div>
  );
}

/** What went wrong, in German, for an error that is no field error. */
export function describeProblem(error: unknown): { title: string; text: string } {
  if (!(error instanceof ApiError)) {
    return { title: 'Etwas ist schiefgegangen', text: 'Bitte versuchen Sie es noch einmal.' };
  }
  if (error.kind === 'network') {
    return {
      title: 'Keine Verbindung',
      text: 'Lotse ist gerade nicht erreichbar. Prüfen Sie die Internetverbindung und versuchen Sie es noch einmal.',
    };
  }
  if (error.kind === 'signed-out') {
    return { title: 'Abgemeldet', text: 'Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.' };
  }
  switch (error.status) {
    case 503:
    case 502:
    case 504:
      return {
        title: 'Lotse ist kurz nicht verfügbar',
        text: 'Bitte versuchen Sie es in ein paar Sekunden noch einmal. Es geht nichts verloren.',
      };
    case 412:
      return {
        title: 'Der Fall wurde inzwischen geändert',
        text: 'Jemand anderes hat den Fall gerade bearbeitet. Laden Sie ihn neu und prüfen Sie ihn, bevor Sie weitermachen.',
      };
    case 409:
      return {
        title: 'Das geht gerade nicht',
        text:
          error.type === 'conflict'
            ? 'Der Schritt ist im jetzigen Zustand nicht möglich, oder dieselbe Anfrage läuft noch. Laden Sie die Seite neu.'
            : 'Der Schritt ist im jetzigen Zustand nicht möglich.',
      };
    case 403:
      return { title: 'Keine Berechtigung', text: 'Ihr Konto darf das nicht.' };
    case 404:
      return { title: 'Nicht gefunden', text: 'Diesen Eintrag gibt es nicht, oder er gehört nicht zu Ihnen.' };
    default:
      return { title: 'Etwas ist schiefgegangen', text: 'Bitte versuchen Sie es noch einmal.' };
  }
}

/**
 * A problem that is no field error, with what the person can do: try again (`onRetry`, for 503 and a dropped
 * connection), reload (`onReload`, for 412), or nothing but read.
 */
export function ProblemNotice({
  error,
  onRetry,
  onReload,
}: {
  readonly error: unknown;
  readonly onRetry?: (() => void) | undefined;
  readonly onReload?: (() => void) | undefined;
}) {
  const { title, text } = describeProblem(error);
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <Alert kind="danger" title={title} role="alert">
      <p class="kern-body">{text}</p>
      {apiError?.retryable && onRetry !== undefined ? (
        <Button variant="secondary" onClick={onRetry}>
          Noch einmal versuchen
        </Button>
      ) : null}
      {apiError?.status === 412 && onReload !== undefined ? (
        <Button variant="secondary" onClick={onReload}>
          Fall neu laden
        </Button>
      ) : null}
    </Alert>
  );
}

export function Loading({ label = 'Wird geladen …' }: { readonly label?: string }) {
  return (
    <p class="kern-body" role="status">
      {label}
    </p>
  );
}
