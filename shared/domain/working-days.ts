// Working days of the NRW calendar (weekends and public holidays excluded) and the response deadlines built on them.
import * as z from 'zod';
import { type CalendarDate, compareDates, formatCalendarDate, utcDateOf } from './calendar-date.ts';
import type { Urgency } from './codes.ts';
import { expecting } from './field-rules.ts';
import { lazily } from './lazily.ts';
import type { FieldError } from './zod-issues.ts';

/** The time zone of the municipalities Lotse serves: deadlines are agreed in local office hours. */
export const BERLIN_TIME_ZONE = 'Europe/Berlin';

export type PublicHoliday = { readonly date: CalendarDate; readonly name: string };

/**
 * Easter Sunday of a Gregorian year (anonymous Gregorian computus, Meeus/Jones/Butcher): the first Sunday after the
 * ecclesiastical full moon on or after 21 March.
 */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/**
 * The statutory public holidays of North Rhine-Westphalia (Feiertagsgesetz NW § 2) in calendar order. Not holidays
 * in NRW, hence working days: Heilige Drei Könige, Reformationstag (31 Oct), Buß- und Bettag, Heiligabend, Silvester.
 */
export function nrwPublicHolidays(year: number): readonly PublicHoliday[] {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): PublicHoliday => ({ date: { year, month, day }, name });
  const movable = (offset: number, name: string): PublicHoliday => ({ date: addDays(easter, offset), name });
  const holidays = Object.freeze(
    [
      fixed(1, 1, 'Neujahr'),
      movable(-2, 'Karfreitag'),
      movable(1, 'Ostermontag'),
      fixed(5, 1, 'Tag der Arbeit'),
      movable(39, 'Christi Himmelfahrt'),
      movable(50, 'Pfingstmontag'),
      movable(60, 'Fronleichnam'),
      fixed(10, 3, 'Tag der Deutschen Einheit'),
      fixed(11, 1, 'Allerheiligen'),
      fixed(12, 25, '1. Weihnachtstag'),
      fixed(12, 26, '2. Weihnachtstag'),
    ].sort((x, y) => compareDates(x.date, y.date)),
  );
  holidaysByYear.set(year, holidays);
  return holidays;
}

// Memoised per year (a pure function of the year): deadline arithmetic asks for the same few years again and again.
const holidaysByYear = new Map<number, readonly PublicHoliday[]>();

export function isNrwPublicHoliday(date: CalendarDate): boolean {
  const key = formatCalendarDate(date);
  return nrwPublicHolidays(date.year).some((holiday) => formatCalendarDate(holiday.date) === key);
}

/** Monday to Friday and not an NRW public holiday. `localDate` is a date of the local (Berlin) calendar. */
export function isWorkingDay(localDate: CalendarDate): boolean {
  const weekday = new Date(Date.UTC(localDate.year, localDate.month - 1, localDate.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isNrwPublicHoliday(localDate);
}

/**
 * The instant `days` working days after `instant`, at the same local wall-clock time in `timeZone` (default Berlin).
 *
 * - Counting: each step moves to the next working day (weekends and NRW public holidays are skipped), so Friday 15:00
 *   + 1 is Monday 15:00, and Gründonnerstag 10:00 + 1 is the Tuesday after Ostermontag, 10:00.
 * - A start on a weekend or holiday counts as a start at 00:00 of the next working day (the clock only runs on
 *   working days): Saturday 14:00 + 1 is Tuesday 00:00, i.e. the office has all of Monday. `days = 0` therefore
 *   returns `instant` itself on a working day, and the start of the next working day otherwise.
 * - Daylight saving time: the local time is kept, not the elapsed hours (Friday 09:00 CET + 1 before the switch to
 *   summer time is Monday 09:00 CEST, 71 elapsed hours). Results always fall on working days, and Berlin changes its
 *   clocks on Sundays, so the local time always exists there; for zones that change on a weekday, a time in the
 *   spring gap moves forward by the gap and an ambiguous autumn time takes the earlier instant.
 * - Milliseconds are kept. The holiday calendar is always NRW's; `timeZone` only decides the wall clock.
 *
 * Throws RangeError for an invalid date, a `days` that is not a non-negative integer, or an unknown time zone.
 */
export function addWorkingDays(instant: Date, days: number, timeZone: string = BERLIN_TIME_ZONE): Date {
  if (Number.isNaN(instant.getTime())) throw new RangeError('addWorkingDays needs a valid instant');
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');

  let wall = wallClockOf(instant, timeZone);
  if (!isWorkingDay(wall.date)) {
    wall = { date: nextWorkingDay(wall.date), hour: 0, minute: 0, second: 0, millisecond: 0 };
  }
  let date = wall.date;
  for (let remaining = days; remaining > 0; remaining--) date = nextWorkingDay(date);
  return instantOf({ ...wall, date }, timeZone);
}

/** Built on first use (the deployment configuration reads it; the functions check with checkResponseDeadlineDays). */
export const responseDeadlineDaysSchema = lazily(() =>
  z.strictObject(
    {
      urgent: deadlineDays(),
      soon: deadlineDays(),
      routine: deadlineDays(),
    },
    expecting('an object with the working days per urgency: urgent, soon, routine'),
  ),
);

/** Working days an office has to open a routed case, per urgency (configurable per municipality). */
export type ResponseDeadlineDays = z.output<ReturnType<typeof responseDeadlineDaysSchema>>;

const DEADLINE_URGENCIES = ['urgent', 'soon', 'routine'] as const;

/**
 * The rules of responseDeadlineDaysSchema, with its messages and paths, checked without building a schema: the
 * functions read RESPONSE_DEADLINE_DAYS at cold start, before any request needs zod (the tests hold both to the same
 * answers).
 */
export function checkResponseDeadlineDays(
  value: unknown,
): { ok: true; value: ResponseDeadlineDays } | { ok: false; problems: FieldError[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message:
            value === undefined
              ? 'is required'
              : 'must be an object with the working days per urgency: urgent, soon, routine',
        },
      ],
    };
  }
  const record = value as Record<string, unknown>;
  const problems: FieldError[] = [];
  for (const urgency of DEADLINE_URGENCIES) {
    const days = record[urgency];
    if (days === undefined) problems.push({ path: urgency, message: 'is required' });
    else if (typeof days !== 'number' || !Number.isSafeInteger(days))
      problems.push({ path: urgency, message: 'must be a whole number of working days' });
    else if (days < 1) problems.push({ path: urgency, message: 'must be at least 1' });
    else if (days > 30) problems.push({ path: urgency, message: 'must be at most 30' });
  }
  for (const key of Object.keys(record)) {
    if (!(DEADLINE_URGENCIES as readonly string[]).includes(key))
      problems.push({ path: key, message: 'is not a known field' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { urgent: record.urgent as number, soon: record.soon as number, routine: record.routine as number },
  };
}

/** The defaults of the issue: urgent 1 working day, soon 3, routine 5. */
export const DEFAULT_RESPONSE_DEADLINE_DAYS: Readonly<ResponseDeadlineDays> = Object.freeze({
  urgent: 1,
  soon: 3,
  routine: 5,
});

/** When a routed case must have been opened, else it escalates (reason `deadline`). Berlin wall clock, NRW calendar. */
export function responseDeadline(routedAt: Date, urgency: Urgency, days: Readonly<ResponseDeadlineDays>): Date {
  return addWorkingDays(routedAt, days[urgency], BERLIN_TIME_ZONE);
}

function deadlineDays() {
  return z
    .int(expecting('a whole number of working days'))
    .min(1, { error: 'must be at least 1' })
    .max(30, { error: 'must be at most 30' });
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  return utcDateOf(new Date(Date.UTC(date.year, date.month - 1, date.day + days)));
}

function nextWorkingDay(date: CalendarDate): CalendarDate {
  let next = addDays(date, 1);
  while (!isWorkingDay(next)) next = addDays(next, 1);
  return next;
}

/** A local date and time of day in some time zone, without an offset. */
type WallClock = { date: CalendarDate; hour: number; minute: number; second: number; millisecond: number };

// One formatter per zone: building an Intl.DateTimeFormat is far more expensive than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23: midnight is 00, never 24 (some engines render midnight as 24 with hour12: false).
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) },
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((instant.getTime() % 1000) + 1000) % 1000,
  };
}

/** The wall clock read as if it were UTC, in epoch milliseconds: the difference to the instant is the UTC offset. */
function asUtcMillis(wall: WallClock): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.date.year, wall.date.month - 1, wall.date.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

function offsetAt(epochMillis: number, timeZone: string): number {
  return asUtcMillis(wallClockOf(new Date(epochMillis), timeZone)) - epochMillis;
}

/**
 * The instant a local wall-clock time denotes. The offsets a day before and a day after cover any single transition:
 * each offset that reproduces the wall clock is a candidate; two candidates (autumn overlap) → the earlier instant;
 * none (spring gap) → the earlier offset, which moves the time forward by the length of the gap.
 */
function instantOf(wall: WallClock, timeZone: string): Date {
  const local = asUtcMillis(wall);
  const day = 86_400_000;
  const offsetBefore = offsetAt(local - day, timeZone);
  const offsetAfter = offsetAt(local + day, timeZone);
  const candidates = [local - offsetBefore, local - offsetAfter]
    .filter((candidate) => asUtcMillis(wallClockOf(new Date(candidate), timeZone)) === local)
    .sort((x, y) => x - y);
  return new Date(candidates[0] ?? local - offsetBefore);
}
