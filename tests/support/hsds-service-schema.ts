// Our own schema of an Open Referral HSDS service as Lotse exports it (`GET /v1/catalogue?format=hsds`), written from
// the Human Services Data Specification, version 3.0 (schema reference of the compiled `service` object and the
// objects it nests: organization, language, service_area, attribute, taxonomy_term, phone, contact, schedule) and
// version 3.1 (the service's `capacities`: service_capacity with its unit). Written as zod here, not copied from the
// specification's JSON Schemas; only tests use it.
//
// It is stricter than the specification where Lotse's export promises more, and says so where it does:
//   - Every object is strict (unknown properties fail), so a field the specification does not know, such as
//     `service_capacity` on the service (3.1 names the list `capacities`), is an error, not noise.
//   - Required (HSDS): service id, name, status; organization id, name, description; language id; service_area id;
//     attribute id; taxonomy_term id, name, description; phone id, number; contact id; schedule id;
//     service_capacity id, unit, available, updated; unit id, name.
//   - Required by us as well: the attribute's taxonomy_term_id and taxonomy_term (3.0 requires taxonomy_term_id; 3.1
//     only in the tabular form) and the taxonomy_term's code and taxonomy (Lotse's terms always name them).
//   - Formats: every `id` and `*_id` is a UUID (`format: uuid`), `uri`/`url`/`term_uri` are URIs, `updated` a
//     date-time with offset, language codes ISO 639-1 or 639-3 (two or three lowercase letters), ages and capacity
//     numbers are finite numbers (capacity: not negative; maximum not below available).
//   - Enumerations: service status (active, inactive, defunct, temporarily closed); schedule freq (WEEKLY, MONTHLY)
//     and wkst (MO…SU).
import * as z from 'zod';

const uuid = () => z.uuid({ error: 'must be a UUID' });
const uri = () => z.url({ error: 'must be a URI' });
const text = () => z.string({ error: 'must be a string' });
const nonNegative = () => z.number({ error: 'must be a number' }).finite().min(0, { error: 'must not be negative' });

export const HSDS_SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** HSDS 3.0 taxonomy_term (required: id, name, description; `code` and `taxonomy` required by us). */
const taxonomyTermSchema = z.strictObject({
  id: uuid(),
  code: text().min(1),
  name: text().min(1),
  description: text(),
  parent_id: uuid().optional(),
  taxonomy: text().min(1),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, { error: 'must be an ISO 639 language code' })
    .optional(),
  term_uri: uri().optional(),
});

/** HSDS 3.0 attribute (required: id; `taxonomy_term_id` and a matching `taxonomy_term` required by us). */
const attributeSchema = z
  .strictObject({
    id: uuid(),
    link_id: uuid().optional(),
    taxonomy_term_id: uuid(),
    link_type: text().optional(),
    link_entity: text().optional(),
    value: text().optional(),
    label: text().optional(),
    taxonomy_term: taxonomyTermSchema,
  })
  .refine((attribute) => attribute.taxonomy_term_id === attribute.taxonomy_term.id, {
    path: ['taxonomy_term_id'],
    error: 'must be the id of taxonomy_term',
  });

/** HSDS 3.0 organization as nested in a service (required: id, name, description). */
const organizationSchema = z.strictObject({
  id: uuid(),
  name: text().min(1),
  alternate_name: text().optional(),
  description: text(),
  email: z.email().optional(),
  website: uri().optional(),
  uri: uri().optional(),
});

/** HSDS 3.0 language (required: id; `code` is ISO 639-1 or ISO 639-3). */
const languageSchema = z.strictObject({
  id: uuid(),
  name: text().optional(),
  code: z.string().regex(/^[a-z]{2,3}$/, { error: 'must be an ISO 639-1 or ISO 639-3 code' }),
  note: text().optional(),
});

/** HSDS 3.0 service_area (required: id; Lotse always names the district by `uri`). */
const serviceAreaSchema = z.strictObject({
  id: uuid(),
  name: text().optional(),
  description: text().optional(),
  extent: text().optional(),
  extent_type: z.enum(['geojson', 'topojson', 'kml', 'text']).optional(),
  uri: uri(),
});

/** HSDS 3.0 phone (required: id, number). */
const phoneSchema = z.strictObject({
  id: uuid(),
  number: text().min(1),
  extension: z.number().finite().optional(),
  type: text().optional(),
  description: text().optional(),
  languages: z.array(languageSchema).optional(),
});

/** HSDS 3.0 contact (required: id). */
const contactSchema = z.strictObject({
  id: uuid(),
  name: text().optional(),
  title: text().optional(),
  department: text().optional(),
  email: z.email().optional(),
  phones: z.array(phoneSchema).optional(),
});

/** HSDS 3.0 schedule (required: id; `freq` and `wkst` are enumerations). */
const scheduleSchema = z.strictObject({
  id: uuid(),
  valid_from: z.iso.date().optional(),
  valid_to: z.iso.date().optional(),
  dtstart: z.iso.date().optional(),
  freq: z.enum(['WEEKLY', 'MONTHLY']).optional(),
  interval: z.number().int().positive().optional(),
  byday: text().optional(),
  wkst: z.enum(WEEKDAYS).optional(),
  opens_at: z.iso.time().optional(),
  closes_at: z.iso.time().optional(),
  description: text().optional(),
});

/** HSDS 3.1 unit (required: id, name). */
const unitSchema = z.strictObject({
  id: uuid(),
  name: text().min(1),
  scheme: text().optional(),
  identifier: text().optional(),
  uri: uri().optional(),
});

/** HSDS 3.1 service_capacity (required: id, unit, available, updated). */
const capacitySchema = z
  .strictObject({
    id: uuid(),
    unit: unitSchema,
    available: nonNegative(),
    maximum: nonNegative().optional(),
    description: text().optional(),
    updated: z.iso.datetime({ offset: true, error: 'must be a date-time' }),
  })
  .refine((capacity) => capacity.maximum === undefined || capacity.available <= capacity.maximum, {
    path: ['available'],
    error: 'must not exceed maximum',
  });

/** HSDS 3.0 service (required: id, name, status) with HSDS 3.1 `capacities`, as Lotse exports it. */
export const lotseHsdsServiceSchema = z
  .strictObject({
    id: uuid(),
    name: text().min(1),
    alternate_name: text().optional(),
    description: text().optional(),
    url: uri().optional(),
    email: z.email().optional(),
    status: z.enum(HSDS_SERVICE_STATUSES),
    minimum_age: nonNegative().optional(),
    maximum_age: nonNegative().optional(),
    organization: organizationSchema,
    languages: z.array(languageSchema).min(1),
    service_areas: z.array(serviceAreaSchema),
    attributes: z.array(attributeSchema).min(1),
    phones: z.array(phoneSchema).optional(),
    contacts: z.array(contactSchema).optional(),
    schedules: z.array(scheduleSchema).optional(),
    capacities: z.array(capacitySchema).optional(),
  })
  .superRefine((service, ctx) => {
    if (
      service.minimum_age !== undefined &&
      service.maximum_age !== undefined &&
      service.maximum_age < service.minimum_age
    ) {
      ctx.addIssue({ code: 'custom', path: ['maximum_age'], message: 'must not be below minimum_age' });
    }
    // Ids are unique within the dataset; the nested objects of one service are the part of it we can check here.
    const ids: [string, string][] = [
      [service.id, 'id'],
      ...service.languages.map((language, index): [string, string] => [language.id, `languages.${index}.id`]),
      ...service.service_areas.map((area, index): [string, string] => [area.id, `service_areas.${index}.id`]),
      ...service.attributes.map((attribute, index): [string, string] => [attribute.id, `attributes.${index}.id`]),
      ...(service.capacities ?? []).map((capacity, index): [string, string] => [capacity.id, `capacities.${index}.id`]),
    ];
    const seen = new Map<string, string>();
    for (const [id, path] of ids) {
      const earlier = seen.get(id);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: path.split('.'), message: `repeats ${earlier}` });
      else seen.set(id, path);
    }
  });

/** An export answer: `{ "services": [...] }`, every service checked. */
export const lotseHsdsExportSchema = z.strictObject({ services: z.array(lotseHsdsServiceSchema) });

/** Every problem of the value as `path: message` lines (empty when it passes), for readable test failures. */
export function hsdsProblems(value: unknown, schema: z.ZodType = lotseHsdsServiceSchema): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
