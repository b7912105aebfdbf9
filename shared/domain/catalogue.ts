// The catalogue document (API.md "Catalogue document"): schemas of the document and its entries, types, and the
// document's validation (its rules beyond the schema are in catalogue-rules.ts).
import * as z from 'zod';
import {
  CATALOGUE_COLLECTIONS,
  type CatalogueCollection,
  type CatalogueLists,
  labelled,
  referentialProblems,
} from './catalogue-rules.ts';
import { INSTITUTION_TYPES, LIFE_PHASES, NEED_CODES, OFFER_MODES, OFFER_STATUSES } from './codes.ts';
import {
  distinctList,
  emailAddress,
  entityId,
  expecting,
  languageCode,
  oneOf,
  postalCode,
  text,
} from './field-rules.ts';
import { isRecord } from './json-value.ts';
import { lazily } from './lazily.ts';
import { webhookUrlRefusal } from './webhook-url.ts';
import { type FieldError, toFieldErrors } from './zod-issues.ts';

// Every schema is built on its first use and kept (lazily): a function that never checks a catalogue entry does not
// build them at cold start, and every user (the import, the repository, the OpenAPI document) gets the same instance.
const municipalitySchema = lazily(() =>
  z.strictObject(
    { id: entityId(), name: text(200), childProtectionContact: text(500) },
    expecting('an object with the municipality'),
  ),
);

const districtSchema = lazily(() =>
  z.strictObject(
    {
      id: entityId(),
      name: text(200),
      postalCodes: distinctList(postalCode(), { min: 1, max: 200, singular: 'postal code', plural: 'postal codes' }),
    },
    expecting('an object with a district'),
  ),
);

const officeSchema = lazily(() =>
  z.strictObject(
    {
      id: entityId(),
      name: text(200),
      districts: distinctList(entityId(), { min: 1, max: 100, singular: 'district', plural: 'districts' }),
      email: emailAddress(),
      // Status events go to this endpoint (webhook-url.ts). The schema holds the rules of every runtime; the cloud's
      // stricter ones (https only, no loopback) are checked where a coordinator saves the URL (catalogue-rules.ts).
      // A plain string, not z.url: the URL parser drops tabs and line breaks, and what is stored must be what was sent.
      webhookUrl: z
        .string(expecting('an https URL'))
        .max(2048, { error: 'must be at most 2048 characters long' })
        .superRefine((value, ctx) => {
          const refusal = webhookUrlRefusal(value, 'local');
          if (refusal !== undefined) ctx.addIssue({ code: 'custom', message: refusal });
        })
        .optional(),
    },
    expecting('an object with a family office'),
  ),
);

const institutionSchema = lazily(() =>
  z.strictObject(
    { id: entityId(), name: text(200), type: oneOf(INSTITUTION_TYPES) },
    expecting('an object with a referring institution'),
  ),
);

const capacitySchema = lazily(() =>
  z
    .strictObject(
      {
        available: z
          .int(expecting('a whole number'))
          .min(0, { error: 'must not be negative' })
          .max(1_000_000, { error: 'must be at most 1000000' }),
        maximum: z
          .int(expecting('a whole number'))
          .min(1, { error: 'must be at least 1' })
          .max(1_000_000, { error: 'must be at most 1000000' })
          .optional(),
      },
      expecting('an object with available (and optionally maximum) places'),
    )
    .superRefine((value, ctx) => {
      if (value.maximum !== undefined && value.available > value.maximum) {
        ctx.addIssue({ code: 'custom', path: ['available'], message: 'must not exceed maximum' });
      }
    }),
);

const offerSchema = lazily(() =>
  z.strictObject(
    {
      id: entityId(),
      name: text(200),
      organization: text(200),
      status: oneOf(OFFER_STATUSES),
      needs: distinctList(oneOf(NEED_CODES), { min: 1, max: NEED_CODES.length, singular: 'need', plural: 'needs' }),
      lifePhases: distinctList(oneOf(LIFE_PHASES), {
        min: 1,
        max: LIFE_PHASES.length,
        singular: 'life phase',
        plural: 'life phases',
      }),
      // Empty: the offer serves the whole municipality.
      districts: distinctList(entityId(), { min: 0, max: 500, singular: 'district', plural: 'districts' }),
      languages: distinctList(languageCode(), { min: 1, max: 50, singular: 'language', plural: 'languages' }),
      modes: distinctList(oneOf(OFFER_MODES), { min: 1, max: OFFER_MODES.length, singular: 'mode', plural: 'modes' }),
      // Absent: capacity is not tracked (open offers such as drop-in counselling).
      capacity: capacitySchema().optional(),
    },
    expecting('an object with an offer'),
  ),
);

const LIST_DESCRIPTIONS: Readonly<Record<CatalogueCollection, string>> = {
  districts: 'a list of districts',
  offices: 'a list of family offices',
  institutions: 'a list of institutions',
  offers: 'a list of offers',
};
const listOf = <T extends z.ZodType>(collection: CatalogueCollection, entry: T) =>
  z.array(entry, expecting(LIST_DESCRIPTIONS[collection]));
const DOCUMENT_DESCRIPTION = expecting('a JSON object with municipality, districts, offices, institutions and offers');

export const catalogueSchema = lazily(() =>
  z.strictObject(
    {
      municipality: municipalitySchema(),
      districts: listOf('districts', districtSchema()).min(1, { error: 'must contain at least one district' }),
      offices: listOf('offices', officeSchema()),
      institutions: listOf('institutions', institutionSchema()),
      offers: listOf('offers', offerSchema()),
    },
    DOCUMENT_DESCRIPTION,
  ),
);

/**
 * The frame of a catalogue document as the import reads it: its entries are checked one by one, so that one bad entry
 * rejects only itself.
 */
export const catalogueFrameSchema = lazily(() =>
  z.strictObject(
    {
      municipality: z.unknown(),
      districts: listOf('districts', z.unknown()),
      offices: listOf('offices', z.unknown()),
      institutions: listOf('institutions', z.unknown()),
      offers: listOf('offers', z.unknown()),
    },
    DOCUMENT_DESCRIPTION,
  ),
);

/** The schema of each kind of entry. */
export const ENTRY_SCHEMAS = {
  municipality: municipalitySchema,
  district: districtSchema,
  office: officeSchema,
  institution: institutionSchema,
  offer: offerSchema,
} as const;

/** PUT bodies: an entry of the catalogue document; its `id` may be left out (the path names it) or must repeat it. */
export const offerBodySchema = lazily(() => offerSchema().partial({ id: true }));
export const officeBodySchema = lazily(() => officeSchema().partial({ id: true }));
export const institutionBodySchema = lazily(() => institutionSchema().partial({ id: true }));

export { capacitySchema, districtSchema, institutionSchema, municipalitySchema, offerSchema, officeSchema };

export type Catalogue = z.output<ReturnType<typeof catalogueSchema>>;
export type Municipality = z.output<ReturnType<typeof municipalitySchema>>;
export type District = z.output<ReturnType<typeof districtSchema>>;
export type Office = z.output<ReturnType<typeof officeSchema>>;
export type Institution = z.output<ReturnType<typeof institutionSchema>>;
export type Offer = z.output<ReturnType<typeof offerSchema>>;
export type OfferCapacity = z.output<ReturnType<typeof capacitySchema>>;
export type OfferBody = z.output<ReturnType<typeof offerBodySchema>>;
export type OfficeBody = z.output<ReturnType<typeof officeBodySchema>>;
export type InstitutionBody = z.output<ReturnType<typeof institutionBodySchema>>;

/** The entities of the catalogue by kind (the kind names of import reports: `offer:elterncafe-nord`). */
export interface CatalogueEntities {
  municipality: Municipality;
  district: District;
  office: Office;
  institution: Institution;
  offer: Offer;
}
export type CatalogueKind = keyof CatalogueEntities;

/** One entity with its kind. */
export type CatalogueEntry = { [K in CatalogueKind]: { kind: K; entity: CatalogueEntities[K] } }[CatalogueKind];

/** The catalogue as stored; unlike a document it may lack the municipality (a table never seeded). */
export type StoredCatalogue = Omit<Catalogue, 'municipality'> & { municipality: Municipality | null };

export type CatalogueProblem = FieldError;
export type CatalogueValidation = { ok: true; catalogue: Catalogue } | { ok: false; problems: CatalogueProblem[] };

/**
 * Schema and referential checks. Every problem names its path (`offers.3.districts.0`) and, in the message, the
 * entry it belongs to (`offer "elterncafe-nord": ...`), so an operator can fix a catalogue file from the list alone.
 * Referential checks also run when some entries break the schema, over the entries that keep it, so that one run
 * lists every problem of the file.
 */
export function validateCatalogue(doc: unknown): CatalogueValidation {
  const parsed = catalogueSchema().safeParse(doc);
  const problems = parsed.success
    ? referentialProblems(parsed.data)
    : [...toFieldErrors(parsed.error), ...referentialProblems(wellFormedEntries(doc), districtIdsOfDocument(doc))];
  if (parsed.success && problems.length === 0) return { ok: true, catalogue: parsed.data };
  return { ok: false, problems: problems.map((problem) => ({ ...problem, message: withEntryName(doc, problem) })) };
}

/** The entries of each collection that keep their schema, at their own index (the others are holes in the array). */
function wellFormedEntries(doc: unknown): CatalogueLists {
  const source = isRecord(doc) ? doc : {};
  const keep = <T>(schema: z.ZodType<T>, value: unknown): T[] => {
    const entries: unknown[] = Array.isArray(value) ? value : [];
    const kept = new Array<T>(entries.length);
    entries.forEach((entry, index) => {
      const result = schema.safeParse(entry);
      if (result.success) kept[index] = result.data;
    });
    return kept;
  };
  return {
    districts: keep(districtSchema(), source.districts),
    offices: keep(officeSchema(), source.offices),
    institutions: keep(institutionSchema(), source.institutions),
    offers: keep(offerSchema(), source.offers),
  };
}

/**
 * Ids of every district entry of a document that has one, well-formed or not: a reference to a malformed district is
 * not unknown.
 */
export function districtIdsOfDocument(doc: unknown): Set<string> {
  const districts = isRecord(doc) ? doc.districts : undefined;
  const entries: unknown[] = Array.isArray(districts) ? districts : [];
  return new Set(entries.flatMap((entry) => (isRecord(entry) && typeof entry.id === 'string' ? [entry.id] : [])));
}

/** Prefixes a message with the entry it belongs to, when the path points into a collection entry. */
function withEntryName(doc: unknown, { path, message }: CatalogueProblem): string {
  const [collection, index] = path.split('.');
  if (collection === undefined || index === undefined || !Object.hasOwn(CATALOGUE_COLLECTIONS, collection)) {
    return message;
  }
  const entries = isRecord(doc) ? doc[collection] : undefined;
  const entry: unknown = Array.isArray(entries) ? entries[Number(index)] : undefined;
  return labelled(CATALOGUE_COLLECTIONS[collection as CatalogueCollection], entry, index, message);
}
