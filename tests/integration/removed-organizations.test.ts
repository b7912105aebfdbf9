// A removed office or institution loses access at once and its id is never given to another one, end to end through
// the local gateway and functions: the still-valid token of each is refused with 403 `forbidden` on every route of the
// route table that admits its role, and PUT and the import of its id answer 409 `conflict`.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { KNOWN_ORGANIZATION_TTL_MS } from '#adapters/catalogue-repository.ts';
import type { Role } from '#domain/case.ts';
import { type RouteSpec, routeKeyOf, routeList } from '#http/routes.ts';
import { Api, type ApiResponse, eventually } from './support/api.ts';

const api = new Api(inject('baseUrl'));
const coordinator = { role: 'coordinator' } as const;
const suffix = randomUUID().slice(0, 8);
const officeId = `fb-hafen-${suffix}`;
const institutionId = `kita-weg-${suffix}`;
// The seeded catalogue's district without an office (so the new office claims no one else's district).
const office = { name: 'Familienbüro Hafen', districts: ['hafen'], email: 'fb-hafen@musterstadt.example' };
const institution = { name: 'Kita Am Hafen', type: 'kita' };

type TenantRole = Extract<Role, 'referrer' | 'office'>;

const describeResponse = (response: ApiResponse) => `${response.status} ${response.text}`;

const tokenRequests = {
  office: { role: 'office', officeId },
  referrer: { role: 'referrer', institutionId },
} as const;
const tokens: Partial<Record<TenantRole, string>> = {};

/**
 * A token issued while the organization is in the catalogue, kept for after its removal. The local issuer checks
 * against the catalogue it was started with, so it is asked to mint one for an organization added since.
 */
async function tokenOf(role: TenantRole): Promise<string> {
  const cached = tokens[role];
  if (cached) return cached;
  const response = await api.request('POST', '/_local/token', {
    body: { ...tokenRequests[role], allowUnregistered: true },
  });
  if (response.status !== 200) throw new Error(`token request failed: ${describeResponse(response)}`);
  const token = (response.body as { access_token: string }).access_token;
  tokens[role] = token;
  return token;
}

const tenantRoutes = routeList().flatMap((route) =>
  route.roles
    .filter((role): role is TenantRole => role === 'referrer' || role === 'office')
    .map((role) => ({ route, role, key: routeKeyOf(route) })),
);

/** Any request the role could send: fresh ids in the path, and the empty object as body for writes. */
function send(route: RouteSpec, token: string): Promise<ApiResponse> {
  const path = route.path.replace(/\{(\w+)\}/g, () => `weg-${randomUUID()}`);
  return api.request(route.method, path, {
    token,
    ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
  });
}

beforeAll(async () => {
  const created = [
    await api.as(coordinator, 'PUT', `/v1/offices/${officeId}`, { body: office }),
    await api.as(coordinator, 'PUT', `/v1/institutions/${institutionId}`, { body: institution }),
  ];
  expect(created.map((response) => response.status)).toEqual([201, 201]);

  // Both tokens act while their organization exists (this also fills the functions' memory of known organizations).
  const before = [
    await api.request('GET', '/v1/cases', { token: await tokenOf('office') }),
    await api.request('GET', '/v1/referrals', { token: await tokenOf('referrer') }),
  ];
  expect(before.map(describeResponse)).toEqual([expect.stringMatching(/^200 /), expect.stringMatching(/^200 /)]);

  const removed = [
    await api.as(coordinator, 'DELETE', `/v1/offices/${officeId}`),
    await api.as(coordinator, 'DELETE', `/v1/institutions/${institutionId}`),
  ];
  expect(removed.map((response) => response.status)).toEqual([204, 204]);
});

describe("a removed organization's still-valid token", () => {
  it('is found for both roles and for routes of every function that admits them', () => {
    expect(new Set(tenantRoutes.map(({ role }) => role))).toEqual(new Set(['referrer', 'office']));
    expect(new Set(tenantRoutes.map(({ route }) => route.function))).toEqual(
      new Set(['intake', 'referrer', 'office', 'coordinator']),
    );
  });

  it.each(tenantRoutes)('$key refuses the removed $role with 403 forbidden', async ({ route, role }) => {
    const token = await tokenOf(role);

    // A function instance may still remember the organization for KNOWN_ORGANIZATION_TTL_MS after the removal.
    const response = await eventually(
      async () => {
        const answer = await send(route, token);
        return answer.status === 403 ? answer : undefined;
      },
      { timeoutMs: KNOWN_ORGANIZATION_TTL_MS + 10_000, intervalMs: 250, what: `${route.method} ${route.path} → 403` },
    );

    // The function's problem, not the gateway's `{ message: 'Forbidden' }`: the token itself is still valid.
    expect(response.body).toMatchObject({ type: 'forbidden', status: 403 });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('the id of a removed organization', () => {
  it('is refused by PUT with 409 conflict explaining that a new id must be chosen', async () => {
    const answers = [
      {
        kind: 'office',
        id: officeId,
        answer: await api.as(coordinator, 'PUT', `/v1/offices/${officeId}`, { body: office }),
      },
      {
        kind: 'institution',
        id: institutionId,
        answer: await api.as(coordinator, 'PUT', `/v1/institutions/${institutionId}`, { body: institution }),
      },
    ];

    for (const { kind, id, answer } of answers) {
      expect(answer.status, describeResponse(answer)).toBe(409);
      expect(answer.body).toMatchObject({ type: 'conflict' });
      const detail = (answer.body as { detail: string }).detail;
      expect(detail).toContain(`"${id}" belonged to an ${kind} that was removed from the catalogue`);
      expect(detail).toContain('choose a new id');
    }
    expect((await api.as(coordinator, 'GET', `/v1/offices/${officeId}`)).status).toBe(404);
  });

  it('is not in the export, and an import naming it answers 409 conflict and writes nothing', async () => {
    const exported = await api.as(coordinator, 'GET', '/v1/catalogue');
    const document = exported.body as {
      offices: { id: string }[];
      institutions: { id: string }[];
      offers: { id: string }[];
    };
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain(officeId);
    expect(exported.text).not.toContain('REMOVED');
    const hsds = await api.as(coordinator, 'GET', '/v1/catalogue?format=hsds');
    expect(hsds.text).not.toContain(officeId);

    const answer = await api.as(coordinator, 'POST', '/v1/catalogue/import', {
      body: {
        ...document,
        offices: [...document.offices, { id: officeId, ...office }],
        institutions: [...document.institutions, { id: institutionId, ...institution }],
      },
    });

    expect(answer.status, describeResponse(answer)).toBe(409);
    expect(answer.body).toMatchObject({ type: 'conflict' });
    expect((answer.body as { detail: string }).detail).toContain(`office "${officeId}"`);
    expect((answer.body as { detail: string }).detail).toContain(`institution "${institutionId}"`);
    expect((await api.as(coordinator, 'GET', `/v1/institutions/${institutionId}`)).status).toBe(404);
  });
});
