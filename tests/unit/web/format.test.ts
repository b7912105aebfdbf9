// The web app's pure helpers: German dates as people type them, and the short number read out on the phone.
import { describe, expect, it } from 'vitest';
import { formatCalendarDate, parseGermanDate, shortNumber } from '../../../web/src/format.ts';

describe('German dates', () => {
  it('reads a date as typed with dots, with or without leading zeros, and the ISO form', () => {
    expect(parseGermanDate('01.10.2026')).toBe('2026-10-01');
    expect(parseGermanDate(' 1.3.2027 ')).toBe('2027-03-01');
    expect(parseGermanDate('2026-10-01')).toBe('2026-10-01');
  });

  it('refuses what is no date: impossible days, two-digit years, other separators', () => {
    expect(parseGermanDate('31.02.2026')).toBeUndefined();
    expect(parseGermanDate('01.10.26')).toBeUndefined();
    expect(parseGermanDate('01/10/2026')).toBeUndefined();
    expect(parseGermanDate('')).toBeUndefined();
  });

  it('writes a calendar date the German way', () => {
    expect(formatCalendarDate('2026-10-01')).toBe('01.10.2026');
  });
});

describe('the short number', () => {
  it('is the last six characters of the id, in two groups of three', () => {
    expect(shortNumber('01JDX3K8ZQ7M2N4P6R8T0V2W4X')).toBe('0V2-W4X');
  });
});
