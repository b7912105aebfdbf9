// The seeded fictional municipality "Musterstadt": valid, varied enough for demos, and sensible for API.md's example.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Catalogue, validateCatalogue } from '#domain/catalogue.ts';
import { type InstitutionType, LIFE_PHASES } from '#domain/codes.ts';
import { createMatcher } from '#domain/matching.ts';
import { derivePhases } from '#domain/phases.ts';
import { referralSchema } from '#domain/referral.ts';
import { exampleReferral, NOW } from './fixtures.ts';

const SEED_PATH = new URL('../../../infra/local/catalogues/musterstadt.json', import.meta.url);

function loadSeed(): Catalogue {
  const result = validateCatalogue(JSON.parse(readFileSync(SEED_PATH, 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.catalogue;
}

describe('the Musterstadt seed catalogue', () => {
  it('passes validateCatalogue without problems', () => {
    const result = validateCatalogue(JSON.parse(readFileSync(SEED_PATH, 'utf8')));

    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('is the municipality musterstadt with a child-protection contact', () => {
    const { municipality } = loadSeed();

    expect(municipality).toMatchObject({
      id: 'musterstadt',
      childProtectionContact: expect.stringContaining('Jugendamt'),
    });
  });

  it('has at least four districts, one of them deliberately without an office', () => {
    const catalogue = loadSeed();
    const served = new Set(catalogue.offices.flatMap((office) => office.districts));

    expect(catalogue.districts.length).toBeGreaterThanOrEqual(4);
    expect(catalogue.districts.filter((district) => !served.has(district.id)).map((district) => district.id)).toEqual([
      'hafen',
    ]);
  });

  it('has at least three offices and registers klinik-mitte as a birth clinic', () => {
    const catalogue = loadSeed();

    expect(catalogue.offices.length).toBeGreaterThanOrEqual(3);
    expect(catalogue.institutions).toContainEqual(
      expect.objectContaining({ id: 'klinik-mitte', type: 'birth-clinic' }),
    );
  });

  it('has institutions of at least three types, including a paediatric practice, a Kita and a school', () => {
    const types = new Set(loadSeed().institutions.map((institution) => institution.type));

    expect(types.size).toBeGreaterThanOrEqual(3);
    expect(['paediatric-practice', 'kita', 'school'].filter((type) => !types.has(type as InstitutionType))).toEqual([]);
  });

  it('has at least 18 offers covering every life phase and at least 12 needs', () => {
    const { offers } = loadSeed();

    expect(offers.length).toBeGreaterThanOrEqual(18);
    expect(new Set(offers.flatMap((offer) => offer.lifePhases))).toEqual(new Set(LIFE_PHASES));
    expect(new Set(offers.flatMap((offer) => offer.needs)).size).toBeGreaterThanOrEqual(12);
  });

  it('has inactive, full, untracked, municipality-wide and outreach offers in several languages', () => {
    const { offers } = loadSeed();

    expect(offers.some((offer) => offer.status === 'inactive')).toBe(true);
    expect(offers.some((offer) => offer.capacity?.available === 0)).toBe(true);
    expect(offers.some((offer) => offer.capacity === undefined)).toBe(true);
    expect(offers.some((offer) => offer.districts.length === 0)).toBe(true);
    expect(offers.some((offer) => offer.modes.includes('outreach'))).toBe(true);
    const languages = new Set(offers.flatMap((offer) => offer.languages));
    expect(['de', 'tr', 'ar', 'uk', 'ru', 'en'].filter((language) => !languages.has(language))).toEqual([]);
  });

  it('gives the API.md example referral sensible proposals', () => {
    const catalogue = loadSeed();
    const referral = referralSchema(NOW).parse(exampleReferral());
    const district = catalogue.districts.find((candidate) => candidate.postalCodes.includes(referral.postalCode));

    const proposals = createMatcher(catalogue.offers).match({
      districtId: district?.id ?? '',
      phases: derivePhases(referral.children, NOW),
      needs: referral.needs,
      languages: referral.languages,
      homeVisit: referral.accessibility?.homeVisit ?? false,
    });

    expect(district?.id).toBe('nord');
    expect(proposals.map((proposal) => proposal.offerId)).toEqual([
      'willkommensbesuch',
      'familienhebammen',
      'schwangerschaftsberatung',
      'erziehungsberatung-nord',
      'elterncafe-nord',
    ]);
  });
});
