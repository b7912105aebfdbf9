// The frame of every step of the referral journey: the guard (a step needs a draft that has passed the
// child-protection question), the back link, the caption with the step's number, the error summary, and "Weiter",
// which checks the step's answers (and anything the step must ask the API) before going on.
import type { ComponentChildren } from 'preact';
import { useEffect, useReducer, useState } from 'preact/hooks';
import type { FieldProblem } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button, fieldId } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { useSession } from '../../context.ts';
import { navigate } from '../../router.ts';
import {
  CONTACT_STEP,
  currentDraft,
  type Draft,
  JOURNEY_PATH,
  nextPath,
  previousPath,
  problemsOf,
  type ReferrerContact,
  referrerContactOf,
  STEPS,
  type Step,
  stepOfField,
  targetField,
} from './draft.ts';

export type StepContext = {
  readonly draft: Draft;
  readonly referrer: ReferrerContact;
  /** Changes the draft and shows the change. */
  readonly update: (change: (draft: Draft) => void) => void;
  /** The message to show at a field (its API path), once "Weiter" found a problem there. */
  readonly errorAt: (path: string) => string | undefined;
};

/** The referrer's own contact details, prefilled from the signed-in account. */
export function useReferrerContact(): ReferrerContact {
  const session = useSession();
  return referrerContactOf({ name: session.name ?? '', phone: '', email: session.email ?? '' });
}

export function StepForm({
  step,
  children,
  check,
}: {
  readonly step: Step;
  readonly children: (context: StepContext) => ComponentChildren;
  /** A check beyond the schema before going on (e.g. the postal code against the districts): its problems. */
  readonly check?: (draft: Draft) => Promise<FieldProblem[]>;
}) {
  const draft = currentDraft();
  const referrer = useReferrerContact();
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const [shown, setShown] = useState<FieldProblem[]>(() =>
    draft === undefined ? [] : draft.serverErrors.filter((problem) => stepOfField(problem.path).id === step.id),
  );
  const [busy, setBusy] = useState(false);
  /** Counts the "Weiter" that found problems: the summary takes the focus after each. */
  const [attempt, setAttempt] = useState(0);
  const allowed = draft !== undefined && draft.childProtection === 'no';
  useEffect(() => {
    if (!allowed) navigate(JOURNEY_PATH, { replace: true });
  }, [allowed]);
  if (!allowed) return null;

  const update = (change: (target: Draft) => void) => {
    change(draft);
    draft.touched = true;
    // A problem goes as soon as its field is fixed; new ones wait for the next "Weiter".
    if (shown.length > 0) {
      const remaining = problemsOf(step, draft, referrer);
      const still = shown.filter((problem) =>
        remaining.some((candidate) => targetField(candidate.path) === targetField(problem.path)),
      );
      if (still.length !== shown.length) setShown(still);
    }
    rerender(0);
  };
  const messages = new Map<string, string>();
  for (const problem of shown) {
    const field = targetField(problem.path);
    if (!messages.has(field)) messages.set(field, problem.message);
  }
  const context: StepContext = { draft, referrer, update, errorAt: (path) => messages.get(path) };

  const submit = async () => {
    if (busy) return;
    const problems = problemsOf(step, { ...draft, serverErrors: [] }, referrer);
    if (problems.length === 0 && check !== undefined) {
      setBusy(true);
      try {
        problems.push(...(await check(draft)));
      } finally {
        setBusy(false);
      }
    }
    if (problems.length > 0) {
      setShown(problems);
      setAttempt((count) => count + 1);
      return;
    }
    draft.serverErrors = draft.serverErrors.filter((problem) => stepOfField(problem.path).id !== step.id);
    const next = nextPath(draft, step.id);
    draft.returnToCheck = false;
    navigate(next);
  };

  const number = STEPS.findIndex((candidate) => candidate.id === step.id);
  const caption =
    step.id === CONTACT_STEP.id
      ? 'Neue Vermittlung'
      : `Neue Vermittlung · Schritt ${number + 2} von ${STEPS.length + 2}`;
  return (
    <Page
      title={step.title}
      caption={caption}
      back={{ href: previousPath(draft, step.id) }}
      hasErrors={shown.length > 0}
    >
      <ErrorSummary
        items={shown.map((problem) => ({ message: problem.message, fieldId: fieldId(targetField(problem.path)) }))}
        focusKey={attempt}
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="lotse-form">{children(context)}</div>
        <div class="lotse-actions">
          <Button type="submit" disabled={busy}>
            Weiter
          </Button>
        </div>
      </form>
    </Page>
  );
}
