// Every error API.md lists for POST /v1/referrals, answered over real HTTP, and none of them stores anything.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { Api } from './support/api.ts';
import { referralBody } from './support/referrals.ts';
import { allItems, childProtectionRefusals } from './support/table.ts';

const api = new Api(inject('baseUrl'));
const clinic = 'klinik-mitte';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

async function post(body: unknown, headers: Record<string, string> = {}, token?: string) {
  return api.request('POST', '/v1/referrals', {
    ...(typeof body === 'string' ? { rawBody: body } : { body }),
    token: token ?? (await api.token({ role: 'referrer', institutionId: clinic })),
    headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json', ...headers },
  });
}

function problem(response: { status: number; headers: Headers; body: unknown }): Problem {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = response.body as Problem;
  expect(body.status).toBe(response.status);
  expect(body.title).toMatch(/\S/);
  return body;
}

async function itemsMentioning(marker: string): Promise<number> {
  return (await allItems()).filter((item) => JSON.stringify(item).includes(marker)).length;
}

describe('POST /v1/referrals errors', () => {
  it('answers 401 without a token', async () => {
    const response = await api.request('POST', '/v1/referrals', { body: referralBody() });

    expect(response.status).toBe(401);
  });

  it('answers 401 for a token that is not signed by the issuer', async () => {
    const token = await api.token({ role: 'referrer', institutionId: clinic });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not-a-signature').toString('base64url')}`;

    const response = await post(referralBody(), {}, forged);

    expect(response.status).toBe(401);
  });

  it('answers 403 for an office token', async () => {
    const response = await post(referralBody(), {}, await api.token({ role: 'office', officeId: 'fb-nord' }));

    expect(response.status).toBe(403);
  });

  it('answers 403 forbidden when the token names an institution the catalogue does not know', async () => {
    const response = await post(
      referralBody(),
      {},
      await api.token({ role: 'referrer', institutionId: 'closed-kita', allowUnregistered: true }),
    );

    expect(response.status).toBe(403);
    expect(problem(response).type).toBe('forbidden');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await post('name=Maria', { 'content-type': 'application/x-www-form-urlencoded' });

    expect(response.status).toBe(415);
    expect(problem(response).type).toBe('unsupported-media-type');
  });

  it('answers 413 above 32 KiB', async () => {
    const response = await post(referralBody({ note: 'x'.repeat(33 * 1024) }));

    expect(response.status).toBe(413);
    expect(problem(response).type).toBe('payload-too-large');
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await post('{"referrer": ');

    expect(response.status).toBe(400);
    expect(problem(response).type).toBe('validation');
  });

  it('answers 400 with one entry per violated field, by dot-separated path', async () => {
    const body = referralBody({ postalCode: '4413', urgency: 'tomorrow', children: [{ birthDate: '2999-01-01' }] });

    const response = await post(body);

    expect(response.status).toBe(400);
    const paths = problem(response).errors?.map((error) => error.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['postalCode', 'urgency', 'children.0.birthDate']));
  });

  it('rejects an unknown field with 400 naming it', async () => {
    const response = await post(referralBody({ contact: { ...(referralBody().contact as object), nickname: 'M' } }));

    expect(response.status).toBe(400);
    expect(JSON.stringify(problem(response).errors)).toContain('nickname');
  });

  it('answers 400 without an Idempotency-Key', async () => {
    const response = await api.request('POST', '/v1/referrals', {
      body: referralBody(),
      token: await api.token({ role: 'referrer', institutionId: clinic }),
    });

    expect(response.status).toBe(400);
    expect(JSON.stringify(problem(response))).toMatch(/idempotency-key/i);
  });

  it('answers 422 consent-required when the office scope is missing, and stores nothing', async () => {
    const marker = `Consentless-${randomUUID()}`;
    const body = referralBody({
      contact: { ...(referralBody().contact as object), name: marker },
      consent: { ...(referralBody().consent as object), scopes: ['offer', 'feedback'] },
    });

    const response = await post(body);

    expect(response.status).toBe(422);
    expect(problem(response).type).toBe('consent-required');
    expect(await itemsMentioning(marker)).toBe(0);
  });

  it('answers 422 child-protection naming the Jugendamt contact, storing nothing about the family', async () => {
    const marker = `Concern-${randomUUID()}`;
    const body = referralBody({
      childProtectionConcern: true,
      contact: { ...(referralBody().contact as object), name: marker },
    });

    const response = await post(body);

    expect(response.status).toBe(422);
    const answer = problem(response);
    expect(answer.type).toBe('child-protection');
    expect(answer.detail).toMatch(/Jugendamt/);
    expect(response.text).not.toContain(marker);
    expect(await itemsMentioning(marker)).toBe(0);
  });

  it('counts child-protection refusals anonymously', async () => {
    const before = await childProtectionRefusals();

    await post(referralBody({ childProtectionConcern: true }));

    expect(await childProtectionRefusals()).toBe(before + 1);
  });

  it('answers 422 outside-service-area for a postal code of no district', async () => {
    const response = await post(referralBody({ postalCode: '99999' }));

    expect(response.status).toBe(422);
    expect(problem(response).type).toBe('outside-service-area');
  });

  it('answers 422 idempotency-key-reused for the same key with a different body', async () => {
    const key = randomUUID();
    const first = await post(referralBody(), { 'idempotency-key': key });

    const second = await post(referralBody({ urgency: 'urgent' }), { 'idempotency-key': key });

    expect(first.status).toBe(202);
    expect(second.status).toBe(422);
    expect(problem(second).type).toBe('idempotency-key-reused');
  });

  it('never leaks internals in an error body', async () => {
    const response = await post('{"referrer": ');

    expect(response.text).not.toMatch(/at .*\.(ts|js|mjs):\d+|stack|Exception/);
  });
});
