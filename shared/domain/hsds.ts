// Open Referral HSDS 3.0/3.1 services ⇄ catalogue offers: the import mapping (with reasons per field) and a lossless
// export whose ids are all UUIDs.
import * as z from 'zod';
import { type Offer, type OfferCapacity, offerSchema } from './catalogue.ts';
import { unknownDistricts } from './catalogue-rules.ts';
import { LIFE_PHASES, type LifePhase, NEED_CODES, type NeedCode, OFFER_MODES, type OfferMode } from './codes.ts';
import { entityId, expecting, languageCode, oneOf, printableString, text } from './field-rules.ts';
import { isRecord } from './json-value.ts';
import { lazily } from './lazily.ts';
import { AGED_PHASES, type AgedPhase, PHASE_AGE_BANDS } from './phases.ts';
import { municipalityNamespace, uuidV5 } from './uuid-v5.ts';
import { type FieldError, toFieldErrors } from './zod-issues.ts';

/*
 * The mapping, field by field (HSDS 3.0 compiled service; `capacities` from 3.1):
 *   id                            ← the offer id is the `lotse-id` attribute's value when the service carries one,
 *                                   else the service id (our id rules apply: HSDS UUIDs pass them)
 *                                 → a UUIDv5 of the municipality and the offer id (every nested id likewise), plus the
 *                                   `lotse-id` attribute with the offer id as its value (see `hsdsServiceFromOffer`)
 *   name                          ⇄ name
 *   status                        → `active` stays active; `inactive`, `defunct`, `temporarily closed` → inactive
 *   organization.name             ⇄ organization
 *   languages[].code              ⇄ languages (ISO 639-1 only; ISO 639-3 codes are rejected)
 *   service_areas[].uri           ⇄ districts: `urn:lotse:district:<id>` or an http(s) URL whose last path segment is
 *                                   the district id; no service area = the whole municipality
 *   attributes[] (taxonomy_term)  ⇄ needs (`lotse-needs`), modes (`lotse-modes`, default `on-site`) and life phases
 *                                   (`lotse-life-phase`); attributes of any other taxonomy are ignored
 *   minimum_age, maximum_age      ⇄ life phases, see below
 *   capacities[0] (HSDS 3.1)      ⇄ capacity { available, maximum? } (at most one entry; absent = not tracked); the
 *                                   export writes the unit "Plätze" and `updated` = the time of the export
 *   service_capacity[0]           → capacity, as `capacities` (the older name, read when `capacities` is absent)
 *
 * Life phases. The ages are read as the half-open range [minimum_age, maximum_age) in years (absent minimum = 0,
 * absent maximum = no limit), and a phase applies when its DOMAIN.md age band overlaps that range: 0–3 infant,
 * 3–6 kita, 6–10 primary, 10–16 secondary, 16–27 transition (each "to under"). So maximum_age 3 means "under 3"
 * (infant only) and minimum_age 3 starts at kita.
 * Pregnancy has no age, so ages alone never yield it. When the service carries `lotse-life-phase` attributes, they
 * ARE the life phases (ages cannot say "pregnancy", nor a gap such as infant + primary); the ages must then not
 * contradict them: pregnancy needs minimum_age absent or 0, and every other listed phase must overlap the age range.
 * The export always writes the attributes and the smallest age range that covers the phases (minimum_age 0 whenever
 * pregnancy is among them; no ages at all for pregnancy alone), so offer → HSDS → offer is the identity.
 */

export const HSDS_TAXONOMIES = {
  needs: 'lotse-needs',
  modes: 'lotse-modes',
  lifePhases: 'lotse-life-phase',
} as const;

/**
 * The taxonomy of the attribute that keeps Lotse's offer id (its `value`). HSDS has no identifier list for services
 * (`organization_identifiers` exist for organizations only), `alternate_name` is a name for people and `url` a web
 * address; an attribute's `value` is the place HSDS gives a term-typed value, and consumers that do not know the
 * taxonomy ignore it.
 */
export const LOTSE_ID_TAXONOMY = 'lotse-id';
const LOTSE_ID_TERM_CODE = 'offer-id';
type TaxonomyKind = keyof typeof HSDS_TAXONOMIES;

/** HSDS 3.0 service statuses. */
export const HSDS_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type HsdsStatus = (typeof HSDS_STATUSES)[number];

export const DISTRICT_URN_PREFIX = 'urn:lotse:district:';

const MAX_AGE = 150;
const MAX_PLACES = 1_000_000;

function age() {
  return z
    .number(expecting('a number of years'))
    .min(0, { error: 'must not be negative' })
    .max(MAX_AGE, { error: `must be at most ${MAX_AGE}` });
}

function places(min: number) {
  return z
    .int(expecting('a whole number'))
    .min(min, { error: min === 0 ? 'must not be negative' : `must be at least ${min}` })
    .max(MAX_PLACES, { error: `must be at most ${MAX_PLACES}` });
}

// Built on first use (lazily): only the catalogue import and export and the OpenAPI document read HSDS services.
const serviceCapacitySchema = lazily(() =>
  z
    .looseObject(
      { available: places(0), maximum: places(1).nullish() },
      expecting('an object with available (and optionally maximum) places'),
    )
    .superRefine((value, ctx) => {
      if (value.maximum != null && value.available > value.maximum) {
        ctx.addIssue({ code: 'custom', path: ['available'], message: 'must not exceed maximum' });
      }
    }),
);

function capacityList() {
  return z
    .array(serviceCapacitySchema(), expecting('a list of service capacities'))
    .max(1, { error: 'must contain at most one capacity (places of one kind)' })
    .nullish();
}

/**
 * One HSDS service: unknown HSDS fields pass (HSDS has many we do not use), the fields we map are checked as strictly
 * as the catalogue document checks an offer. `null` counts as absent for optional fields (common in HSDS exports).
 * District ids are only checked for form here; whether they exist needs the catalogue (`offerFromHsdsService`).
 */
export const hsdsServiceSchema = lazily(() =>
  z
    .looseObject(
      {
        id: entityId(),
        name: text(200),
        status: oneOf(HSDS_STATUSES),
        organization: z.looseObject({ name: text(200) }, expecting("an object with the organization's name")),
        languages: z
          .array(
            z.looseObject({ code: languageCode() }, expecting('an object with a language code')),
            expecting('a list of languages'),
          )
          .min(1, { error: 'must contain at least one language' })
          .max(50, { error: 'must contain at most 50 languages' }),
        minimum_age: age().nullish(),
        maximum_age: age().nullish(),
        service_areas: z
          .array(
            z.looseObject(
              {
                uri: printableString('a URI naming the district').max(2048, {
                  error: 'must be at most 2048 characters long',
                }),
              },
              expecting('an object with a service area'),
            ),
            expecting('a list of service areas'),
          )
          .max(500, { error: 'must contain at most 500 service areas' })
          .nullish(),
        // Only our own taxonomies are read; everything else in an attribute is HSDS business we ignore.
        attributes: z
          .array(z.looseObject({}, expecting('an object with an attribute')), expecting('a list of attributes'))
          .nullish(),
        // HSDS 3.1 `capacities` items and the older `service_capacity` items alike: id, unit and updated are HSDS
        // business the import does not need (one kind of places per offer).
        capacities: capacityList(),
        service_capacity: capacityList(),
      },
      expecting('an object with an HSDS service'),
    )
    // Runs also when other fields are broken, so that one pass lists every problem of the service.
    .superRefine(
      (service, ctx) => {
        for (const problem of mappingProblems(service as unknown as Record<string, unknown>)) {
          ctx.addIssue({
            code: 'custom',
            path: problem.path === '' ? [] : problem.path.split('.'),
            message: problem.message,
          });
        }
      },
      { when: (payload) => isRecord(payload.value) },
    ),
);

export type HsdsService = z.output<ReturnType<typeof hsdsServiceSchema>>;

/**
 * The services of an HSDS service list: a JSON array of services, or an object with a `services` array (the form
 * `GET /v1/catalogue?format=hsds` answers). Undefined when the document is neither, e.g. a catalogue document.
 */
export function hsdsServiceEntries(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (isRecord(doc) && Array.isArray(doc.services)) return doc.services;
  return undefined;
}

/** A whole HSDS service list (either form), every service checked; issues carry `services.3.name`-style paths. */
export const hsdsServiceListSchema = lazily(() =>
  z.unknown().transform((doc, ctx): HsdsService[] => {
    const entries = hsdsServiceEntries(doc);
    if (entries === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON array of HSDS services or an object with a services array',
      });
      return z.NEVER;
    }
    const prefix: PropertyKey[] = Array.isArray(doc) ? [] : ['services'];
    const services: HsdsService[] = [];
    entries.forEach((entry, index) => {
      const parsed = hsdsServiceSchema().safeParse(entry);
      if (parsed.success) {
        services.push(parsed.data);
        return;
      }
      for (const problem of toFieldErrors(parsed.error)) {
        const path = problem.path === '' ? [] : problem.path.split('.');
        ctx.addIssue({ code: 'custom', path: [...prefix, index, ...path], message: problem.message });
      }
    });
    return services;
  }),
);

export type HsdsImportContext = { districtIds: ReadonlySet<string> };
export type HsdsReason = FieldError;
export type HsdsOfferResult = { ok: true; offer: Offer } | { ok: false; reasons: HsdsReason[] };

/**
 * Maps one HSDS service (as found in the list, unparsed) to an offer, or lists every reason it cannot be one, each at
 * its path inside the service (`attributes.2.taxonomy_term.code`, `service_areas.0.uri`).
 */
export function offerFromHsdsService(service: unknown, context: HsdsImportContext): HsdsOfferResult {
  const parsed = hsdsServiceSchema().safeParse(service);
  const districtReasons = unknownDistricts(
    districtIdsOfService(service),
    context.districtIds,
    (index) => `service_areas.${index}.uri`,
  );
  if (!parsed.success) return { ok: false, reasons: [...toFieldErrors(parsed.error), ...districtReasons] };
  if (districtReasons.length > 0) return { ok: false, reasons: districtReasons };

  const data = parsed.data;
  const terms = lotseTerms(data.attributes);
  const phaseTerms = terms.lifePhases.map((term) => term.code as LifePhase);
  const capacity = data.capacities != null ? data.capacities[0] : data.service_capacity?.[0];
  const modes = terms.modes.map((term) => term.code as OfferMode);
  const offer: Offer = {
    id: lotseIdOf(data.attributes) ?? data.id,
    name: data.name,
    organization: data.organization.name,
    status: data.status === 'active' ? 'active' : 'inactive',
    needs: terms.needs.map((term) => term.code as NeedCode),
    lifePhases: phaseTerms.length > 0 ? phaseTerms : agedPhasesOverlapping(ageRange(data)),
    districts: (data.service_areas ?? []).map((area) => districtIdOfUri(area.uri) ?? area.uri),
    languages: data.languages.map((language) => language.code),
    modes: modes.length > 0 ? modes : ['on-site'],
    ...(capacity === undefined
      ? {}
      : {
          capacity: {
            available: capacity.available,
            ...(capacity.maximum == null ? {} : { maximum: capacity.maximum }),
          },
        }),
  };
  // A safety net: everything above is already checked at its HSDS path, so this should never report anything.
  const checked = offerSchema().safeParse(offer);
  return checked.success ? { ok: true, offer: checked.data } : { ok: false, reasons: toFieldErrors(checked.error) };
}

export type HsdsTaxonomyTerm = { id: string; code: string; name: string; description: string; taxonomy: string };
export type HsdsAttribute = {
  id: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
  value?: string;
};
/** HSDS 3.1 service_capacity with its unit. */
export type HsdsCapacity = {
  id: string;
  unit: { id: string; name: string; identifier: string };
  available: number;
  maximum?: number;
  updated: string;
};
/** What the export writes: HSDS 3.0's required fields (also of the nested objects) plus the fields we map. */
export type HsdsServiceExport = {
  id: string;
  name: string;
  status: 'active' | 'inactive';
  organization: { id: string; name: string; description: string };
  languages: { id: string; code: string }[];
  minimum_age?: number;
  maximum_age?: number;
  service_areas: { id: string; uri: string }[];
  attributes: HsdsAttribute[];
  capacities?: HsdsCapacity[];
};

/** Whose ids the export derives (the municipality) and when it reads the capacity (the `updated` of capacities). */
export type HsdsExportContext = { municipalityId: string; exportedAt: Date };

const TERM_DESCRIPTIONS: Readonly<Record<TaxonomyKind, string>> = {
  needs: 'Lotse need category',
  modes: 'Lotse offer mode',
  lifePhases: 'Lotse life phase',
};

/** The unit of every capacity Lotse exports: places (one per family). */
export const HSDS_PLACES_UNIT = { name: 'Plätze', identifier: 'places' } as const;

/**
 * The HSDS service of an offer; `offerFromHsdsService` maps it back to an equal offer (through the `lotse-id`
 * attribute). Every id is a UUIDv5 in the municipality's namespace, named by the offer id and the nested entity, so
 * repeated exports agree and two municipalities never share an id; terms, the unit and organizations are one entity
 * each in the whole export (named without the offer), attributes, languages, service areas and capacities belong to
 * their service.
 */
export function hsdsServiceFromOffer(offer: Offer, context: HsdsExportContext): HsdsServiceExport {
  const namespace = municipalityNamespace(context.municipalityId);
  const uuid = (name: string) => uuidV5(namespace, name);
  const ofOffer = (name: string) => uuid(`offer:${offer.id}:${name}`);
  const term = (taxonomy: string, code: string, name: string, description: string): HsdsTaxonomyTerm => ({
    id: uuid(`term:${taxonomy}:${code}`),
    code,
    name,
    description,
    taxonomy,
  });
  const attribute = (kind: TaxonomyKind, code: string): HsdsAttribute => {
    const taxonomy = HSDS_TAXONOMIES[kind];
    const taxonomyTerm = term(taxonomy, code, code, TERM_DESCRIPTIONS[kind]);
    return {
      id: ofOffer(`attribute:${taxonomy}:${code}`),
      taxonomy_term_id: taxonomyTerm.id,
      taxonomy_term: taxonomyTerm,
    };
  };
  const idTerm = term(LOTSE_ID_TAXONOMY, LOTSE_ID_TERM_CODE, 'Lotse offer id', 'The id of the offer in Lotse');
  const ages = ageRangeOfPhases(offer.lifePhases);
  return {
    id: uuid(`offer:${offer.id}`),
    name: offer.name,
    status: offer.status,
    // Organizations are known by name only; the same name gives the same id across services.
    organization: {
      id: uuid(`organization:${offer.organization}`),
      name: offer.organization,
      description: offer.organization,
    },
    languages: offer.languages.map((code) => ({ id: ofOffer(`language:${code}`), code })),
    ...(ages === undefined ? {} : { minimum_age: ages.from, maximum_age: ages.below }),
    service_areas: offer.districts.map((districtId) => ({
      id: ofOffer(`service-area:${districtId}`),
      uri: `${DISTRICT_URN_PREFIX}${districtId}`,
    })),
    attributes: [
      {
        id: ofOffer(`attribute:${LOTSE_ID_TAXONOMY}`),
        taxonomy_term_id: idTerm.id,
        taxonomy_term: idTerm,
        value: offer.id,
      },
      ...offer.needs.map((code) => attribute('needs', code)),
      ...offer.modes.map((code) => attribute('modes', code)),
      ...offer.lifePhases.map((code) => attribute('lifePhases', code)),
    ],
    ...(offer.capacity === undefined
      ? {}
      : {
          capacities: [
            exportedCapacity(offer.capacity, {
              id: ofOffer('capacity'),
              unitId: uuid(`unit:${HSDS_PLACES_UNIT.identifier}`),
              updated: context.exportedAt.toISOString(),
            }),
          ],
        }),
  };
}

function exportedCapacity(
  { available, maximum }: OfferCapacity,
  ids: { id: string; unitId: string; updated: string },
): HsdsCapacity {
  return {
    id: ids.id,
    unit: { id: ids.unitId, ...HSDS_PLACES_UNIT },
    available,
    ...(maximum === undefined ? {} : { maximum }),
    updated: ids.updated,
  };
}

/**
 * The district id a service area's uri names: `urn:lotse:district:<id>`, or an http(s) URL whose last path segment
 * (a trailing slash ignored) is the id. Undefined when the uri has neither form or the id breaks the id rules.
 */
export function districtIdOfUri(uri: string): string | undefined {
  let candidate: string | undefined;
  if (uri.startsWith(DISTRICT_URN_PREFIX)) {
    candidate = uri.slice(DISTRICT_URN_PREFIX.length);
  } else if (URL.canParse(uri)) {
    const url = new URL(uri);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    const segment = url.pathname.replace(/\/$/, '').split('/').pop() ?? '';
    try {
      candidate = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  }
  return candidate !== undefined && entityId().safeParse(candidate).success ? candidate : undefined;
}

/** The life phases whose age band overlaps [from, below). */
export function agedPhasesOverlapping(range: { from: number; below: number }): LifePhase[] {
  return AGED_PHASES.filter((phase) => overlaps(PHASE_AGE_BANDS[phase], range));
}

function overlaps([from, below]: readonly [number, number], range: { from: number; below: number }): boolean {
  return from < range.below && range.from < below;
}

function ageRange(service: { minimum_age?: number | null | undefined; maximum_age?: number | null | undefined }) {
  return { from: service.minimum_age ?? 0, below: service.maximum_age ?? Number.POSITIVE_INFINITY };
}

/** The smallest age range covering the phases; from 0 when pregnancy is among them; undefined for pregnancy alone. */
function ageRangeOfPhases(phases: readonly LifePhase[]): { from: number; below: number } | undefined {
  const bands = phases.filter((phase): phase is AgedPhase => phase !== 'pregnancy').map((p) => PHASE_AGE_BANDS[p]);
  if (bands.length === 0) return undefined;
  const from = phases.includes('pregnancy') ? 0 : Math.min(...bands.map(([lower]) => lower));
  return { from, below: Math.max(...bands.map(([, upper]) => upper)) };
}

type TermRef = { index: number; code: unknown };
type LotseTerms = Record<TaxonomyKind, TermRef[]>;

/** The attributes of our taxonomies, by kind, in their order; other attributes (and malformed ones) are skipped. */
function lotseTerms(attributes: unknown): LotseTerms {
  const terms: LotseTerms = { needs: [], modes: [], lifePhases: [] };
  if (!Array.isArray(attributes)) return terms;
  attributes.forEach((attribute: unknown, index) => {
    const term = isRecord(attribute) ? attribute.taxonomy_term : undefined;
    if (!isRecord(term)) return;
    const kind = (Object.keys(HSDS_TAXONOMIES) as TaxonomyKind[]).find((k) => HSDS_TAXONOMIES[k] === term.taxonomy);
    if (kind !== undefined) terms[kind].push({ index, code: term.code });
  });
  return terms;
}

/** The attributes of the `lotse-id` taxonomy, with their values, in their order. */
function lotseIdAttributes(attributes: unknown): { index: number; value: unknown }[] {
  if (!Array.isArray(attributes)) return [];
  return attributes.flatMap((attribute: unknown, index) => {
    if (!isRecord(attribute) || !isRecord(attribute.taxonomy_term)) return [];
    return attribute.taxonomy_term.taxonomy === LOTSE_ID_TAXONOMY ? [{ index, value: attribute.value }] : [];
  });
}

/** The Lotse offer id a service keeps in its `lotse-id` attribute; undefined when it has none (or a malformed one). */
function lotseIdOf(attributes: unknown): string | undefined {
  const [first] = lotseIdAttributes(attributes);
  return first !== undefined && entityId().safeParse(first.value).success ? (first.value as string) : undefined;
}

/**
 * The offer id an HSDS service is imported as: its `lotse-id` attribute's value, else its own id; undefined when it has
 * neither (the import's report names entries by it).
 */
export function offerIdOfService(service: unknown): string | undefined {
  if (!isRecord(service)) return undefined;
  return lotseIdOf(service.attributes) ?? (typeof service.id === 'string' ? service.id : undefined);
}

function lotseIdProblems(attributes: unknown): FieldError[] {
  return lotseIdAttributes(attributes).flatMap(({ index, value }, position) => {
    const path = `attributes.${index}.value`;
    if (position > 0)
      return [{ path, message: `repeats the "${LOTSE_ID_TAXONOMY}" attribute (one offer id per service)` }];
    if (value == null)
      return [{ path, message: `is required (the Lotse offer id of taxonomy "${LOTSE_ID_TAXONOMY}")` }];
    const parsed = entityId().safeParse(value);
    return parsed.success ? [] : toFieldErrors(parsed.error).map((error) => ({ path, message: error.message }));
  });
}

const CODES: Readonly<Record<TaxonomyKind, readonly string[]>> = {
  needs: NEED_CODES,
  modes: OFFER_MODES,
  lifePhases: LIFE_PHASES,
};
const SINGULAR: Readonly<Record<TaxonomyKind, string>> = { needs: 'need', modes: 'mode', lifePhases: 'life phase' };

/**
 * The checks that span fields or read our taxonomies, over the raw service (fields of the wrong type are skipped:
 * the schema reports them already).
 */
function mappingProblems(service: Record<string, unknown>): FieldError[] {
  const problems: FieldError[] = [];
  const terms = lotseTerms(service.attributes);
  const validTerms: LotseTerms = { needs: [], modes: [], lifePhases: [] };
  for (const kind of Object.keys(HSDS_TAXONOMIES) as TaxonomyKind[]) {
    const seen = new Set<string>();
    for (const term of terms[kind]) {
      const path = `attributes.${term.index}.taxonomy_term.code`;
      if (typeof term.code !== 'string') {
        problems.push({ path, message: term.code == null ? 'is required' : `must be a ${SINGULAR[kind]} code` });
      } else if (!CODES[kind].includes(term.code)) {
        problems.push({
          path,
          message: `unknown ${SINGULAR[kind]} code ${quoted(term.code)} (taxonomy "${HSDS_TAXONOMIES[kind]}": one of ${CODES[kind].join(', ')})`,
        });
      } else if (seen.has(term.code)) {
        problems.push({ path, message: `repeats an earlier ${SINGULAR[kind]}` });
      } else {
        seen.add(term.code);
        validTerms[kind].push(term);
      }
    }
  }
  if (terms.needs.length === 0) {
    problems.push({
      path: 'attributes',
      message: `must contain at least one need: an attribute whose taxonomy_term has taxonomy "${HSDS_TAXONOMIES.needs}" and a need code as code`,
    });
  }
  problems.push(...lotseIdProblems(service.attributes));
  problems.push(...phaseProblems(service, validTerms.lifePhases));
  problems.push(...serviceAreaProblems(service.service_areas));
  return problems;
}

function phaseProblems(service: Record<string, unknown>, phaseTerms: TermRef[]): FieldError[] {
  const minimum = validAge(service.minimum_age);
  const maximum = validAge(service.maximum_age);
  if (minimum === false || maximum === false) return [];
  if (minimum !== undefined && maximum !== undefined && maximum <= minimum) {
    return [
      {
        path: 'maximum_age',
        message: 'must be greater than minimum_age (the range is minimum_age to under maximum_age)',
      },
    ];
  }
  const range = ageRange({ minimum_age: minimum, maximum_age: maximum });
  const described = `the ages ${range.from} to under ${maximum ?? 'any age'}`;
  if (phaseTerms.length === 0) {
    if (agedPhasesOverlapping(range).length > 0) return [];
    return [
      {
        path: minimum !== undefined && minimum >= PHASE_AGE_BANDS.transition[1] ? 'minimum_age' : 'maximum_age',
        message: `${described} cover no life phase (life phases span ages 0 to under 27; pregnancy needs an attribute of taxonomy "${HSDS_TAXONOMIES.lifePhases}")`,
      },
    ];
  }
  const problems: FieldError[] = [];
  for (const term of phaseTerms) {
    const path = `attributes.${term.index}.taxonomy_term.code`;
    const phase = term.code as LifePhase;
    if (phase === 'pregnancy') {
      if (range.from > 0) problems.push({ path, message: 'pregnancy needs minimum_age absent or 0' });
      continue;
    }
    const [from, below] = PHASE_AGE_BANDS[phase];
    if (!overlaps([from, below], range)) {
      problems.push({
        path,
        message: `life phase "${phase}" (ages ${from} to under ${below}) lies outside ${described}`,
      });
    }
  }
  return problems;
}

/** The age as a number, undefined when absent, false when malformed (the schema reports it). */
function validAge(value: unknown): number | undefined | false {
  if (value == null) return undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_AGE ? value : false;
}

function serviceAreaProblems(areas: unknown): FieldError[] {
  if (!Array.isArray(areas)) return [];
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  areas.forEach((area: unknown, index) => {
    const uri = isRecord(area) ? area.uri : undefined;
    if (typeof uri !== 'string') return;
    const districtId = districtIdOfUri(uri);
    const path = `service_areas.${index}.uri`;
    if (districtId === undefined) {
      problems.push({
        path,
        message: `must be "${DISTRICT_URN_PREFIX}<district id>" or an http(s) URL whose last path segment is the district id`,
      });
    } else if (seen.has(districtId)) {
      problems.push({ path, message: 'repeats an earlier district' });
    } else {
      seen.add(districtId);
    }
  });
  return problems;
}

/**
 * The district id each service area's uri names, at the area's index; undefined where the area has no uri naming one
 * (the schema and the mapping report those).
 */
export function districtIdsOfService(service: unknown): (string | undefined)[] {
  const areas = isRecord(service) ? service.service_areas : undefined;
  if (!Array.isArray(areas)) return [];
  return areas.map((area: unknown) => {
    const uri = isRecord(area) ? area.uri : undefined;
    return typeof uri === 'string' ? districtIdOfUri(uri) : undefined;
  });
}

/** Catalogue codes are no personal data, but an unknown one is echoed only shortened, to keep messages readable. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
