// Plain German for what a case holds beyond its codes: a child's age and phases, who did something in its history,
// why an offer was proposed, and which cases need action first. Codes go through the labels module only.
import { ageInYears, daysBetween, parseCalendarDate, utcDateOf } from '../../../shared/domain/calendar-date.ts';
import {
  CASE_EVENT_LABELS,
  DECLINE_REASON_LABELS,
  ERASE_REASON_LABELS,
  ERASURE_CAUSE_LABELS,
  ESCALATION_REASON_LABELS,
  LIFE_PHASE_LABELS,
  NEED_LABELS,
  OUTCOME_LABELS,
  WITHDRAW_REASON_LABELS,
} from '../../../shared/domain/labels-de.ts';
import { derivePhases } from '../../../shared/domain/phases.ts';
import { formatCalendarDate, formatDateTime } from '../format.ts';
import type { CaseEvent, CaseView, InboxItem, Proposal } from './types.ts';

type Child = NonNullable<CaseView['children']>[number];

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `3 Jahre`, `7 Monate`, `5 Wochen`: the age of a born child on `today`. */
export function ageText(birthDate: string, today: Date): string | undefined {
  const birth = parseCalendarDate(birthDate);
  if (birth === undefined) return undefined;
  const now = utcDateOf(today);
  const years = ageInYears(birth, now);
  if (years >= 2) return plural(years, 'Jahr', 'Jahre');
  const days = daysBetween(birth, now);
  if (days < 0) return undefined;
  if (days < 8 * 7) return plural(Math.floor(days / 7), 'Woche', 'Wochen');
  const months = (now.year - birth.year) * 12 + (now.month - birth.month) - (now.day < birth.day ? 1 : 0);
  return plural(months, 'Monat', 'Monate');
}

/** One child in a line: born or expected, age, and its life phases (derived as the API derives them). */
export function describeChild(child: Child, today: Date): { readonly text: string; readonly phases: string } {
  const phases = derivePhases([child], today)
    .map((phase) => LIFE_PHASE_LABELS[phase].label)
    .join(', ');
  if (child.birthDate !== undefined) {
    const age = ageText(child.birthDate, today);
    return {
      text: `Geboren am ${formatCalendarDate(child.birthDate)}${age === undefined ? '' : ` (${age} alt)`}`,
      phases,
    };
  }
  return { text: `Geburt erwartet am ${formatCalendarDate(child.expectedBirthDate ?? '')}`, phases };
}

/** Who acted, from the history's actor: never an internal id. */
export function actorText(actor: string | undefined, officeName: (officeId: string) => string | undefined): string {
  // Erasure removes the actors of the earlier history (they could tell which office knew the family).
  if (actor === undefined || actor === '') return '–';
  if (actor === 'coordinator') return 'Koordination';
  if (actor === 'system:router') return 'Lotse (automatische Zuordnung)';
  if (actor === 'system:sweeper') return 'Lotse (Fristprüfung)';
  if (actor.startsWith('referrer:')) return 'Vermittelnde Einrichtung';
  if (actor.startsWith('office:')) return officeName(actor.slice('office:'.length)) ?? 'Familienbüro';
  if (actor.startsWith('system:')) return 'Lotse';
  return 'Unbekannt';
}

/** Whether a value is one of the codes a labels table names (a code the app does not know yet is not). */
export function isCode<Labels extends Record<string, unknown>>(labels: Labels, value: unknown): value is keyof Labels {
  return typeof value === 'string' && Object.hasOwn(labels, value);
}

/** The history entry as a sentence: its label and, where it has them, its reason, outcome or new office. */
export function eventText(event: CaseEvent, officeName: (officeId: string) => string | undefined): string {
  // An entry of a kind this app does not know yet (the API may add kinds) still reads as a change of the case.
  const label = isCode(CASE_EVENT_LABELS, event.type) ? CASE_EVENT_LABELS[event.type].label : 'Änderung am Fall';
  const details = event.details ?? {};
  const parts: string[] = [];
  if (event.type === 'declined' && isCode(DECLINE_REASON_LABELS, details.reason)) {
    parts.push(`Grund: ${DECLINE_REASON_LABELS[details.reason].label}`);
  }
  if (event.type === 'escalated' && isCode(ESCALATION_REASON_LABELS, details.reason)) {
    parts.push(`Grund: ${ESCALATION_REASON_LABELS[details.reason].label}`);
  }
  if (event.type === 'closed' && isCode(OUTCOME_LABELS, details.outcome)) {
    parts.push(`Ergebnis: ${OUTCOME_LABELS[details.outcome].label}`);
  }
  if (event.type === 'withdrawn' || event.type === 'erased') {
    const reason = erasureReasonText(details.reason);
    if (reason !== undefined) parts.push(`Grund: ${reason}`);
  }
  if ((event.type === 'assigned' || event.type === 'routed') && typeof details.officeId === 'string') {
    parts.push(`an ${officeName(details.officeId) ?? 'ein Familienbüro'}`);
  }
  return parts.length === 0 ? label : `${label} – ${parts.join(', ')}`;
}

/**
 * The reason of a withdrawal or an erasure in German: the referrer's withdrawal reason, the coordinator's erasure
 * reason, or the retention period (`retention`); undefined for none or one the app does not know.
 */
export function erasureReasonText(reason: unknown): string | undefined {
  if (isCode(WITHDRAW_REASON_LABELS, reason)) return WITHDRAW_REASON_LABELS[reason].label;
  if (isCode(ERASE_REASON_LABELS, reason)) return ERASE_REASON_LABELS[reason].label;
  if (reason === 'retention') return ERASURE_CAUSE_LABELS.retention.label;
  return undefined;
}

/** Why an offer was proposed, in German, from the reason codes and the proposal's own fields. */
export function proposalReasons(proposal: Proposal, requestedNeeds: number): string[] {
  return proposal.reasons.map((reason) => {
    switch (reason.code) {
      case 'needs-covered':
        return `Passt zu ${proposal.needsCovered.length} von ${requestedNeeds} Bedarfen: ${proposal.needsCovered
          .map((need) => NEED_LABELS[need].label)
          .join(', ')}`;
      case 'life-phase':
        return 'Passt zur Lebensphase der Kinder';
      case 'district':
        return 'Im Sozialraum der Familie';
      case 'municipality-wide':
        return 'Für die ganze Stadt';
      case 'family-language':
        return 'Spricht eine Sprache der Familie';
      case 'no-family-language':
        return 'Spricht keine Sprache der Familie';
      case 'home-visit':
        return 'Macht Hausbesuche, wie die Familie es wünscht';
      case 'capacity':
        return proposal.capacityAvailable === null
          ? 'Hat freie Plätze'
          : plural(proposal.capacityAvailable, 'Platz frei', 'Plätze frei');
      case 'capacity-untracked':
        return 'Plätze werden nicht gezählt (offenes Angebot)';
    }
    return reason.detail;
  });
}

/** How long before the deadline a waiting case counts as "Frist läuft ab". */
export const DEADLINE_WARNING_MS = 24 * 60 * 60 * 1000;

/** An open case of an office: what still needs its work. */
export const OPEN_STATUSES = ['routed', 'accepted', 'in-progress'] as const;

export function isOpen(item: InboxItem): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(item.status);
}

/** New: routed to the office and not yet opened. */
export function isNew(item: InboxItem): boolean {
  return item.status === 'routed' && !item.opened;
}

/** The response deadline passes within a day (or has passed) and the case is still unopened. */
export function deadlineSoon(item: InboxItem, now: Date): boolean {
  return (
    item.status === 'routed' &&
    !item.opened &&
    item.deadlineAt !== undefined &&
    new Date(item.deadlineAt).getTime() - now.getTime() <= DEADLINE_WARNING_MS
  );
}

export function isUrgent(item: InboxItem): boolean {
  return item.urgency === 'urgent' && isOpen(item);
}

/** The deadline as people say it: a date, and "abgelaufen" once it passed. */
export function deadlineText(deadlineAt: string, now: Date): string {
  return new Date(deadlineAt).getTime() < now.getTime()
    ? `${formatDateTime(deadlineAt)} (abgelaufen)`
    : formatDateTime(deadlineAt);
}
