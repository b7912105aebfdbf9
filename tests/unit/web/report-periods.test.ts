// The Versorgungsbericht's sentence naming the whole periods a report covers.
import { describe, expect, it } from 'vitest';
import { periodsText } from '../../../web/src/screens/coordinator/report-periods.ts';

const month = (id: string) => ({ id, from: `${id}-01`, to: `${id}-28` });

describe('the periods a report covers, in words', () => {
  it('names the first and last month of several', () => {
    expect(periodsText({ grid: 'month', periods: [month('2026-11'), month('2026-12'), month('2027-01')] })).toBe(
      'Zeitraum: November 2026 bis Januar 2027 (ganze Monate)',
    );
  });

  it('names a single month or quarter as whole', () => {
    expect(periodsText({ grid: 'month', periods: [month('2026-11')] })).toBe('Zeitraum: November 2026 (ganzer Monat)');
    expect(periodsText({ grid: 'quarter', periods: [{ id: '2026-Q4', from: '2026-10-01', to: '2026-12-31' }] })).toBe(
      'Zeitraum: 4. Quartal 2026 (ganzes Quartal)',
    );
  });

  it('names quarters as quarters', () => {
    const periods = [
      { id: '2026-Q3', from: '2026-07-01', to: '2026-09-30' },
      { id: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
    ];
    expect(periodsText({ grid: 'quarter', periods })).toBe(
      'Zeitraum: 3. Quartal 2026 bis 4. Quartal 2026 (ganze Quartale)',
    );
  });
});
