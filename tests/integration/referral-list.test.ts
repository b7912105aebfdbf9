// An institution lists its referrals over real HTTP: newest first in pages, its own only, filtered by the status it
// sees, with its own reference (which nobody else sees and which goes with a withdrawal); and every role reads the
// districts.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { Api, type ApiResponse, eventually } from './support/api.ts';
import { readCase, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';

const api = new Api(inject('baseUrl'));
const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as {
  districts: { id: string; name: string; postalCodes: string[] }[];
  offices: { id: string; districts: string[] }[];
};
// Institutions of the seed that the other test files do not refer from, so their lists are this file's alone.
const school = { role: 'referrer', institutionId: 'grundschule-am-park' } as const;
const youthCentre = { role: 'referrer', institutionId: 'jugendhaus-west' } as const;
type Referrer = typeof school | typeof youthCentre;

const officeOf = (districtId: string) => catalogue.offices.find((office) => office.districts.includes(districtId));
const servedPostalCode = catalogue.districts.find((district) => officeOf(district.id))?.postalCodes[0] ?? '';
const unservedPostalCode = catalogue.districts.find((district) => !officeOf(district.id))?.postalCodes[0] ?? '';

interface ListItem {
  referralId: string;
  status: string;
  outcome?: string;
  referrerReference?: string;
  createdAt: string;
  updatedAt: string;
}
interface ListPage {
  items: ListItem[];
  nextCursor: string | null;
}

async function refer(who: Referrer, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await api.submitReferral(who.institutionId, referralBody(overrides));
  expect(response.status, response.text).toBe(202);
  return (response.body as { referralId: string }).referralId;
}

function listQuery(query: Record<string, string | number | undefined>): string {
  const entries = Object.entries(query).flatMap(([name, value]): [string, string][] =>
    value === undefined ? [] : [[name, String(value)]],
  );
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

async function listPage(who: Referrer, query: Record<string, string | number | undefined> = {}): Promise<ListPage> {
  const response = await api.as(who, 'GET', `/v1/referrals${listQuery(query)}`);
  expect(response.status, response.text).toBe(200);
  return response.body as ListPage;
}

/** Every referral of the institution, page by page. */
async function listAll(who: Referrer, query: { status?: string; limit?: number } = {}): Promise<ListItem[]> {
  const items: ListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPage(who, { ...query, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const idsOf = (items: readonly ListItem[]) => items.map((item) => item.referralId);

describe('GET /v1/referrals', () => {
  it('pages through the institution’s referrals newest first, each exactly once', async () => {
    const submitted: string[] = [];
    for (let n = 0; n < 5; n++) submitted.push(await refer(school));

    const listed = await listAll(school, { limit: 2 });

    const ids = idsOf(listed);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => submitted.includes(id))).toEqual([...submitted].reverse());
    const times = listed.map((item) => item.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('never lists another institution’s referrals, nor continues another institution’s cursor', async () => {
    const ours = await refer(school);
    const theirs = await refer(youthCentre);
    await refer(youthCentre);

    const schoolIds = idsOf(await listAll(school));
    const youthIds = idsOf(await listAll(youthCentre));
    const theirCursor = (await listPage(youthCentre, { limit: 1 })).nextCursor ?? '';
    const borrowed = await api.as(school, 'GET', `/v1/referrals${listQuery({ cursor: theirCursor })}`);

    expect(schoolIds).toContain(ours);
    expect(schoolIds).not.toContain(theirs);
    expect(youthIds).toContain(theirs);
    expect(youthIds).not.toContain(ours);
    expect(borrowed.status).toBe(400);
    expect(borrowed.body).toMatchObject({ type: 'validation', errors: [{ path: 'cursor' }] });
  });

  it('filters by the status the referrer sees, exactly as the single referral shows it', async () => {
    const forwarded = await refer(school, { postalCode: servedPostalCode });
    const unserved = await refer(school, { postalCode: unservedPostalCode });
    const withdrawn = await refer(school);
    await waitForStatus(api, forwarded, 'routed');
    await waitForStatus(api, unserved, 'escalated');
    await withdraw(school, withdrawn);

    const byStatus = async (status: string) => idsOf(await listAll(school, { status }));
    const [received, forwardedIds, withdrawnIds] = await Promise.all(
      ['received', 'forwarded', 'withdrawn'].map(byStatus),
    );

    // No office serves the district: escalated inside, still `received` for the referrer.
    expect(received).toContain(unserved);
    expect(received).not.toContain(forwarded);
    expect(forwardedIds).toContain(forwarded);
    expect(forwardedIds).not.toContain(unserved);
    expect(withdrawnIds).toContain(withdrawn);
    expect(withdrawnIds).not.toContain(forwarded);
    const settled = [forwarded, unserved, withdrawn];
    for (const item of (await listAll(school)).filter((listed) => settled.includes(listed.referralId))) {
      const single = await api.as(school, 'GET', `/v1/referrals/${item.referralId}`);
      const { milestones: _milestones, ...view } = single.body as ListItem & { milestones: unknown };
      expect(item).toEqual(view);
    }
  });

  it('answers 400 for a limit outside 1–100, an internal status or an unknown parameter', async () => {
    const answers: [string, ApiResponse][] = [];
    for (const [path, query] of [
      ['limit', '?limit=0'],
      ['limit', '?limit=101'],
      ['status', '?status=routed'],
      ['officeId', '?officeId=fb-nord'],
    ] as const) {
      answers.push([path, await api.as(school, 'GET', `/v1/referrals${query}`)]);
    }

    for (const [path, answer] of answers) {
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body).toMatchObject({ type: 'validation', errors: [{ path }] });
    }
  });
});

async function withdraw(who: Referrer, referralId: string): Promise<void> {
  const answer = await api.as(who, 'POST', `/v1/referrals/${referralId}/withdraw`, {
    body: { reason: 'consent-withdrawn' },
  });
  expect(answer.status, answer.text).toBe(202);
}

describe('referrerReference', () => {
  const reference = () => `GS-${Date.now().toString(36)}`;

  it('is shown back to the submitting institution, in its list and its referral', async () => {
    const own = reference();
    const referralId = await refer(school, { referrerReference: own });

    const listed = (await listAll(school)).find((item) => item.referralId === referralId);
    const single = await api.as(school, 'GET', `/v1/referrals/${referralId}`);

    expect(listed?.referrerReference).toBe(own);
    expect(single.body).toMatchObject({ referralId, referrerReference: own });
  });

  it('is never shown in the case the office or a coordinator reads', async () => {
    const own = reference();
    const referralId = await refer(school, { referrerReference: own, postalCode: servedPostalCode });
    const routed = await waitForStatus(api, referralId, 'routed');

    const asOffice = await api.as(
      { role: 'office', officeId: routed.officeId ?? '' },
      'GET',
      `/v1/cases/${referralId}`,
    );
    const asCoordinator = await readCase(api, referralId);
    const inbox = await api.as({ role: 'coordinator' }, 'GET', '/v1/cases?limit=100');

    expect(asOffice.status).toBe(200);
    expect(asOffice.text).not.toContain(own);
    expect(asCoordinator.personalData).toBe('present');
    expect(JSON.stringify(asCoordinator)).not.toContain(own);
    expect(inbox.text).not.toContain(own);
  });

  it('is gone with the withdrawal: the referral stays listed as its tombstone', async () => {
    const own = reference();
    const referralId = await refer(school, { referrerReference: own });

    await withdraw(school, referralId);

    const listed = await eventually(
      async () => (await listAll(school)).find((item) => item.referralId === referralId && item.status === 'withdrawn'),
      { what: `referral ${referralId} to be listed as withdrawn` },
    );
    expect(listed).not.toHaveProperty('referrerReference');
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'referralId', 'status', 'updatedAt']);
    const single = await api.as(school, 'GET', `/v1/referrals/${referralId}`);
    expect(single.text).not.toContain(own);
  });

  it('is part of the request the Idempotency-Key stands for', async () => {
    const key = `reference-${Date.now()}`;
    const first = await api.submitReferral(school.institutionId, referralBody({ referrerReference: 'A-1' }), key);

    const other = await api.submitReferral(school.institutionId, referralBody({ referrerReference: 'A-2' }), key);

    expect(first.status).toBe(202);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ type: 'idempotency-key-reused' });
  });

  it('is refused with 400 at its path when longer than 40 characters or not printable', async () => {
    for (const bad of ['x'.repeat(41), 'Akte\n0815', '']) {
      const answer = await api.submitReferral(school.institutionId, referralBody({ referrerReference: bad }));

      expect(answer.status, answer.text).toBe(400);
      expect(answer.body).toMatchObject({ errors: [{ path: 'referrerReference' }] });
    }
  });
});

describe('GET /v1/districts', () => {
  const expected = [...catalogue.districts]
    .map(({ id, name, postalCodes }) => ({ id, name, postalCodes }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  it.each([
    ['referrer', school],
    ['office', { role: 'office', officeId: catalogue.offices[0]?.id ?? '' }],
    ['coordinator', { role: 'coordinator' }],
  ] as const)('lists every district with its postal codes, sorted by id, to a %s', async (_, who) => {
    const answer = await api.as(who, 'GET', '/v1/districts');

    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ items: expected });
  });

  it('answers 401 without a token and 400 for a query parameter', async () => {
    const anonymous = await api.request('GET', '/v1/districts');
    const withQuery = await api.as(school, 'GET', '/v1/districts?postalCode=44135');

    expect(anonymous.status).toBe(401);
    expect(withQuery.status).toBe(400);
  });
});
