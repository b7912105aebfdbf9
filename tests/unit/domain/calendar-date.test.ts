// UTC calendar-date arithmetic behind the age and date rules.
import { describe, expect, it } from 'vitest';
import { addMonths, ageInYears, daysBetween, parseCalendarDate, utcDateOf } from '#domain/calendar-date.ts';

const date = (value: string) => {
  const parsed = parseCalendarDate(value);
  if (!parsed) throw new Error(`not a date: ${value}`);
  return parsed;
};

describe('calendar dates', () => {
  it('parse 29 Feb only in a leap year', () => {
    expect([parseCalendarDate('2024-02-29'), parseCalendarDate('2023-02-29')]).toEqual([
      { year: 2024, month: 2, day: 29 },
      undefined,
    ]);
  });

  it('take the UTC date of an instant', () => {
    expect(utcDateOf(new Date('2026-01-01T00:30:00+01:00'))).toEqual({ year: 2025, month: 12, day: 31 });
  });

  it('clamp a month addition to the end of a shorter month', () => {
    expect(addMonths(date('2026-01-31'), 1)).toEqual({ year: 2026, month: 2, day: 28 });
  });

  it('carry a month addition into the next year', () => {
    expect(addMonths(date('2026-11-25'), 10)).toEqual({ year: 2027, month: 9, day: 25 });
  });

  it('count days across a year end', () => {
    expect(daysBetween(date('2025-12-31'), date('2026-01-02'))).toBe(2);
  });

  it('count completed years, a year older on the birthday', () => {
    expect([
      ageInYears(date('2020-06-15'), date('2026-06-14')),
      ageInYears(date('2020-06-15'), date('2026-06-15')),
    ]).toEqual([5, 6]);
  });
});
