// The referral being filled in: in this page's memory only (a closed tab loses it, and the page warns before that),
// with one Idempotency-Key for its whole life, so a submission retried after a dropped connection or a 503 can never
// create a second case. Every step validates its part with the shared zod schema, as the API will.
import type {
  ConsentGiver,
  ConsentMethod,
  ConsentScope,
  ContactChannel,
  ContactRole,
  NeedCode,
  Urgency,
} from '../../../../shared/domain/codes.ts';
import { REFERRER_REFERENCE_MAX_CHARACTERS, referralSchema } from '../../../../shared/domain/referral.ts';
import { type FieldProblem, newIdempotencyKey } from '../../api.ts';
import { parseGermanDate } from '../../format.ts';
import { germanMessage } from './messages.ts';

export type ChildDraft = {
  /** Stable across removals, for keys and field ids. */
  readonly key: number;
  born: 'born' | 'expected' | undefined;
  /** As typed, e.g. `01.10.2026`. */
  date: string;
};

export type Draft = {
  readonly idempotencyKey: string;
  childProtection: 'yes' | 'no' | undefined;
  consent: {
    scopes: ConsentScope[];
    givenBy: ConsentGiver | undefined;
    method: ConsentMethod | undefined;
    /** As typed; today by default. */
    givenAt: string;
  };
  contact: {
    name: string;
    role: ContactRole | undefined;
    phone: string;
    email: string;
    preferredChannel: ContactChannel | undefined;
    bestTime: string;
    mayLeaveMessage: 'yes' | 'no' | undefined;
  };
  children: ChildDraft[];
  nextChildKey: number;
  needs: NeedCode[];
  languages: string[];
  interpreterNeeded: 'yes' | 'no' | undefined;
  postalCode: string;
  accessibility: { homeVisit: boolean; barrierFree: boolean; childcareDuringAppointment: boolean };
  urgency: Urgency | undefined;
  note: string;
  referrerReference: string;
  /** Set by "Ändern" on the check page: "Weiter" returns there. */
  returnToCheck: boolean;
  /** The API's field errors of the last submission, until the step that shows them is sent on again. */
  serverErrors: FieldProblem[];
  /** True once any answer beyond the first question is given: closing the tab would lose something. */
  touched: boolean;
};

/** The referring professional's own contact details: kept for the next referral of this session too. */
export type ReferrerContact = { name: string; phone: string; email: string };

let current: Draft | undefined;
let referrerContact: ReferrerContact | undefined;

export function todayGerman(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  }).format(now);
  return parts;
}

function emptyDraft(): Draft {
  return {
    idempotencyKey: newIdempotencyKey(),
    childProtection: undefined,
    consent: { scopes: ['office'], givenBy: undefined, method: undefined, givenAt: todayGerman() },
    contact: {
      name: '',
      role: undefined,
      phone: '',
      email: '',
      preferredChannel: undefined,
      bestTime: '',
      mayLeaveMessage: undefined,
    },
    children: [{ key: 0, born: undefined, date: '' }],
    nextChildKey: 1,
    needs: [],
    languages: [],
    interpreterNeeded: undefined,
    postalCode: '',
    accessibility: { homeVisit: false, barrierFree: false, childcareDuringAppointment: false },
    urgency: undefined,
    note: '',
    referrerReference: '',
    returnToCheck: false,
    serverErrors: [],
    touched: false,
  };
}

export function currentDraft(): Draft | undefined {
  return current;
}

export function startDraft(): Draft {
  current ??= emptyDraft();
  return current;
}

export function discardDraft(): void {
  current = undefined;
}

export function referrerContactOf(defaults: ReferrerContact): ReferrerContact {
  referrerContact ??= { ...defaults };
  return referrerContact;
}

export function setReferrerContact(contact: ReferrerContact): void {
  referrerContact = { ...contact };
}

// A page with an unsent draft warns before the tab closes or reloads (UI.md: nothing is kept in the browser).
window.addEventListener('beforeunload', (event) => {
  if (current?.touched) {
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = '';
  }
});

// ---- the steps ----

export type StepId =
  | 'einwilligung'
  | 'kontakt'
  | 'kinder'
  | 'bedarfe'
  | 'sprache'
  | 'wohnort'
  | 'dringlichkeit'
  | 'ihre-daten';

export type Step = {
  readonly id: StepId;
  readonly title: string;
  /** The body fields (dot paths) this step answers; errors at or below them belong here. */
  readonly fields: readonly string[];
};

/** The journey after the child-protection question, in order; "Ihre Kontaktdaten" is reached from the check page. */
export const STEPS: readonly Step[] = [
  { id: 'einwilligung', title: 'Einwilligung', fields: ['consent'] },
  { id: 'kontakt', title: 'Kontaktperson', fields: ['contact'] },
  { id: 'kinder', title: 'Kinder', fields: ['children'] },
  { id: 'bedarfe', title: 'Unterstützungsbedarf', fields: ['needs'] },
  { id: 'sprache', title: 'Sprache', fields: ['languages', 'interpreterNeeded'] },
  { id: 'wohnort', title: 'Wohnort und Zugang', fields: ['postalCode', 'accessibility'] },
  { id: 'dringlichkeit', title: 'Dringlichkeit und Hinweis', fields: ['urgency', 'note', 'referrerReference'] },
];

export const CONTACT_STEP: Step = { id: 'ihre-daten', title: 'Ihre Kontaktdaten', fields: ['referrer'] };

export const JOURNEY_PATH = '/vermittlungen/neu';
export const CHECK_PATH = `${JOURNEY_PATH}/pruefen`;

export function stepPath(id: StepId): string {
  return `${JOURNEY_PATH}/${id}`;
}

export function stepOfPath(path: string): Step | undefined {
  return [...STEPS, CONTACT_STEP].find((step) => path === stepPath(step.id));
}

/** Where "Weiter" leads from a step: the next step, or back to the check page when the step was opened from there. */
export function nextPath(draft: Draft, id: StepId): string {
  if (draft.returnToCheck || id === 'ihre-daten') return CHECK_PATH;
  const index = STEPS.findIndex((step) => step.id === id);
  const next = STEPS[index + 1];
  return next === undefined ? CHECK_PATH : stepPath(next.id);
}

/** Where "Zurück" leads from a step. */
export function previousPath(draft: Draft, id: StepId): string {
  if (draft.returnToCheck || id === 'ihre-daten') return CHECK_PATH;
  const index = STEPS.findIndex((step) => step.id === id);
  const previous = STEPS[index - 1];
  return previous === undefined ? JOURNEY_PATH : stepPath(previous.id);
}

export function stepOfField(path: string): Step {
  const belongs = (step: Step) => step.fields.some((field) => path === field || path.startsWith(`${field}.`));
  return [...STEPS, CONTACT_STEP].find(belongs) ?? CONTACT_STEP;
}

// ---- the body and its validation ----

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
const orUndefined = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The date of a German date field as the API wants it; the text as typed when it is no date (zod then says so). */
function apiDate(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  return parseGermanDate(value) ?? value.trim();
}

/** `givenAt` from a date: today is now; an earlier day is its start (UTC); anything else as typed. */
function consentTimestamp(value: string, now: Date): string | undefined {
  const date = apiDate(value);
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const today = parseGermanDate(todayGerman(now));
  return date === today ? now.toISOString() : `${date}T00:00:00Z`;
}

/** The POST /v1/referrals body of the draft (missing answers left out, so validation names them). */
export function referralBody(draft: Draft, referrer: ReferrerContact, now: Date = new Date()): Record<string, unknown> {
  const { contact } = draft;
  return {
    referrer: { name: referrer.name.trim(), phone: orNull(referrer.phone), email: orNull(referrer.email) },
    consent: {
      scopes: draft.consent.scopes,
      givenBy: draft.consent.givenBy,
      givenAt: consentTimestamp(draft.consent.givenAt, now),
      method: draft.consent.method,
    },
    childProtectionConcern: false,
    contact: {
      name: contact.name.trim(),
      role: contact.role,
      phone: orNull(contact.phone),
      email: orNull(contact.email),
      preferredChannel: contact.preferredChannel,
      bestTime: orNull(contact.bestTime),
      mayLeaveMessage: contact.mayLeaveMessage === undefined ? undefined : contact.mayLeaveMessage === 'yes',
    },
    children: draft.children.map((child) =>
      child.born === 'born'
        ? { birthDate: apiDate(child.date) ?? '' }
        : child.born === 'expected'
          ? { expectedBirthDate: apiDate(child.date) ?? '' }
          : {},
    ),
    languages: draft.languages,
    interpreterNeeded: draft.interpreterNeeded === undefined ? undefined : draft.interpreterNeeded === 'yes',
    needs: draft.needs,
    urgency: draft.urgency,
    postalCode: draft.postalCode.trim(),
    accessibility: { ...draft.accessibility },
    ...(draft.note.trim() === '' ? {} : { note: draft.note.trim() }),
    ...(orUndefined(draft.referrerReference) === undefined
      ? {}
      : { referrerReference: draft.referrerReference.trim() }),
  };
}

const REFERENCE_PATTERN = /^[^\p{Cc}]+$/u;

/** Every field error of the draft, in German, as the API would report it (path → message). */
export function validateDraft(draft: Draft, referrer: ReferrerContact, now: Date = new Date()): FieldProblem[] {
  const schema = referralSchema(now);
  const body = referralBody(draft, referrer, now);
  // The institution's own reference is checked here while the shared schema may not know it yet.
  const knowsReference = 'referrerReference' in schema.shape;
  const { referrerReference, ...rest } = body;
  const result = schema.safeParse(knowsReference ? body : rest);
  const problems: FieldProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        return { path, message: germanMessage(path, issue.message) };
      });
  if (!knowsReference && typeof referrerReference === 'string') {
    if ([...referrerReference].length > REFERRER_REFERENCE_MAX_CHARACTERS) {
      problems.push({ path: 'referrerReference', message: germanMessage('referrerReference', 'at most') });
    } else if (!REFERENCE_PATTERN.test(referrerReference)) {
      problems.push({ path: 'referrerReference', message: germanMessage('referrerReference', 'control') });
    }
  }
  // A child marked born or expected without a date: the date is missing, whatever else the schema concluded.
  draft.children.forEach((child, index) => {
    if (child.born === undefined || child.date.trim() !== '') return;
    const prefix = `children.${index}`;
    const field = `${prefix}.${child.born === 'born' ? 'birthDate' : 'expectedBirthDate'}`;
    for (let i = problems.length - 1; i >= 0; i--) {
      const path = problems[i]?.path ?? '';
      if (path === prefix || path.startsWith(`${prefix}.`)) problems.splice(i, 1);
    }
    problems.push({ path: field, message: germanMessage(field, 'is required') });
  });
  // The schema accepts consent without the family office (the API answers 422): the form asks for it right away.
  if (!draft.consent.scopes.includes('office')) {
    problems.push({ path: 'consent.scopes', message: germanMessage('consent.scopes', 'office') });
  }
  return dedupe(problems);
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The problems of one step: the draft's own and the API's from the last submission. */
export function problemsOf(step: Step, draft: Draft, referrer: ReferrerContact): FieldProblem[] {
  const inStep = (problem: FieldProblem) => stepOfField(problem.path).id === step.id;
  return dedupe([...validateDraft(draft, referrer), ...draft.serverErrors].filter(inStep));
}

/** The path of the field a problem is shown at: a list's or an object's own problem goes to its first input. */
export function targetField(path: string): string {
  if (path === 'contact') return 'contact.phone';
  if (path === 'referrer') return 'referrer.phone';
  if (path === 'consent') return 'consent.givenBy';
  return path.replace(/^(consent\.scopes|needs|languages)\.\d+$/, '$1');
}
