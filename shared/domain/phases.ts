// Derives a referral's life phases from its children (DOMAIN.md "Life phases"): never chosen freely.
import { ageInYears, compareDates, daysBetween, parseCalendarDate, utcDateOf } from './calendar-date.ts';
import { LIFE_PHASES, type LifePhase } from './codes.ts';

export type ChildDates = { readonly birthDate?: string | undefined; readonly expectedBirthDate?: string | undefined };

/** A newborn stays in `pregnancy` (Schwangerschaft & Geburt) until it is 8 weeks old, and is `infant` too. */
export const NEWBORN_DAYS = 8 * 7;

/** The phases that ages decide: every phase but `pregnancy`. */
export type AgedPhase = Exclude<LifePhase, 'pregnancy'>;

/** Each aged phase's ages in completed years, [from, below), in LIFE_PHASES order (DOMAIN.md's table). */
export const PHASE_AGE_BANDS: Readonly<Record<AgedPhase, readonly [from: number, below: number]>> = {
  infant: [0, 3],
  kita: [3, 6],
  primary: [6, 10],
  secondary: [10, 16],
  transition: [16, 27],
};

export const AGED_PHASES = LIFE_PHASES.filter((phase): phase is AgedPhase => phase !== 'pregnancy');

/**
 * The union of the children's phases, ordered as LIFE_PHASES. Ages are completed years on the UTC calendar date of
 * `today`: a child born exactly 3 years ago today is `kita`. An expected birth date that has already passed (the
 * referral waited, e.g. in escalation) is taken as the estimated birth date, because the child is most likely born.
 * Children of 27 or older, and unparseable dates, contribute no phase.
 */
export function derivePhases(children: readonly ChildDates[], today: Date): LifePhase[] {
  const todayDate = utcDateOf(today);
  const phases = new Set<LifePhase>();
  for (const child of children) {
    for (const phase of phasesOfChild(child, todayDate)) phases.add(phase);
  }
  return LIFE_PHASES.filter((phase) => phases.has(phase));
}

function phasesOfChild(child: ChildDates, today: ReturnType<typeof utcDateOf>): LifePhase[] {
  const expected = child.expectedBirthDate === undefined ? undefined : parseCalendarDate(child.expectedBirthDate);
  if (expected !== undefined && compareDates(expected, today) >= 0) return ['pregnancy'];
  const birth = child.birthDate === undefined ? expected : parseCalendarDate(child.birthDate);
  if (birth === undefined) return [];
  // A birth date in the future cannot pass validation; should one arrive anyway, treat it as an expected birth.
  if (compareDates(birth, today) > 0) return ['pregnancy'];

  const phases: LifePhase[] = [];
  if (daysBetween(birth, today) < NEWBORN_DAYS) phases.push('pregnancy');
  const age = ageInYears(birth, today);
  const band = AGED_PHASES.find((phase) => age < PHASE_AGE_BANDS[phase][1]);
  if (band) phases.push(band);
  return phases;
}
