// Test data builders for the domain unit tests: a valid referral body, offers and a minimal catalogue.
import type { Catalogue, Offer } from '#domain/catalogue.ts';
import type { MatchRequest } from '#domain/matching.ts';

/** "Now" for referral tests: a few days after the API.md example's consent. */
export const NOW = new Date('2026-11-25T12:00:00Z');

/** The API.md example body (valid at NOW). A fresh deep copy per call, so tests can mutate it. */
export function exampleReferral(): Record<string, unknown> {
  return {
    referrer: { name: 'Anna Beispiel', phone: '+49 231 000000', email: 'lotsin@klinik.example' },
    consent: {
      scopes: ['office', 'offer', 'feedback'],
      givenBy: 'parent',
      givenAt: '2026-11-20T10:00:00Z',
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
    children: [{ birthDate: '2026-10-01' }, { expectedBirthDate: '2027-03-01' }],
    languages: ['de', 'ar'],
    interpreterNeeded: true,
    needs: ['parenting', 'financial-support'],
    urgency: 'soon',
    postalCode: '44137',
    accessibility: { homeVisit: true, barrierFree: false, childcareDuringAppointment: false },
    note: 'Mutter wünscht Kontakt auf Arabisch.',
  };
}

export function anOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'offer-a',
    name: 'Angebot A',
    organization: 'Träger A',
    status: 'active',
    needs: ['parenting'],
    lifePhases: ['infant'],
    districts: ['nord'],
    languages: ['de'],
    modes: ['on-site'],
    ...overrides,
  };
}

export function aRequest(overrides: Partial<MatchRequest> = {}): MatchRequest {
  return {
    districtId: 'nord',
    phases: ['infant'],
    needs: ['parenting'],
    languages: ['de'],
    homeVisit: false,
    ...overrides,
  };
}

export function aCatalogue(): Catalogue {
  return {
    municipality: { id: 'testheim', name: 'Testheim', childProtectionContact: 'Jugendamt Testheim, Tel. 0000 000000' },
    districts: [
      { id: 'nord', name: 'Nord', postalCodes: ['10001', '10002'] },
      { id: 'sued', name: 'Süd', postalCodes: ['10003'] },
    ],
    offices: [{ id: 'fb-nord', name: 'Familienbüro Nord', districts: ['nord'], email: 'fb-nord@testheim.example' }],
    institutions: [{ id: 'klinik', name: 'Klinik', type: 'birth-clinic' }],
    offers: [anOffer({ id: 'offer-a' }), anOffer({ id: 'offer-b', districts: [] })],
  };
}
