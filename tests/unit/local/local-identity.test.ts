// The accounts the local runtime starts with, and the local password.
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '#domain/catalogue.ts';
import { localPassword, seededAccounts } from '#infra/local/local-identity.ts';

const catalogue = {
  municipality: { id: 'musterstadt', name: 'Musterstadt', childProtectionContact: 'Jugendamt' },
  districts: [],
  offices: [
    { id: 'fb-nord', name: 'Familienbüro Nord', districts: ['nord'], email: 'fb@musterstadt.example' },
    { id: 'fb-ost', name: 'Familienbüro Ost', districts: ['ost'], email: 'FB@musterstadt.example' },
  ],
  institutions: [{ id: 'klinik-mitte', name: 'St.-Beispiel-Klinik', type: 'birth-clinic' }],
  offers: [],
} as unknown as Catalogue;

describe('the seeded accounts', () => {
  it('are the coordinator and one per institution and office, named by its id, with its role and binding', () => {
    expect(
      seededAccounts(catalogue).map(({ username, role, organizationId }) => [username, role, organizationId]),
    ).toEqual([
      ['koordination', 'coordinator', null],
      ['klinik-mitte', 'referrer', 'klinik-mitte'],
      ['fb-nord', 'office', 'fb-nord'],
      ['fb-ost', 'office', 'fb-ost'],
    ]);
  });

  it("use an office's own e-mail, else a fictional one of the municipality, and never one address twice", () => {
    expect(seededAccounts(catalogue).map((account) => account.email)).toEqual([
      'koordination@musterstadt.lotse.local',
      'klinik-mitte@musterstadt.lotse.local',
      'fb@musterstadt.example',
      'fb-ost@musterstadt.lotse.local',
    ]);
  });
});

describe('the local password', () => {
  it('is LOTSE_LOCAL_PASSWORD when set, else a random one per start', () => {
    expect(localPassword({ LOTSE_LOCAL_PASSWORD: 'geheim-genug' })).toBe('geheim-genug');
    expect(localPassword({})).not.toBe(localPassword({}));
  });
});
