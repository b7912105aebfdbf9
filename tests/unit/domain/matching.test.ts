// The matching engine: every eligibility exclusion, every ranking key deciding alone, the cap, and reasons.
import { describe, expect, it } from 'vitest';
import type { Offer } from '#domain/catalogue.ts';
import { LIFE_PHASES, NEED_CODES } from '#domain/codes.ts';
import { createMatcher, MAX_PROPOSALS, type MatchRequest } from '#domain/matching.ts';
import { anOffer, aRequest } from './fixtures.ts';

function matchIds(offers: Offer[], request: MatchRequest = aRequest()): string[] {
  return createMatcher(offers)
    .match(request)
    .map((proposal) => proposal.offerId);
}

describe('eligibility', () => {
  it('proposes an active offer in the district that shares a phase and a need', () => {
    expect(matchIds([anOffer()])).toEqual(['offer-a']);
  });

  it('excludes an inactive offer', () => {
    expect(matchIds([anOffer({ status: 'inactive' })])).toEqual([]);
  });

  it('excludes an offer whose tracked capacity has no places left', () => {
    expect(matchIds([anOffer({ capacity: { available: 0, maximum: 10 } })])).toEqual([]);
  });

  it('includes an offer with one place left', () => {
    expect(matchIds([anOffer({ capacity: { available: 1, maximum: 10 } })])).toEqual(['offer-a']);
  });

  it('includes an offer that does not track capacity', () => {
    expect(matchIds([anOffer({ capacity: undefined })])).toEqual(['offer-a']);
  });

  it('excludes an offer that serves only other districts', () => {
    expect(matchIds([anOffer({ districts: ['sued', 'west'] })])).toEqual([]);
  });

  it('includes an offer that lists the district among others', () => {
    expect(matchIds([anOffer({ districts: ['sued', 'nord'] })])).toEqual(['offer-a']);
  });

  it('includes an offer with no districts, as it serves the whole municipality', () => {
    expect(matchIds([anOffer({ districts: [] })], aRequest({ districtId: 'anywhere' }))).toEqual(['offer-a']);
  });

  it('excludes an offer that serves none of the referral life phases', () => {
    expect(matchIds([anOffer({ lifePhases: ['kita', 'primary'] })])).toEqual([]);
  });

  it('includes an offer that shares one of several life phases', () => {
    expect(matchIds([anOffer({ lifePhases: ['pregnancy'] })], aRequest({ phases: ['pregnancy', 'infant'] }))).toEqual([
      'offer-a',
    ]);
  });

  it('excludes an offer that covers none of the referral needs', () => {
    expect(matchIds([anOffer({ needs: ['childcare'] })])).toEqual([]);
  });

  it('proposes nothing when the referral has no life phase (e.g. only adults)', () => {
    expect(matchIds([anOffer()], aRequest({ phases: [] }))).toEqual([]);
  });

  it('does not exclude an offer for not speaking a family language', () => {
    expect(matchIds([anOffer({ languages: ['tr'] })], aRequest({ languages: ['ar'] }))).toEqual(['offer-a']);
  });

  it('proposes an offer once even when it is reached through several needs', () => {
    const offer = anOffer({ needs: ['parenting', 'childcare'] });

    expect(matchIds([offer], aRequest({ needs: ['parenting', 'childcare'] }))).toEqual(['offer-a']);
  });
});

describe('ranking: each key decides on its own', () => {
  it('ranks an offer covering more of the needs first, although it loses on every later key', () => {
    const fewer = anOffer({
      id: 'a',
      needs: ['parenting'],
      languages: ['ar'],
      modes: ['outreach'],
      capacity: undefined,
    });
    const more = anOffer({ id: 'z', needs: ['parenting', 'childcare'], languages: ['tr'], capacity: { available: 1 } });
    const request = aRequest({ needs: ['parenting', 'childcare'], languages: ['ar'], homeVisit: true });

    expect(matchIds([fewer, more], request)).toEqual(['z', 'a']);
  });

  it('ranks an offer speaking a family language first, although it loses on every later key', () => {
    const foreign = anOffer({ id: 'a', languages: ['tr'], modes: ['outreach'], capacity: undefined });
    const speaking = anOffer({ id: 'z', languages: ['fr', 'ar'], modes: ['on-site'], capacity: { available: 1 } });
    const request = aRequest({ languages: ['de', 'ar'], homeVisit: true });

    expect(matchIds([foreign, speaking], request)).toEqual(['z', 'a']);
  });

  it('ranks an outreach offer first when a home visit is wanted, although it loses on every later key', () => {
    const onSite = anOffer({ id: 'a', modes: ['on-site', 'online'], capacity: undefined });
    const outreach = anOffer({ id: 'z', modes: ['on-site', 'outreach'], capacity: { available: 1 } });

    expect(matchIds([onSite, outreach], aRequest({ homeVisit: true }))).toEqual(['z', 'a']);
  });

  it('ignores the outreach mode when no home visit is wanted', () => {
    const onSite = anOffer({ id: 'a', modes: ['on-site'], capacity: { available: 5 } });
    const outreach = anOffer({ id: 'z', modes: ['outreach'], capacity: { available: 1 } });

    expect(matchIds([outreach, onSite], aRequest({ homeVisit: false }))).toEqual(['a', 'z']);
  });

  it('ranks the offer with more places left first, although it loses on the id', () => {
    const fewPlaces = anOffer({ id: 'a', capacity: { available: 2, maximum: 10 } });
    const manyPlaces = anOffer({ id: 'z', capacity: { available: 5, maximum: 10 } });

    expect(matchIds([fewPlaces, manyPlaces])).toEqual(['z', 'a']);
  });

  it('ranks an offer that does not track capacity above any tracked one (counted as unlimited)', () => {
    const tracked = anOffer({ id: 'a', capacity: { available: 500 } });
    const untracked = anOffer({ id: 'z', capacity: undefined });

    expect(matchIds([tracked, untracked])).toEqual(['z', 'a']);
  });

  it('breaks a full tie by id ascending', () => {
    const offers = [anOffer({ id: 'offer-c' }), anOffer({ id: 'offer-a' }), anOffer({ id: 'offer-b' })];

    expect(matchIds(offers)).toEqual(['offer-a', 'offer-b', 'offer-c']);
  });

  it('compares ids by code unit, independent of locale (uppercase before lowercase)', () => {
    expect(matchIds([anOffer({ id: 'b' }), anOffer({ id: 'B' })])).toEqual(['B', 'b']);
  });

  it('counts needs covered, not the number of needs an offer has', () => {
    const broad = anOffer({ id: 'a', needs: ['parenting', 'childcare', 'school', 'migration'] });
    const focused = anOffer({ id: 'b', needs: ['parenting', 'language'] });

    expect(matchIds([broad, focused], aRequest({ needs: ['parenting', 'language'] }))).toEqual(['b', 'a']);
  });
});

describe('proposals', () => {
  it(`returns at most ${MAX_PROPOSALS} proposals, ranked 1 to ${MAX_PROPOSALS}`, () => {
    const offers = Array.from({ length: 8 }, (_, index) => anOffer({ id: `offer-${index}` }));

    const proposals = createMatcher(offers).match(aRequest());

    expect(proposals.map((proposal) => proposal.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the best five when more are eligible, whatever the catalogue order', () => {
    const offers = Array.from({ length: 8 }, (_, index) =>
      anOffer({ id: `o${index}`, capacity: { available: index + 1 } }),
    );

    expect(matchIds(offers.reverse())).toEqual(['o7', 'o6', 'o5', 'o4', 'o3']);
  });

  it('describes each proposal with the offer facts that decided it', () => {
    const offer = anOffer({
      id: 'hebammen',
      name: 'Familienhebammen',
      organization: 'Gesundheitsamt',
      needs: ['health-support', 'parenting'],
      lifePhases: ['pregnancy', 'infant'],
      districts: [],
      languages: ['de', 'ar'],
      modes: ['outreach'],
      capacity: { available: 2, maximum: 12 },
    });
    const request = aRequest({ needs: ['parenting', 'financial-support'], languages: ['ar'], homeVisit: true });

    const [proposal] = createMatcher([offer]).match(request);

    expect(proposal).toMatchObject({
      rank: 1,
      offerId: 'hebammen',
      name: 'Familienhebammen',
      organization: 'Gesundheitsamt',
      needsCovered: ['parenting'],
      speaksFamilyLanguage: true,
      outreach: true,
      capacityAvailable: 2,
    });
  });

  it('gives every proposal reasons for needs, life phase, area, language and capacity', () => {
    const offers = [
      anOffer({ id: 'a' }),
      anOffer({ id: 'b', districts: [], languages: ['tr'], capacity: { available: 3 } }),
    ];

    const proposals = createMatcher(offers).match(aRequest());

    expect(proposals.map((proposal) => proposal.reasons.map((reason) => reason.code))).toEqual([
      ['needs-covered', 'life-phase', 'district', 'family-language', 'capacity-untracked'],
      ['needs-covered', 'life-phase', 'municipality-wide', 'no-family-language', 'capacity'],
    ]);
  });

  it('adds a home-visit reason when an outreach offer meets a home-visit wish', () => {
    const [proposal] = createMatcher([anOffer({ modes: ['outreach'] })]).match(aRequest({ homeVisit: true }));

    expect(proposal?.reasons).toContainEqual({
      code: 'home-visit',
      detail: 'works outreach (home visits), as the family wishes',
    });
  });

  it('writes a readable detail for every reason', () => {
    const [proposal] = createMatcher([anOffer({ capacity: { available: 1 } })]).match(aRequest());

    expect(proposal?.reasons).toEqual([
      { code: 'needs-covered', detail: 'covers 1 of 1 requested needs: parenting' },
      { code: 'life-phase', detail: 'serves the life phase infant' },
      { code: 'district', detail: 'serves the district nord' },
      { code: 'family-language', detail: 'speaks the family language de' },
      { code: 'capacity', detail: '1 place available' },
    ]);
  });

  it('reports untracked capacity as null', () => {
    const [proposal] = createMatcher([anOffer({ capacity: undefined })]).match(aRequest());

    expect(proposal?.capacityAvailable).toBeNull();
  });
});

describe('the index agrees with a plain reading of the rules', () => {
  /** The rules of API.md "Routing", written as directly as possible, without any index. */
  function referenceMatch(offers: Offer[], request: MatchRequest): string[] {
    const key = (offer: Offer) => [
      -offer.needs.filter((need) => request.needs.includes(need)).length,
      offer.languages.some((language) => request.languages.includes(language)) ? 0 : 1,
      request.homeVisit && offer.modes.includes('outreach') ? 0 : 1,
      -(offer.capacity?.available ?? Number.POSITIVE_INFINITY),
    ];
    return offers
      .filter((offer) => offer.status === 'active')
      .filter((offer) => offer.capacity === undefined || offer.capacity.available > 0)
      .filter((offer) => offer.districts.length === 0 || offer.districts.includes(request.districtId))
      .filter((offer) => offer.lifePhases.some((phase) => request.phases.includes(phase)))
      .filter((offer) => offer.needs.some((need) => request.needs.includes(need)))
      .sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        for (let index = 0; index < ka.length; index += 1) {
          const difference = (ka[index] ?? 0) - (kb[index] ?? 0);
          if (difference !== 0 && !Number.isNaN(difference)) return difference;
        }
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      })
      .slice(0, 5)
      .map((offer) => offer.id);
  }

  function seededRandom(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }

  function pick<T>(random: () => number, values: readonly T[], max: number): T[] {
    const count = 1 + Math.floor(random() * max);
    return [...new Set(Array.from({ length: count }, () => values[Math.floor(random() * values.length)] as T))];
  }

  it('proposes the same offers in the same order for 300 random catalogues, three requests each', () => {
    const random = seededRandom(42);
    const districts = ['nord', 'ost', 'sued', 'west'];
    const languages = ['de', 'tr', 'ar', 'uk'];
    const mismatches: number[] = [];

    for (let round = 0; round < 300; round += 1) {
      const offers = Array.from({ length: 40 }, (_, index) =>
        anOffer({
          id: `o${String(Math.floor(random() * 1000)).padStart(3, '0')}-${index}`,
          status: random() < 0.15 ? 'inactive' : 'active',
          needs: pick(random, NEED_CODES.slice(0, 5), 3),
          lifePhases: pick(random, LIFE_PHASES, 3),
          districts: random() < 0.3 ? [] : pick(random, districts, 2),
          languages: pick(random, languages, 2),
          modes: random() < 0.4 ? ['outreach'] : ['on-site'],
          capacity: random() < 0.3 ? undefined : { available: Math.floor(random() * 4) },
        }),
      );
      // One matcher answers several requests, as in the router: no state may leak from one match to the next.
      const matcher = createMatcher(offers);
      for (let requestIndex = 0; requestIndex < 3; requestIndex += 1) {
        const request = aRequest({
          districtId: districts[Math.floor(random() * districts.length)] ?? 'nord',
          phases: pick(random, LIFE_PHASES, 2),
          needs: pick(random, NEED_CODES.slice(0, 5), 3),
          languages: pick(random, languages, 2),
          homeVisit: random() < 0.5,
        });

        const actual = matcher.match(request).map((proposal) => proposal.offerId);
        if (JSON.stringify(actual) !== JSON.stringify(referenceMatch(offers, request))) mismatches.push(round);
      }
    }

    expect(mismatches).toEqual([]);
  });
});
