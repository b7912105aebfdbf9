// The authorization matrix, generated from the route table: every route × every role against the local gateway and
// functions (refused roles get the gateway's 403, admitted ones get through, no token gets 401), and every route that
// names a case refuses another institution's or office's caller with 404. A route added to the table is covered here
// without an edit.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROLES, type Role } from '#domain/case.ts';
import { type RouteSpec, routeKeyOf, routeList } from '#http/routes.ts';
import { Api, type ApiResponse, type TokenRequest } from './support/api.ts';
import { type CaseView, clinic, routedCase } from './support/cases.ts';

const api = new Api(inject('baseUrl'));
const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as Record<
  'offers' | 'offices' | 'institutions',
  { id: string }[]
>;

/** Parameters that name a case: it belongs to the institution that referred it and to the office it is assigned to. */
const CASE_PARAMETERS = new Set(['referralId', 'caseId']);
/**
 * Parameters that name a catalogue entry, with a seeded one to read. The catalogue is the municipality's: an office
 * reads every offer, so these routes have no other tenant's object to hide and are left out of the 404 checks.
 */
const CATALOGUE_ENTRIES: Readonly<Record<string, string | undefined>> = {
  offerId: catalogue.offers[0]?.id,
  officeId: catalogue.offices[0]?.id,
  institutionId: catalogue.institutions[0]?.id,
};

type TenantRole = Extract<Role, 'referrer' | 'office'>;

function pathParameters(route: RouteSpec): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
}

function fillPath(route: RouteSpec, idFor: (parameter: string) => string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, parameter: string) => encodeURIComponent(idFor(parameter)));
}

/**
 * A request an admitted caller could plausibly send, which changes nothing shared with other test files: reads name
 * the case of this file or a seeded catalogue entry; writes carry the empty object as body (refused by every body
 * schema, and no If-Match) and name this file's case or an id nobody has, so a DELETE finds nothing to remove.
 */
function plausibleRequest(route: RouteSpec, caseId: string): { path: string; body?: unknown } {
  const reads = route.method === 'GET';
  const path = fillPath(route, (parameter) => {
    if (CASE_PARAMETERS.has(parameter)) return caseId;
    const seeded = CATALOGUE_ENTRIES[parameter];
    return reads && seeded !== undefined ? seeded : `matrix-${randomUUID()}`;
  });
  return reads || route.method === 'DELETE' ? { path } : { path, body: {} };
}

async function send(route: RouteSpec, request: { path: string; body?: unknown }, token?: string) {
  return api.request(route.method, request.path, {
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(token === undefined ? {} : { token }),
  });
}

function describeResponse(response: ApiResponse): string {
  return `${response.status} ${response.text}`;
}

const routes = routeList().map((route) => ({ ...route, key: routeKeyOf(route) }));
const refused = routes.flatMap((route) =>
  ROLES.filter((role) => !route.roles.includes(role)).map((role) => ({ route, role, key: route.key })),
);
const admitted = routes.flatMap((route) => route.roles.map((role) => ({ route, role, key: route.key })));
// Every route naming a case (or an object of a kind this file does not know yet: that test fails and asks for a
// fixture), for each tenant role it admits. Routes naming only catalogue entries have no tenant.
const tenantScoped = routes
  .filter((route) => pathParameters(route).some((parameter) => !(parameter in CATALOGUE_ENTRIES)))
  .flatMap((route) =>
    route.roles
      .filter((role): role is TenantRole => role === 'referrer' || role === 'office')
      .map((role) => ({ route, role, key: route.key })),
  );

let routed: CaseView;
let owners: Record<Role, TokenRequest>;
let strangers: Record<TenantRole, TokenRequest>;

beforeAll(async () => {
  routed = await routedCase(api);
  const officeId = routed.officeId ?? '';
  const otherOffice = catalogue.offices.find((office) => office.id !== officeId)?.id ?? '';
  const otherInstitution = catalogue.institutions.find((institution) => institution.id !== clinic)?.id ?? '';
  owners = {
    referrer: { role: 'referrer', institutionId: clinic },
    office: { role: 'office', officeId },
    coordinator: { role: 'coordinator' },
  };
  strangers = {
    referrer: { role: 'referrer', institutionId: otherInstitution },
    office: { role: 'office', officeId: otherOffice },
  };
});

describe('authorization matrix from the route table', () => {
  it('finds routes naming a case for both tenant roles (else the 404 checks below would test nothing)', () => {
    expect(new Set(tenantScoped.map((entry) => entry.role))).toEqual(new Set(['referrer', 'office']));
  });

  it.each(refused)('$key refuses a $role token with the gateway 403', async ({ route, role }) => {
    const response = await send(route, plausibleRequest(route, routed.caseId), await api.token(owners[role]));

    expect(response.status, describeResponse(response)).toBe(403);
    expect(response.body).toEqual({ message: 'Forbidden' });
  });

  it.each(admitted)('$key lets a $role token through to the function', async ({ route, role }) => {
    const response = await send(route, plausibleRequest(route, routed.caseId), await api.token(owners[role]));

    // Only the class matters: the function answered (any 2xx or 4xx) and refused nobody for the role.
    expect([401, 403], describeResponse(response)).not.toContain(response.status);
    expect(response.status, describeResponse(response)).toBeLessThan(500);
  });

  it.each(routes)('$key refuses a request without a token with 401', async (route) => {
    const response = await send(route, plausibleRequest(route, routed.caseId));

    expect(response.status, describeResponse(response)).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
  });

  it.each(tenantScoped)("$key hides another tenant's case from a $role token with 404", async ({ route, role }) => {
    const unknown = pathParameters(route).filter(
      (parameter) => !CASE_PARAMETERS.has(parameter) && !(parameter in CATALOGUE_ENTRIES),
    );
    // A new kind of tenant object needs a fixture here: how to make one that belongs to somebody else.
    expect(unknown, 'path parameters without an object of another tenant').toEqual([]);

    const response = await send(route, plausibleRequest(route, routed.caseId), await api.token(strangers[role]));

    expect(response.status, describeResponse(response)).toBe(404);
    expect((response.body as { type?: unknown }).type).toBe('not-found');
  });
});
