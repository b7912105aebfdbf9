// Systems as clients, over HTTP against the local runtime as a new operator would use them: the coordinator registers
// a clinic's system, the system obtains tokens with the client-credentials grant and submits a referral; a system whose
// institution left the catalogue, or whose client was deleted, gets no further access.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from './support/api.ts';
import { referralBody } from './support/referrals.ts';
import { type SignInSetup, signInSetup } from './support/sign-in.ts';

const api = new Api(inject('baseUrl'));
const coordinator = { role: 'coordinator' } as const;
let setup: SignInSetup;

beforeAll(async () => {
  setup = await signInSetup(api.baseUrl);
});

type Registered = { clientId: string; clientSecret: string; role: string; organizationId: string; status: string };

async function register(organizationId: string, role = 'referrer'): Promise<Registered> {
  const response = await api.as(coordinator, 'POST', '/v1/clients', {
    body: { name: `System ${randomUUID().slice(0, 8)}`, role, organizationId },
  });
  expect(response.status).toBe(201);
  return response.body as Registered;
}

/** The client-credentials grant exactly as a system sends it: HTTP Basic, form-encoded. */
async function clientToken(client: Pick<Registered, 'clientId' | 'clientSecret'>, scope = 'lotse/referrer') {
  const response = await fetch(setup.discovery.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string } };
}

function submit(token: string) {
  return api.request('POST', '/v1/referrals', {
    token,
    body: referralBody(),
    headers: { 'idempotency-key': randomUUID() },
  });
}

describe('a registered system', () => {
  it('obtains a token carrying its role scope and institution, and submits a referral with it', async () => {
    const client = await register('klinik-mitte');
    expect(client).toMatchObject({ role: 'referrer', organizationId: 'klinik-mitte', status: 'active' });

    const granted = await clientToken(client);

    expect(granted.status).toBe(200);
    const claims = decodeJwt(granted.body.access_token ?? '');
    expect(claims).toMatchObject({ client_id: client.clientId, institution_id: 'klinik-mitte' });
    expect(String(claims.scope).split(' ')).toEqual(['lotse/referrer']);
    const submitted = await submit(granted.body.access_token ?? '');
    expect(submitted.status).toBe(202);
  });

  it('is listed without its secret', async () => {
    const client = await register('praxis-kinderarzt-nord');

    const listed = await api.as(coordinator, 'GET', '/v1/clients');

    expect(listed.status).toBe(200);
    const entry = (listed.body as { items: Record<string, unknown>[] }).items.find(
      (item) => item.clientId === client.clientId,
    );
    expect(entry).toMatchObject({ organizationId: 'praxis-kinderarzt-nord', status: 'active' });
    expect(entry).not.toHaveProperty('clientSecret');
  });

  it('is refused when it names an office for role referrer (422 unknown-organization)', async () => {
    const response = await api.as(coordinator, 'POST', '/v1/clients', {
      body: { name: 'Falsch gebunden', role: 'referrer', organizationId: 'fb-nord' },
    });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ type: 'unknown-organization' });
  });
});

describe("the API's audience", () => {
  type Resources = {
    audiences: string[];
    authorizers: { id: string; apiId: string }[];
    functions: { name: string }[];
  };
  const resources = async () => (await (await fetch(`${api.baseUrl}/_local/resources`)).json()) as Resources;

  it('is put right by the sweeper when an authorizer lost a registered client (a redeploy, a lost race)', async () => {
    const client = await register('klinik-mitte');
    const before = await resources();
    expect(before.audiences).toContain(client.clientId);
    const [authorizer] = before.authorizers;
    const authorizerPath = `/_local/apigateway/v2/apis/${authorizer?.apiId}/authorizers/${authorizer?.id}`;
    const reset = await api.request('PATCH', authorizerPath, {
      body: { jwtConfiguration: { audience: before.audiences.filter((id) => id !== client.clientId) } },
    });
    expect(reset.status).toBe(200);
    const token = (await clientToken(client)).body.access_token ?? '';
    expect((await submit(token)).status).toBe(401);

    const sweeper = before.functions.find((fn) => /sweeper/i.test(fn.name));
    const swept = await api.request('POST', `/_local/functions/${sweeper?.name}/invoke`, { body: {} });

    expect(swept.status).toBe(200);
    expect((await resources()).audiences).toContain(client.clientId);
    expect((await submit(token)).status).toBe(202);
  });
});

describe('access ends', () => {
  it('for the system of an institution removed from the catalogue: its next token opens nothing (403)', async () => {
    const institutionId = `praxis-${randomUUID().slice(0, 8)}`;
    const created = await api.as(coordinator, 'PUT', `/v1/institutions/${institutionId}`, {
      body: { name: 'Praxis auf Zeit', type: 'paediatric-practice' },
    });
    expect(created.status).toBe(201);
    const client = await register(institutionId);
    expect((await clientToken(client)).status).toBe(200);

    expect((await api.as(coordinator, 'DELETE', `/v1/institutions/${institutionId}`)).status).toBe(204);

    const listed = await api.as(coordinator, 'GET', '/v1/clients');
    expect(
      (listed.body as { items: Registered[] }).items.find((item) => item.clientId === client.clientId)?.status,
    ).toBe('disabled');
    // The token service still answers, but the trigger grants the disabled registration no role scope.
    const after = await clientToken(client);
    expect(after.status).toBe(200);
    expect(String(decodeJwt(after.body.access_token ?? '').scope ?? '')).not.toContain('lotse/referrer');
    expect((await submit(after.body.access_token ?? '')).status).toBe(403);
  });

  it('for a deleted client: it cannot obtain a token any more', async () => {
    const client = await register('klinik-mitte');

    const deleted = await api.as(coordinator, 'DELETE', `/v1/clients/${client.clientId}`);

    expect(deleted.status).toBe(204);
    const after = await clientToken(client);
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('invalid_client');
    expect((await api.as(coordinator, 'DELETE', `/v1/clients/${client.clientId}`)).status).toBe(404);
  });
});
