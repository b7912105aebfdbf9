// Generated catalogues and referrals for the routing benchmark: seeded, so every run ranks the same offers, with
// distributions shaped like a large municipality's prevention chain (documented in the section's notes).
import type { Offer } from '#domain/catalogue.ts';
import { LIFE_PHASES, type LifePhase, NEED_CODES, type NeedCode, OFFER_MODES, type OfferMode } from '#domain/codes.ts';
import type { MatchRequest } from '#domain/matching.ts';

/** A large city's districts (Stadtbezirke); the same for every size so that only the number of offers grows. */
export const GENERATED_DISTRICTS = 24;

// Frequent needs first (parenting, money, childcare), rare ones last; used for offers and referrals alike.
const NEED_WEIGHTS: Readonly<Record<NeedCode, number>> = {
  parenting: 14,
  'financial-support': 12,
  childcare: 11,
  'family-education': 10,
  'health-support': 9,
  'early-intervention': 8,
  'everyday-relief': 7,
  'pregnancy-counselling': 6,
  language: 5,
  school: 5,
  relationship: 4,
  participation: 3,
  migration: 3,
  'career-transition': 2,
};
const FAMILY_LANGUAGES = [
  'tr',
  'ar',
  'ru',
  'pl',
  'uk',
  'en',
  'fa',
  'ku',
  'ro',
  'bg',
  'it',
  'el',
  'es',
  'fr',
  'so',
  'ti',
];
const MODE_PROBABILITY: Readonly<Record<OfferMode, number>> = {
  'on-site': 0.8,
  outreach: 0.3,
  online: 0.2,
  phone: 0.25,
};

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Index by cumulative weights: [0.35, 0.35, 0.2, 0.1] → 0..3. */
function weightedIndex(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let roll = random() * total;
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return index;
  }
  return weights.length - 1;
}

function distinctNeeds(random: Random, count: number): NeedCode[] {
  const needs = new Set<NeedCode>();
  const weights = NEED_CODES.map((need) => NEED_WEIGHTS[need]);
  while (needs.size < count) needs.add(NEED_CODES[weightedIndex(random, weights)] as NeedCode);
  return [...needs];
}

function phaseRun(random: Random, length: number): LifePhase[] {
  const start = Math.floor(random() * (LIFE_PHASES.length - length + 1));
  return LIFE_PHASES.slice(start, start + length);
}

function languageDistribution(random: Random): string[] {
  const languages = new Set<string>();
  if (random() < 0.95) languages.add('de');
  const extra = weightedIndex(random, [0.5, 0.3, 0.15, 0.05]);
  while (languages.size < extra + (languages.has('de') ? 1 : 0) || languages.size === 0) {
    languages.add(FAMILY_LANGUAGES[Math.floor(random() ** 2 * FAMILY_LANGUAGES.length)] as string);
  }
  return [...languages];
}

export function districtId(index: number): string {
  return `bezirk-${String(index + 1).padStart(2, '0')}`;
}

/**
 * `count` offers: 15 % municipality-wide, else 1–3 neighbouring districts; 1–4 needs (weighted); a run of 1–3 life
 * phases; German plus 0–3 family languages; modes by frequency; 40 % without tracked capacity, the rest with 5–40
 * places of which a uniform share is left (some fully booked); 5 % inactive.
 */
export function generateOffers(count: number, random: Random): Offer[] {
  const offers: Offer[] = [];
  for (let index = 0; index < count; index += 1) {
    const wide = random() < 0.15;
    const first = Math.floor(random() * GENERATED_DISTRICTS);
    const span = weightedIndex(random, [0.7, 0.2, 0.1]) + 1;
    const districts = wide
      ? []
      : Array.from({ length: span }, (_, offset) => districtId((first + offset) % GENERATED_DISTRICTS));
    const modes = OFFER_MODES.filter((mode) => random() < MODE_PROBABILITY[mode]);
    const tracked = random() >= 0.4;
    const maximum = 5 + Math.floor(random() * 36);
    const offer: Offer = {
      id: `offer-${String(index).padStart(6, '0')}`,
      name: `Angebot ${index}`,
      organization: `Träger ${index % 997}`,
      status: random() < 0.05 ? 'inactive' : 'active',
      needs: distinctNeeds(random, weightedIndex(random, [0.35, 0.35, 0.2, 0.1]) + 1),
      lifePhases: phaseRun(random, weightedIndex(random, [0.4, 0.4, 0.2]) + 1),
      districts,
      languages: languageDistribution(random),
      modes: modes.length > 0 ? modes : ['on-site'],
      ...(tracked ? { capacity: { available: Math.floor(random() * (maximum + 1)), maximum } } : {}),
    };
    offers.push(offer);
  }
  return offers;
}

/** A referral's routing request: any district, 1–3 needs (weighted), 1–2 adjacent phases, languages, home visit. */
export function generateRequest(random: Random): MatchRequest {
  const roll = random();
  const familyLanguage = pick(random, FAMILY_LANGUAGES);
  return {
    districtId: districtId(Math.floor(random() * GENERATED_DISTRICTS)),
    phases: phaseRun(random, random() < 0.6 ? 1 : 2),
    needs: distinctNeeds(random, weightedIndex(random, [0.45, 0.35, 0.2]) + 1),
    languages: roll < 0.6 ? ['de'] : roll < 0.9 ? ['de', familyLanguage] : [familyLanguage],
    homeVisit: random() < 0.3,
  };
}
