// Life-phase derivation: every boundary on both sides, the 8-week rule, expected births, unions and leap days.
import { describe, expect, it } from 'vitest';
import { derivePhases } from '#domain/phases.ts';

const TODAY = new Date('2026-06-15T12:00:00Z');

describe('derivePhases at the age boundaries', () => {
  it.each([
    ['2023-06-16', ['infant'], 'one day before the 3rd birthday'],
    ['2023-06-15', ['kita'], 'on the 3rd birthday'],
    ['2020-06-16', ['kita'], 'one day before the 6th birthday'],
    ['2020-06-15', ['primary'], 'on the 6th birthday'],
    ['2016-06-16', ['primary'], 'one day before the 10th birthday'],
    ['2016-06-15', ['secondary'], 'on the 10th birthday'],
    ['2010-06-16', ['secondary'], 'one day before the 16th birthday'],
    ['2010-06-15', ['transition'], 'on the 16th birthday'],
    ['1999-06-16', ['transition'], 'one day before the 27th birthday'],
    ['1999-06-15', [], 'on the 27th birthday (too old for the prevention chain)'],
  ])('a child born %s is %j (%s)', (birthDate, expected) => {
    const phases = derivePhases([{ birthDate }], TODAY);

    expect(phases).toEqual(expected);
  });
});

describe('derivePhases for newborns and pregnancies', () => {
  it('puts a child born today into pregnancy and infant', () => {
    expect(derivePhases([{ birthDate: '2026-06-15' }], TODAY)).toEqual(['pregnancy', 'infant']);
  });

  it('keeps a child of 55 days (under 8 weeks) in pregnancy and infant', () => {
    expect(derivePhases([{ birthDate: '2026-04-21' }], TODAY)).toEqual(['pregnancy', 'infant']);
  });

  it('moves a child of exactly 8 weeks (56 days) to infant only', () => {
    expect(derivePhases([{ birthDate: '2026-04-20' }], TODAY)).toEqual(['infant']);
  });

  it('puts an expected birth in the future into pregnancy only', () => {
    expect(derivePhases([{ expectedBirthDate: '2026-12-01' }], TODAY)).toEqual(['pregnancy']);
  });

  it('puts an expected birth due today into pregnancy only', () => {
    expect(derivePhases([{ expectedBirthDate: '2026-06-15' }], TODAY)).toEqual(['pregnancy']);
  });

  it('treats an expected birth date that has passed as the estimated birth date', () => {
    expect(derivePhases([{ expectedBirthDate: '2026-06-01' }], TODAY)).toEqual(['pregnancy', 'infant']);
  });

  it('treats an expected birth more than 8 weeks past as an infant', () => {
    expect(derivePhases([{ expectedBirthDate: '2026-03-01' }], TODAY)).toEqual(['infant']);
  });
});

describe('derivePhases over several children', () => {
  it('returns the union of all children in life-phase order, without repeats', () => {
    const children = [
      { birthDate: '2012-01-01' },
      { expectedBirthDate: '2026-09-01' },
      { birthDate: '2022-01-01' },
      { birthDate: '2024-01-01' },
    ];

    expect(derivePhases(children, TODAY)).toEqual(['pregnancy', 'infant', 'kita', 'secondary']);
  });

  it('returns no phase for no children', () => {
    expect(derivePhases([], TODAY)).toEqual([]);
  });

  it('ignores a child of 27 or older but keeps the siblings', () => {
    expect(derivePhases([{ birthDate: '1990-01-01' }, { birthDate: '2018-01-01' }], TODAY)).toEqual(['primary']);
  });
});

describe('derivePhases on calendar details', () => {
  it('counts a child born on 29 Feb as not yet 3 on 28 Feb of a common year', () => {
    expect(derivePhases([{ birthDate: '2024-02-29' }], new Date('2027-02-28T12:00:00Z'))).toEqual(['infant']);
  });

  it('counts a child born on 29 Feb as 3 from 1 March of a common year', () => {
    expect(derivePhases([{ birthDate: '2024-02-29' }], new Date('2027-03-01T00:00:00Z'))).toEqual(['kita']);
  });

  it('counts a child born on 29 Feb as not yet 16 on 28 Feb of a leap year', () => {
    expect(derivePhases([{ birthDate: '2024-02-29' }], new Date('2040-02-28T12:00:00Z'))).toEqual(['secondary']);
  });

  it('counts a child born on 29 Feb as 16 on 29 Feb of a leap year', () => {
    expect(derivePhases([{ birthDate: '2024-02-29' }], new Date('2040-02-29T12:00:00Z'))).toEqual(['transition']);
  });

  it('uses the UTC calendar date of today: the last UTC second of the day before the birthday is still before it', () => {
    expect(derivePhases([{ birthDate: '2023-06-16' }], new Date('2026-06-15T23:59:59Z'))).toEqual(['infant']);
  });

  it('uses the UTC calendar date of today: a local evening that is already the birthday in UTC counts', () => {
    expect(derivePhases([{ birthDate: '2023-06-16' }], new Date('2026-06-15T23:30:00-01:00'))).toEqual(['kita']);
  });

  it('counts the 8 weeks in calendar days across a daylight-saving change (56 days: infant only)', () => {
    // Europe switches to summer time on 2026-03-29, between the birth and today.
    expect(derivePhases([{ birthDate: '2026-02-23' }], new Date('2026-04-20T00:30:00Z'))).toEqual(['infant']);
  });

  it('counts the 8 weeks in calendar days across a daylight-saving change (55 days: still pregnancy)', () => {
    expect(derivePhases([{ birthDate: '2026-02-24' }], new Date('2026-04-20T00:30:00Z'))).toEqual([
      'pregnancy',
      'infant',
    ]);
  });
});
