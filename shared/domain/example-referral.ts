// The API's example referral (API.md), with its dates relative to `now` so that it always passes the field rules.
// It documents the request in the OpenAPI description, in the local runtime's start banner, and seeds tests.
import type { ReferralInput } from './referral.ts';

const DAY_MS = 86_400_000;

const dateOffset = (now: Date, days: number): string =>
  new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * At now = 2026-11-25T12:00Z this is exactly the body printed in API.md: consent given five days before, a baby born
 * 55 days ago (so in both `pregnancy` and `infant`) and a second child expected in 96 days.
 */
export function exampleReferral(now: Date): ReferralInput {
  return {
    referrer: { name: 'Anna Beispiel', phone: '+49 231 000000', email: 'lotsin@klinik.example' },
    consent: {
      scopes: ['office', 'offer', 'feedback'],
      givenBy: 'parent',
      givenAt: new Date(now.getTime() - 5 * DAY_MS - 2 * 3_600_000).toISOString().replace('.000Z', 'Z'),
      method: 'written',
    },
    childProtectionConcern: false,
    contact: {
      name: 'Maria Muster',
      role: 'mother',
      phone: '+49 170 0000000',
      email: null,
      preferredChannel: 'phone',
      bestTime: 'vormittags',
      mayLeaveMessage: true,
    },
    children: [{ birthDate: dateOffset(now, -55) }, { expectedBirthDate: dateOffset(now, 96) }],
    languages: ['de', 'ar'],
    interpreterNeeded: true,
    needs: ['parenting', 'financial-support'],
    urgency: 'soon',
    postalCode: '44137',
    accessibility: { homeVisit: true, barrierFree: false, childcareDuringAppointment: false },
    note: 'Mutter wünscht Kontakt auf Arabisch.',
  };
}
