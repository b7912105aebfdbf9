// Every string a request body carries refuses control characters and unpaired surrogates with a field error at its
// path (API.md Conventions), walked over the route table: each route with a body has a valid example here that uses
// every string field of its schema, so a new route or field cannot miss the rule. A line break stays allowed in the
// note-like multi-line fields only.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { importCatalogue } from '#application/coordinator/import-catalogue.ts';
import { catalogueSchema } from '#domain/catalogue.ts';
import { ImportRejected, ValidationFailed } from '#domain/errors.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { hsdsServiceFromOffer, hsdsServiceSchema } from '#domain/hsds.ts';
import { referralSchema } from '#domain/referral.ts';
import { type FieldError, toFieldErrors } from '#domain/zod-issues.ts';
import { type BodySpec, bodySchemaOf, ROUTES } from '#http/routes.ts';
import { InMemoryCatalogueStore } from '../functions/catalogue-store-fake.ts';
import { testCatalogue } from '../functions/fakes.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** The field errors a body gets where the API checks it; none when it is accepted. */
type Check = (body: unknown) => Promise<FieldError[]>;

const NOW = new Date();

function bySchema(schema: z.ZodType): Check {
  return async (body) => {
    const result = schema.safeParse(body);
    return result.success ? [] : toFieldErrors(result.error);
  };
}

/** The import checks entry by entry against the catalogue: its rejections are the field errors. */
const byImport: Check = async (body) => {
  const store = new InMemoryCatalogueStore(testCatalogue());
  try {
    await importCatalogue({ catalogue: store, webhookRuntime: 'cloud' }, { body, partial: false });
    return [];
  } catch (error) {
    if (error instanceof ImportRejected) {
      return (error.report as { rejected: { reasons: FieldError[] }[] }).rejected.flatMap((entry) => entry.reasons);
    }
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
};

function catalogueDocument(): Json {
  const catalogue = testCatalogue();
  const [office, ...offices] = catalogue.offices;
  const [offer, ...offers] = catalogue.offers;
  return JSON.parse(
    JSON.stringify({
      ...catalogue,
      offices: [{ ...office, webhookUrl: 'https://fb.example/lotse-events' }, ...offices],
      offers: [{ ...offer, capacity: { available: 2, maximum: 5 } }, ...offers],
    }),
  );
}

function hsdsList(): Json {
  const [offer] = testCatalogue().offers;
  if (!offer) throw new Error('the test catalogue has an offer');
  return JSON.parse(
    JSON.stringify({
      services: [hsdsServiceFromOffer(offer, { municipalityId: 'teststadt', exportedAt: new Date(0) })],
    }),
  );
}

/** Per route with a body: valid examples, the schemas whose string fields they must use, and the API's check. */
const EXAMPLES: Record<string, { bodies: Json[]; schemas?: z.ZodType[]; check?: Check }> = {
  submitReferral: {
    bodies: [
      JSON.parse(
        JSON.stringify({
          ...exampleReferral(NOW),
          contact: { ...exampleReferral(NOW).contact, email: 'maria@familie.example' },
          referrerReference: 'AZ 2026/17',
        }),
      ),
    ],
    schemas: [referralSchema(NOW)],
    check: bySchema(referralSchema(NOW)),
  },
  withdrawReferral: { bodies: [{ reason: 'consent-withdrawn' }] },
  declineCase: { bodies: [{ reason: 'other', note: 'Kein Platz frei.' }] },
  closeCase: { bodies: [{ outcome: 'connected', offerId: 'elterncafe-nord' }] },
  assignCase: { bodies: [{ officeId: 'fb-nord' }] },
  eraseCase: { bodies: [{ reason: 'data-subject-request' }] },
  putOffer: {
    bodies: [(catalogueDocument() as { offers: Json[] }).offers[0] ?? null],
  },
  putOffice: {
    bodies: [(catalogueDocument() as { offices: Json[] }).offices[0] ?? null],
  },
  putInstitution: {
    bodies: [(catalogueDocument() as { institutions: Json[] }).institutions[0] ?? null],
  },
  importCatalogue: {
    bodies: [catalogueDocument(), hsdsList()],
    schemas: [catalogueSchema(), z.object({ services: z.array(hsdsServiceSchema()) })],
    check: byImport,
  },
  inviteAccount: {
    bodies: [{ email: 'a.person@stadt.example', name: 'A. Person', role: 'office', organizationId: 'fb-nord' }],
  },
  registerClient: { bodies: [{ name: 'Fachverfahren Nord', role: 'office', organizationId: 'fb-nord' }] },
};

const ROUTES_WITH_BODY = Object.entries(ROUTES).flatMap(([id, route]) =>
  'body' in route && route.body ? [{ id, schema: bodySchemaOf(route.body as BodySpec) }] : [],
);

/** The paths of the string fields a schema defines, array items as `*` (`children.*.birthDate`). */
function stringFieldPaths(schema: z.ZodType): Set<string> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const defs = (root.$defs ?? {}) as Record<string, Record<string, unknown>>;
  const paths = new Set<string>();
  const visit = (node: Record<string, unknown> | undefined, path: string[], depth: number): void => {
    if (!node || depth > 20) return;
    const ref = typeof node.$ref === 'string' ? node.$ref.replace('#/$defs/', '') : undefined;
    if (ref !== undefined) visit(defs[ref], path, depth + 1);
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes('string') && path.length > 0) paths.add(path.join('.'));
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      for (const branch of (node[key] ?? []) as Record<string, unknown>[]) visit(branch, path, depth + 1);
    }
    for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      visit(child, [...path, name], depth + 1);
    }
    if (node.items && typeof node.items === 'object')
      visit(node.items as Record<string, unknown>, [...path, '*'], depth + 1);
  };
  visit(root, [], 0);
  return paths;
}

/** Every string leaf of a JSON value: its concrete path and its path with array indices as `*`. */
function stringLeaves(value: Json, path: (string | number)[] = []): { path: (string | number)[]; pattern: string }[] {
  if (typeof value === 'string') {
    return [{ path, pattern: path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.') }];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  }
  return [];
}

function withLeaf(body: Json, path: (string | number)[], replace: (text: string) => string): Json {
  const copy = structuredClone(body);
  let parent = copy as Record<string | number, Json>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  parent[last] = replace(parent[last] as string);
  return copy;
}

/** Every example and string field to spoil, as test cases. */
function cases() {
  return ROUTES_WITH_BODY.flatMap(({ id, schema }) => {
    const example = EXAMPLES[id];
    if (!example) return [];
    const fields = new Set((example.schemas ?? [schema]).flatMap((each) => [...stringFieldPaths(each)]));
    return example.bodies.flatMap((body) =>
      stringLeaves(body)
        .filter((leaf) => fields.has(leaf.pattern))
        .map((leaf) => ({ id, body, leaf, check: example.check ?? bySchema(schema) })),
    );
  });
}

const SPOILERS: [string, (text: string) => string][] = [
  ['a NUL', (text) => `${text.slice(0, 1)}\u0000${text.slice(1)}`],
  ['a bell (C0)', (text) => `${text}\u0007`],
  ['an escape (C0)', (text) => `\u001b[31m${text}`],
  ['a DEL', (text) => `${text}\u007f`],
  ['a C1 control', (text) => `${text}\u0085`],
  ['a tab', (text) => `${text}\tx`],
  ['a line break', (text) => `${text}\nx`],
  ['a lone carriage return', (text) => `${text}\rx`],
  ['an unpaired high surrogate', (text) => `${text}\ud83d`],
  ['an unpaired low surrogate', (text) => `\ude00${text}`],
];

/** Fields where a line break (LF or CRLF, not a lone CR) is part of the text. */
const MULTILINE_FIELDS = new Set(['submitReferral note', 'declineCase note']);

describe('the examples', () => {
  it('cover every route with a body', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(ROUTES_WITH_BODY.map(({ id }) => id).sort());
  });

  it.each(Object.entries(EXAMPLES))('of %s are accepted as they are', async (id, example) => {
    const route = ROUTES_WITH_BODY.find((candidate) => candidate.id === id);
    const check = example.check ?? bySchema(route?.schema ?? z.never());
    for (const body of example.bodies) expect(await check(body)).toEqual([]);
  });

  it.each(Object.entries(EXAMPLES))('of %s use every string field of its schema', (id, example) => {
    const route = ROUTES_WITH_BODY.find((candidate) => candidate.id === id);
    const fields = (example.schemas ?? [route?.schema ?? z.never()]).flatMap((schema) => [...stringFieldPaths(schema)]);
    const used = new Set(example.bodies.flatMap((body) => stringLeaves(body).map((leaf) => leaf.pattern)));

    expect(fields.filter((field) => !used.has(field))).toEqual([]);
  });
});

describe('a string field of a request body', () => {
  const all = cases();

  it('exists in every route that has a body', () => {
    expect(new Set(all.map(({ id }) => id))).toEqual(new Set(ROUTES_WITH_BODY.map(({ id }) => id)));
  });

  it.each(SPOILERS)('refuses %s with a field error at its path, in every route', async (name, spoil) => {
    const missed: string[] = [];
    for (const { id, body, leaf, check } of all) {
      const path = leaf.path.join('.');
      const lineBreakAllowed = name === 'a line break' && MULTILINE_FIELDS.has(`${id} ${path}`);
      const errors = await check(withLeaf(body, leaf.path, spoil));
      const refused = errors.some((error) => error.path === path);
      if (refused === lineBreakAllowed) missed.push(`${id} ${path}`);
    }

    expect(missed).toEqual([]);
  });

  it('keeps a CRLF line break in the multi-line fields', async () => {
    for (const { id, body, leaf, check } of all) {
      if (!MULTILINE_FIELDS.has(`${id} ${leaf.path.join('.')}`)) continue;
      expect(await check(withLeaf(body, leaf.path, (text) => `${text}\r\nZweite Zeile`))).toEqual([]);
    }
    expect(all.filter(({ id, leaf }) => MULTILINE_FIELDS.has(`${id} ${leaf.path.join('.')}`))).toHaveLength(2);
  });

  it('names the rule in the message of a free-text field', async () => {
    const errors = await bySchema(referralSchema(NOW))(
      withLeaf(EXAMPLES.submitReferral?.bodies[0] ?? null, ['contact', 'name'], (text) => `${text}\u0007`),
    );

    expect(errors).toEqual([{ path: 'contact.name', message: 'must not contain control characters' }]);
  });
});
