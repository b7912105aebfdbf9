// The catalogue document (API.md "Catalogue document"): schema, types, and validation with referential checks.
import { z } from 'zod';
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
import { type FieldError, toFieldErrors } from './zod-issues.ts';

const municipalitySchema = z.strictObject(
  { id: entityId(), name: text(200), childProtectionContact: text(500) },
  expecting('an object with the municipality'),
);

const districtSchema = z.strictObject(
  {
    id: entityId(),
    name: text(200),
    postalCodes: distinctList(postalCode(), { min: 1, max: 200, singular: 'postal code', plural: 'postal codes' }),
  },
  expecting('an object with a district'),
);

const officeSchema = z.strictObject(
  {
    id: entityId(),
    name: text(200),
    districts: distinctList(entityId(), { min: 1, max: 100, singular: 'district', plural: 'districts' }),
    email: emailAddress(),
    // Status events go to this endpoint. HTTPS, since they leave the installation; plain http only for a loopback
    // host, where nothing crosses a network and a developer's local receiver has no certificate.
    webhookUrl: z
      .url({ protocol: /^https?$/, ...expecting('an https URL') })
      .max(2048, { error: 'must be at most 2048 characters long' })
      .refine(isHttpsOrLoopbackHttp, {
        error: 'must be an https URL (http only for a loopback host: 127.0.0.1, localhost or [::1])',
      })
      .optional(),
  },
  expecting('an object with a family office'),
);

/**
 * The loopback hosts a local receiver listens on, as the URL parser normalises them (`LOCALHOST` → `localhost`,
 * `[0:0::1]` → `[::1]`). Deliberately short: any other host name may resolve to a remote machine, and over http the
 * event ids and signatures would cross the network in clear text, open to reading and to replay within the window.
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** False only for an http URL to a host that is not loopback; other schemes and unparsable URLs fail the URL check. */
function isHttpsOrLoopbackHttp(value: string): boolean {
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.protocol !== 'http:' || LOOPBACK_HOSTS.has(url.hostname);
}

const institutionSchema = z.strictObject(
  { id: entityId(), name: text(200), type: oneOf(INSTITUTION_TYPES) },
  expecting('an object with a referring institution'),
);

const capacitySchema = z
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
  });

const offerSchema = z.strictObject(
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
    capacity: capacitySchema.optional(),
  },
  expecting('an object with an offer'),
);

export const catalogueSchema = z.strictObject(
  {
    municipality: municipalitySchema,
    districts: z
      .array(districtSchema, expecting('a list of districts'))
      .min(1, { error: 'must contain at least one district' }),
    offices: z.array(officeSchema, expecting('a list of family offices')),
    institutions: z.array(institutionSchema, expecting('a list of institutions')),
    offers: z.array(offerSchema, expecting('a list of offers')),
  },
  expecting('a JSON object with municipality, districts, offices, institutions and offers'),
);

export { capacitySchema, districtSchema, institutionSchema, municipalitySchema, offerSchema, officeSchema };

export type Catalogue = z.output<typeof catalogueSchema>;
export type Municipality = z.output<typeof municipalitySchema>;
export type District = z.output<typeof districtSchema>;
export type Office = z.output<typeof officeSchema>;
export type Institution = z.output<typeof institutionSchema>;
export type Offer = z.output<typeof offerSchema>;
export type OfferCapacity = z.output<typeof capacitySchema>;

export type CatalogueProblem = FieldError;
export type CatalogueValidation = { ok: true; catalogue: Catalogue } | { ok: false; problems: CatalogueProblem[] };

const COLLECTIONS = {
  districts: 'district',
  offices: 'office',
  institutions: 'institution',
  offers: 'offer',
} as const;
type Collection = keyof typeof COLLECTIONS;

/**
 * Schema and referential checks. Every problem names its path (`offers.3.districts.0`) and, in the message, the
 * entry it belongs to (`offer "elterncafe-nord": ...`), so an operator can fix a catalogue file from the list alone.
 * Referential checks also run when some entries break the schema, over the entries that keep it, so that one run
 * lists every problem of the file.
 */
export function validateCatalogue(doc: unknown): CatalogueValidation {
  const parsed = catalogueSchema.safeParse(doc);
  if (!parsed.success) {
    const problems = toFieldErrors(parsed.error).map((problem) => ({
      path: problem.path,
      message: withEntryName(doc, problem.path, problem.message),
    }));
    return { ok: false, problems: [...problems, ...referentialProblems(wellFormedEntries(doc), rawDistrictIds(doc))] };
  }
  const problems = referentialProblems(parsed.data);
  return problems.length === 0 ? { ok: true, catalogue: parsed.data } : { ok: false, problems };
}

type Entries = Pick<Catalogue, Collection>;

/** The entries of each collection that keep their schema, at their own index (the others are holes in the array). */
function wellFormedEntries(doc: unknown): Entries {
  const source = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
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
    districts: keep(districtSchema, source.districts),
    offices: keep(officeSchema, source.offices),
    institutions: keep(institutionSchema, source.institutions),
    offers: keep(offerSchema, source.offers),
  };
}

/** Ids of every district entry that has one, well-formed or not: a reference to a malformed district is not unknown. */
function rawDistrictIds(doc: unknown): Set<string> {
  const districts = (doc as { districts?: unknown } | null)?.districts;
  const entries: unknown[] = Array.isArray(districts) ? districts : [];
  return new Set(entries.map((entry) => (entry as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string'));
}

function referentialProblems(
  catalogue: Entries,
  districtIds: ReadonlySet<string> = new Set(catalogue.districts.map((district) => district.id)),
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const report = (collection: Collection, index: number, id: string, rest: string, message: string) => {
    problems.push({ path: `${collection}.${index}${rest}`, message: `${COLLECTIONS[collection]} "${id}": ${message}` });
  };

  // Ids are unique per kind (an office and a district may share an id; they live under different keys).
  for (const collection of Object.keys(COLLECTIONS) as Collection[]) {
    const firstIndex = new Map<string, number>();
    catalogue[collection].forEach((entry, index) => {
      const earlier = firstIndex.get(entry.id);
      if (earlier === undefined) firstIndex.set(entry.id, index);
      else report(collection, index, entry.id, '.id', `id is already used by ${collection}.${earlier}`);
    });
  }

  // A postal code decides the district, so it may belong to one district only.
  const districtOfPostalCode = new Map<string, string>();
  catalogue.districts.forEach((district, index) => {
    district.postalCodes.forEach((code, codeIndex) => {
      const owner = districtOfPostalCode.get(code);
      if (owner !== undefined && owner !== district.id) {
        report(
          'districts',
          index,
          district.id,
          `.postalCodes.${codeIndex}`,
          `postal code ${code} already belongs to district "${owner}"`,
        );
      } else {
        districtOfPostalCode.set(code, district.id);
      }
    });
  });

  // One office per district: routing must be unambiguous.
  const officeOfDistrict = new Map<string, string>();
  catalogue.offices.forEach((office, index) => {
    office.districts.forEach((districtId, districtIndex) => {
      const rest = `.districts.${districtIndex}`;
      if (!districtIds.has(districtId)) {
        report('offices', index, office.id, rest, `unknown district "${districtId}"`);
        return;
      }
      const owner = officeOfDistrict.get(districtId);
      if (owner !== undefined && owner !== office.id) {
        report('offices', index, office.id, rest, `district "${districtId}" is already served by office "${owner}"`);
      } else {
        officeOfDistrict.set(districtId, office.id);
      }
    });
  });

  catalogue.offers.forEach((offer, index) => {
    offer.districts.forEach((districtId, districtIndex) => {
      if (!districtIds.has(districtId)) {
        report('offers', index, offer.id, `.districts.${districtIndex}`, `unknown district "${districtId}"`);
      }
    });
  });

  return problems;
}

/** Prefixes a schema message with the entry it belongs to, when the path points into a collection entry with an id. */
function withEntryName(doc: unknown, path: string, message: string): string {
  const [collection, index] = path.split('.');
  if (collection === undefined || index === undefined || !(collection in COLLECTIONS)) return message;
  const entries = (doc as Record<string, unknown>)[collection];
  const entry = Array.isArray(entries) ? (entries[Number(index)] as unknown) : undefined;
  const kind = COLLECTIONS[collection as Collection];
  const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? `${kind} "${id}": ${message}` : `${kind} ${index}: ${message}`;
}
