// Test data builders for the domain unit tests: a valid referral body, offers and a minimal catalogue.
import type { Catalogue, Offer } from '#domain/catalogue.ts';
import { exampleReferral as exampleReferralAt } from '#domain/example-referral.ts';
import type { MatchRequest } from '#domain/matching.ts';

/** "Now" for referral tests: a few days after the API.md example's consent. */
export const NOW = new Date('2026-11-25T12:00:00Z');

/** The API.md example body (valid at NOW). A fresh object per call, so tests can mutate it. */
export function exampleReferral(): Record<string, unknown> {
  return exampleReferralAt(NOW);
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
