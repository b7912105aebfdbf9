// What the coordinator's catalogue, access and report screens share: loading a resource, the API's English field
// messages in German, the error summary's items from field errors, an inline confirmation, and the unsaved-draft
// warning.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../../api.ts';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { Button, fieldId } from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Link } from '../../components/link.tsx';
import { ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { handleLinkClick } from '../../router.ts';
import { germanMessage } from './api-messages.ts';

export { germanMessage };

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'ready'; readonly data: T };

/** Loads on mount and whenever `deps` change; `reload` loads again (keeping the shown data until the answer). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let active = true;
    load().then(
      (data) => active && setLoaded({ state: 'ready', data }),
      (error: unknown) => active && setLoaded({ state: 'failed', error }),
    );
    return () => {
      active = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return [loaded, reload];
}

/**
 * Field errors of a form: the API's problems (or the form's own checks) by the form's field, each field's first
 * message. `fieldOf` maps an API path to the form field that shows it (`needs.2` → `needs`), or undefined for a path
 * the form has no field for (it then shows in the summary only).
 */
export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrorsOf(
  problems: readonly FieldProblem[],
  fieldOf: (path: string) => string | undefined,
): { errors: FieldErrors; summary: SummaryItem[] } {
  const errors: Record<string, string> = {};
  const summary: SummaryItem[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem.path);
    const message = germanMessage(problem.message);
    if (field === undefined) {
      summary.push({ message });
      continue;
    }
    if (errors[field] !== undefined) continue;
    errors[field] = message;
    summary.push({ message, fieldId: fieldId(field) });
  }
  return { errors, summary };
}

/** The first segments of an API path that name a form field: `capacity.available.x` → `capacity.available`. */
export function fieldOfPath(fields: readonly string[]): (path: string) => string | undefined {
  return (path) => fields.find((field) => path === field || path.startsWith(`${field}.`));
}

/** The error of a submission that is a field problem (400 with errors) — or undefined for any other failure. */
export function fieldProblems(error: unknown): readonly FieldProblem[] | undefined {
  return error instanceof ApiError && error.status === 400 && error.errors.length > 0 ? error.errors : undefined;
}

/**
 * An inline confirmation for a step that cannot be undone: the question, the confirming button and "Abbrechen". It
 * takes the focus when it appears and gives it back to `returnFocus` when cancelled.
 */
export function Confirmation({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
}: {
  readonly title: string;
  readonly children?: ComponentChildren;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly busy?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      class="kern-alert kern-alert--warning lotse-confirmation"
      role="alertdialog"
      aria-labelledby="bestaetigung-titel"
      tabIndex={-1}
      ref={ref}
    >
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <h2 class="kern-title" id="bestaetigung-titel">
          {title}
        </h2>
      </div>
      <div class="kern-alert__body">
        {children}
        <div class="lotse-actions">
          <Button variant="primary" onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Abbrechen
          </Button>
        </div>
      </div>
    </div>
  );
}

/** While `dirty`, leaving the page (reload, closing the tab) asks first: the draft lives in this page's memory only. */
export function useUnsavedWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

/** A status line announced politely (saved, deactivated …). */
export function StatusMessage({ children }: { readonly children: ComponentChildren }) {
  return (
    <div class="kern-alert kern-alert--success" role="status">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--success" aria-hidden="true" />
        <p class="kern-title">{children}</p>
      </div>
    </div>
  );
}

/** Sorting in German (umlauts where they belong). */
export const byGermanName = <T extends { readonly name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'de');

/** A link inside the app whose name says more than its visible words ("Bearbeiten: Elterncafé Nord"). */
export function NamedLink({
  href,
  label,
  children,
}: {
  readonly href: string;
  readonly label: string;
  readonly children: ComponentChildren;
}) {
  return (
    <a
      href={href}
      class="kern-link"
      aria-label={label}
      onClick={(event) => handleLinkClick(event as unknown as MouseEvent, href)}
    >
      {children}
    </a>
  );
}

/** A table that may scroll sideways on a narrow screen: a named region the keyboard can reach to scroll it. */
export function ScrollTable({ label, children }: { readonly label: string; readonly children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls must be reachable by keyboard (WCAG 2.1.1)
    <section class="kern-table-responsive" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** Saves text as a file through a link to an in-memory object: nothing of it passes through a URL of the server. */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A small button in a table row's action cell; its accessible name says which row it acts on ("Löschen: Name"), as
 * the visible label alone repeats on every row.
 */
export function RowAction({
  id,
  label,
  name,
  disabled,
  onClick,
}: {
  readonly id?: string | undefined;
  readonly label: string;
  /** What the row stands for. */
  readonly name: string;
  readonly disabled?: boolean | undefined;
  readonly onClick: () => void;
}) {
  return (
    <button
      type="button"
      id={id}
      class="kern-btn kern-btn--tertiary kern-btn--x-small"
      aria-label={`${label}: ${name}`}
      disabled={disabled}
      onClick={() => onClick()}
    >
      <span class="kern-label">{label}</span>
    </button>
  );
}

/**
 * The page of a coordinator's edit form: the error summary, a failure with "Erneut versuchen", the form, and at its
 * end the submit button and "Abbrechen" back to where the page came from.
 */
export function EditPage({
  title,
  caption,
  back,
  summary,
  problem,
  onSubmit,
  submitLabel = 'Speichern',
  busy,
  children,
}: {
  readonly title: string;
  readonly caption?: string | undefined;
  readonly back: { readonly href: string; readonly label: string };
  readonly summary: readonly SummaryItem[];
  readonly problem: unknown;
  readonly onSubmit: () => void;
  readonly submitLabel?: string | undefined;
  readonly busy: boolean;
  readonly children: ComponentChildren;
}) {
  return (
    <Page title={title} hasErrors={summary.length > 0} back={back} caption={caption}>
      <ErrorSummary items={summary} />
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={onSubmit} />}
      <Form onSubmit={onSubmit}>
        {children}
        <div class="lotse-actions">
          <Button type="submit" disabled={busy}>
            {submitLabel}
          </Button>
          <Link href={back.href}>Abbrechen</Link>
        </div>
      </Form>
    </Page>
  );
}

/**
 * A command of a screen (delete, lock, deactivate): `busy` while it runs; the screen's problem cleared before it and
 * set to its failure.
 */
export function useCommand(
  setProblem: (problem: unknown) => void,
): [busy: boolean, run: (command: () => Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = async (command: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await command();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
}
