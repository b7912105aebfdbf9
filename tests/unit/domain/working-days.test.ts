// NRW working days, Easter-dependent holidays, and response deadlines on the Berlin wall clock (DST included).
import { describe, expect, it } from 'vitest';
import { formatCalendarDate, parseCalendarDate } from '#domain/calendar-date.ts';
import {
  addWorkingDays,
  checkResponseDeadlineDays,
  DEFAULT_RESPONSE_DEADLINE_DAYS,
  easterSunday,
  isWorkingDay,
  nrwPublicHolidays,
  responseDeadline,
  responseDeadlineDaysSchema,
} from '#domain/working-days.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';

const date = (value: string) => {
  const parsed = parseCalendarDate(value);
  if (!parsed) throw new Error(`not a date: ${value}`);
  return parsed;
};

/** An instant written with its Berlin offset (+01:00 winter, +02:00 summer), returned as UTC ISO for comparison. */
const iso = (value: string) => new Date(value).toISOString();

const holidaysOf = (year: number) =>
  nrwPublicHolidays(year).map((holiday) => `${formatCalendarDate(holiday.date)} ${holiday.name}`);

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('falls in %i on %s', (year, expected) => {
    expect(formatCalendarDate(easterSunday(year))).toBe(expected);
  });
});

describe('nrwPublicHolidays', () => {
  it('lists the eleven NRW holidays of 2026 in calendar order', () => {
    expect(holidaysOf(2026)).toEqual([
      '2026-01-01 Neujahr',
      '2026-04-03 Karfreitag',
      '2026-04-06 Ostermontag',
      '2026-05-01 Tag der Arbeit',
      '2026-05-14 Christi Himmelfahrt',
      '2026-05-25 Pfingstmontag',
      '2026-06-04 Fronleichnam',
      '2026-10-03 Tag der Deutschen Einheit',
      '2026-11-01 Allerheiligen',
      '2026-12-25 1. Weihnachtstag',
      '2026-12-26 2. Weihnachtstag',
    ]);
  });

  it('lists the eleven NRW holidays of 2027, with Easter in March', () => {
    expect(holidaysOf(2027)).toEqual([
      '2027-01-01 Neujahr',
      '2027-03-26 Karfreitag',
      '2027-03-29 Ostermontag',
      '2027-05-01 Tag der Arbeit',
      '2027-05-06 Christi Himmelfahrt',
      '2027-05-17 Pfingstmontag',
      '2027-05-27 Fronleichnam',
      '2027-10-03 Tag der Deutschen Einheit',
      '2027-11-01 Allerheiligen',
      '2027-12-25 1. Weihnachtstag',
      '2027-12-26 2. Weihnachtstag',
    ]);
  });
});

describe('isWorkingDay', () => {
  it.each([
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-01',
    '2026-05-14',
    '2026-05-25',
    '2026-06-04',
    '2026-12-25',
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-06',
    '2027-05-17',
    '2027-05-27',
    '2027-11-01',
  ])('is false for the weekday holiday %s', (holiday) => {
    expect(isWorkingDay(date(holiday))).toBe(false);
  });

  it.each([
    ['Heilige Drei Könige', '2026-01-06'],
    ['Reformationstag', '2028-10-31'],
    ['Buß- und Bettag', '2026-11-18'],
    ['Buß- und Bettag', '2027-11-17'],
    ['Heiligabend', '2026-12-24'],
    ['Silvester', '2026-12-31'],
  ])('is true for %s (%s), a holiday elsewhere but not in NRW', (_name, day) => {
    expect(isWorkingDay(date(day))).toBe(true);
  });

  it('is false on Saturday and Sunday', () => {
    expect([isWorkingDay(date('2026-03-07')), isWorkingDay(date('2026-03-08'))]).toEqual([false, false]);
  });

  it('is true on an ordinary Monday', () => {
    expect(isWorkingDay(date('2026-03-09'))).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('keeps the local time on the next working day', () => {
    expect(addWorkingDays(new Date('2026-03-10T10:15:00+01:00'), 1).toISOString()).toBe(
      iso('2026-03-11T10:15:00+01:00'),
    );
  });

  it('skips the weekend', () => {
    expect(addWorkingDays(new Date('2026-03-12T11:00:00+01:00'), 2).toISOString()).toBe(
      iso('2026-03-16T11:00:00+01:00'),
    );
  });

  it('goes from Gründonnerstag across Easter to the Tuesday after Ostermontag', () => {
    expect(addWorkingDays(new Date('2026-04-02T10:00:00+02:00'), 1).toISOString()).toBe(
      iso('2026-04-07T10:00:00+02:00'),
    );
  });

  it('skips Fronleichnam', () => {
    expect(addWorkingDays(new Date('2026-06-03T09:00:00+02:00'), 1).toISOString()).toBe(
      iso('2026-06-05T09:00:00+02:00'),
    );
  });

  it('goes across Christmas and New Year, counting Heiligabend and Silvester', () => {
    // 24 (1), 28 (2), 29 (3), 30 (4), 31 (5), then 1 Jan is a holiday and 2–3 Jan a weekend: Monday 4 Jan (6).
    expect(addWorkingDays(new Date('2026-12-23T16:00:00+01:00'), 6).toISOString()).toBe(
      iso('2027-01-04T16:00:00+01:00'),
    );
  });

  it('keeps the local time across the change to summer time (71 hours later)', () => {
    const start = new Date('2026-03-27T09:00:00+01:00');

    const deadline = addWorkingDays(start, 1);

    expect(deadline.toISOString()).toBe(iso('2026-03-30T09:00:00+02:00'));
    expect((deadline.getTime() - start.getTime()) / 3_600_000).toBe(71);
  });

  it('keeps the local time across the change to winter time (73 hours later)', () => {
    const start = new Date('2026-10-23T10:00:00+02:00');

    const deadline = addWorkingDays(start, 1);

    expect(deadline.toISOString()).toBe(iso('2026-10-26T10:00:00+01:00'));
    expect((deadline.getTime() - start.getTime()) / 3_600_000).toBe(73);
  });

  it('counts a start on a Saturday from 00:00 of Monday, so the deadline is Tuesday 00:00', () => {
    expect(addWorkingDays(new Date('2026-03-28T14:00:00+01:00'), 1).toISOString()).toBe(
      iso('2026-03-31T00:00:00+02:00'),
    );
  });

  it('counts a start on a holiday from 00:00 of the next working day', () => {
    expect(addWorkingDays(new Date('2026-04-06T12:00:00+02:00'), 1).toISOString()).toBe(
      iso('2026-04-08T00:00:00+02:00'),
    );
  });

  it('decides by the Berlin date, not the UTC date: Friday 23:30 UTC in winter is already Saturday', () => {
    expect(addWorkingDays(new Date('2026-01-09T23:30:00Z'), 1).toISOString()).toBe(iso('2026-01-13T00:00:00+01:00'));
  });

  it('returns a working-day instant itself for zero days', () => {
    expect(addWorkingDays(new Date('2026-03-10T10:15:30.250+01:00'), 0).toISOString()).toBe(
      iso('2026-03-10T10:15:30.250+01:00'),
    );
  });

  it('returns the start of the next working day for zero days from a Sunday', () => {
    expect(addWorkingDays(new Date('2026-03-08T18:00:00+01:00'), 0).toISOString()).toBe(
      iso('2026-03-09T00:00:00+01:00'),
    );
  });

  it('keeps seconds and milliseconds', () => {
    expect(addWorkingDays(new Date('2026-03-10T10:15:30.250+01:00'), 3).toISOString()).toBe(
      iso('2026-03-13T10:15:30.250+01:00'),
    );
  });

  it('uses the wall clock of another time zone when given one', () => {
    expect(addWorkingDays(new Date('2026-03-10T10:00:00-04:00'), 1, 'America/New_York').toISOString()).toBe(
      iso('2026-03-11T10:00:00-04:00'),
    );
  });

  it('moves a local time that does not exist (a weekday spring gap) forward by the gap', () => {
    // Cairo springs from Friday 24 April 2026 00:00 to 01:00: Thursday 00:30 + 1 lands in the gap.
    expect(addWorkingDays(new Date('2026-04-23T00:30:00+02:00'), 1, 'Africa/Cairo').toISOString()).toBe(
      iso('2026-04-24T01:30:00+03:00'),
    );
  });

  it('takes the earlier instant for a local time that occurs twice (a weekday autumn overlap)', () => {
    // Cairo falls back on Thursday 29 October 2026 from 24:00 to 23:00: 23:30 occurs at +03:00 and at +02:00.
    expect(addWorkingDays(new Date('2026-10-28T23:30:00+03:00'), 1, 'Africa/Cairo').toISOString()).toBe(
      iso('2026-10-29T23:30:00+03:00'),
    );
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s days', (days) => {
    expect(() => addWorkingDays(new Date('2026-03-10T10:00:00+01:00'), days)).toThrow(RangeError);
  });

  it('rejects an invalid date', () => {
    expect(() => addWorkingDays(new Date('not a date'), 1)).toThrow(RangeError);
  });
});

describe('responseDeadline', () => {
  const mondayMorning = new Date('2026-03-02T09:00:00+01:00');

  it.each([
    ['urgent', '2026-03-03T09:00:00+01:00'],
    ['soon', '2026-03-05T09:00:00+01:00'],
    ['routine', '2026-03-09T09:00:00+01:00'],
  ] as const)('gives an %s case the default working days (due %s)', (urgency, due) => {
    expect(responseDeadline(mondayMorning, urgency, DEFAULT_RESPONSE_DEADLINE_DAYS).toISOString()).toBe(iso(due));
  });

  it('lands on Monday for an urgent case routed on Friday afternoon', () => {
    expect(
      responseDeadline(new Date('2026-03-13T15:30:00+01:00'), 'urgent', DEFAULT_RESPONSE_DEADLINE_DAYS).toISOString(),
    ).toBe(iso('2026-03-16T15:30:00+01:00'));
  });

  it('uses the configured days of the municipality', () => {
    expect(responseDeadline(mondayMorning, 'routine', { urgent: 2, soon: 4, routine: 10 }).toISOString()).toBe(
      iso('2026-03-16T09:00:00+01:00'),
    );
  });
});

describe('responseDeadlineDaysSchema', () => {
  it('accepts the defaults', () => {
    expect(responseDeadlineDaysSchema().parse({ urgent: 1, soon: 3, routine: 5 })).toEqual(
      DEFAULT_RESPONSE_DEADLINE_DAYS,
    );
  });

  it('accepts 30 working days', () => {
    expect(responseDeadlineDaysSchema().safeParse({ urgent: 30, soon: 30, routine: 30 }).success).toBe(true);
  });

  it('rejects zero, more than 30 and fractions, each at its path', () => {
    const result = responseDeadlineDaysSchema().safeParse({ urgent: 0, soon: 31, routine: 2.5 });

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([
      { path: 'urgent', message: 'must be at least 1' },
      { path: 'soon', message: 'must be at most 30' },
      { path: 'routine', message: 'must be a whole number of working days' },
    ]);
  });

  it('rejects a missing urgency', () => {
    const result = responseDeadlineDaysSchema().safeParse({ urgent: 1, soon: 3 });

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([{ path: 'routine', message: 'is required' }]);
  });

  it('rejects an unknown key', () => {
    const result = responseDeadlineDaysSchema().safeParse({ urgent: 1, soon: 3, routine: 5, weekly: 5 });

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([
      { path: 'weekly', message: 'is not a known field' },
    ]);
  });
});

describe('checkResponseDeadlineDays (the functions’ configuration check)', () => {
  it.each([
    [{ urgent: 1, soon: 3, routine: 5 }],
    [{ urgent: 30, soon: 30, routine: 30 }],
    [{ urgent: 0, soon: 31, routine: 2.5 }],
    [{ urgent: 1, soon: 3 }],
    [{ urgent: 1, soon: 3, routine: 5, weekly: 5 }],
    [{ urgent: '1', soon: null, routine: Number.NaN }],
    [[1, 3, 5]],
    ['urgent'],
    [null],
  ])('answers %j as responseDeadlineDaysSchema does', (value) => {
    const schema = responseDeadlineDaysSchema().safeParse(value);
    const checked = checkResponseDeadlineDays(value);

    expect(checked.ok).toBe(schema.success);
    if (schema.success && checked.ok) expect(checked.value).toEqual(schema.data);
    if (!schema.success && !checked.ok) expect(checked.problems).toEqual(toFieldErrors(schema.error));
  });
});
