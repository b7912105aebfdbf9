// Nothing linkable is left after erasure: a referral with distinctive personal values and codes goes through
// withdrawal, a coordinator's erasure (Art. 17) and retention (closed and never-closed cases) against a runtime of this
// file's own (its sweeps a year ahead must not erase other files' cases), and afterwards every item of both tables is
// searched: no item holds a personal value, and no item that names the case holds any of its codes.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { Api } from './support/api.ts';
import { act, type CaseView, clinic, office, readCase, waitForStatus } from './support/cases.ts';
import { isoDate, referralBody, yearsAgo } from './support/referrals.ts';
import { scanAll } from './support/table.ts';

let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
let api: Api;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, webApp: false, log: () => undefined });
  api = new Api(runtime.url);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.resources.dynamoEndpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}, 180_000);

afterAll(async () => {
  documents?.destroy();
  await runtime?.stop();
});

type Item = Record<string, unknown>;

/** Every item of both tables (a test-only Scan). */
async function everyItem(): Promise<Item[]> {
  const { tableName, personalTableName } = runtime.resources;
  return [...(await scanAll(tableName, documents)), ...(await scanAll(personalTableName, documents))];
}

/** Every string in an item, keys and values, at any depth; `#`-joined keys also as their parts. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value, ...value.split('#')];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, entry]) => [key, ...strings(entry)]);
  }
  return [];
}

/** Referrals made so far: each gets its own birth dates, so no two referrals of this file share a value. */
let made = 0;

/** A referral whose personal values occur nowhere else, and whose codes are chosen to be recognisable. */
function distinctiveReferral() {
  made += 1;
  const marker = `Zq${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const values = {
    contactName: `Familie ${marker}`,
    contactPhone: `+49 170 ${String(Date.now()).slice(-8)}`,
    contactEmail: `${marker.toLowerCase()}@familie.example`,
    bestTime: `abends ${marker}`,
    referrerName: `Lotsin ${marker}`,
    note: `Hinweis ${marker}`,
    referrerReference: `AZ-${marker}`,
    birthDate: yearsAgo(12, 17 + made),
    expectedBirthDate: isoDate(97 + made),
  };
  const body = referralBody({
    referrer: { name: values.referrerName, email: `${marker.toLowerCase()}@klinik.example` },
    contact: {
      name: values.contactName,
      role: 'mother',
      phone: values.contactPhone,
      email: values.contactEmail,
      preferredChannel: 'phone',
      bestTime: values.bestTime,
      mayLeaveMessage: true,
    },
    children: [{ birthDate: values.birthDate }, { expectedBirthDate: values.expectedBirthDate }],
    languages: ['de', 'ar'],
    needs: ['pregnancy-counselling', 'early-intervention'],
    urgency: 'urgent',
    postalCode: '44137',
    note: values.note,
    referrerReference: values.referrerReference,
  });
  return { body, values: Object.values(values) };
}

/** The codes of a case as the office saw it: district, phases, needs, urgency, outcome, proposed offers. */
function codesOf(view: CaseView & Record<string, unknown>): string[] {
  const codes = [
    view.districtId,
    view.urgency,
    ...((view.phases as string[] | undefined) ?? []),
    ...((view.needs as string[] | undefined) ?? []),
    view.outcome,
    ...view.proposals.map((proposal) => proposal.offerId),
  ];
  return codes.filter((code): code is string => typeof code === 'string' && code !== '');
}

/** What is left that is linkable: personal values anywhere, the case's codes in any item that names the case. */
async function leftovers(caseId: string, codes: readonly string[], values: readonly string[]) {
  const items = await everyItem();
  const found: string[] = [];
  for (const item of items) {
    const texts = strings(item);
    const where = `${String(item.pk)} / ${String(item.sk)}`;
    for (const value of values) if (texts.some((text) => text.includes(value))) found.push(`${where}: "${value}"`);
    if (!texts.includes(caseId)) continue;
    for (const code of codes) if (texts.includes(code)) found.push(`${where}: code ${code}`);
  }
  return found;
}

async function submitted(): Promise<{ view: CaseView & Record<string, unknown>; values: string[] }> {
  const { body, values } = distinctiveReferral();
  const response = await api.submitReferral(clinic, body);
  expect(response.status, response.text).toBe(202);
  const { referralId } = response.body as { referralId: string };
  const view = (await waitForStatus(api, referralId, 'routed')) as CaseView & Record<string, unknown>;
  return { view, values };
}

const sweepAt = (days: number) =>
  api.request('POST', '/_local/functions/sweeper/invoke', {
    body: { time: new Date(Date.now() + days * 86_400_000).toISOString() },
  });

describe('erasure leaves nothing linkable', () => {
  it('after the referrer’s withdrawal (and a late retry of the submission creates nothing)', async () => {
    const { body, values } = distinctiveReferral();
    const key = randomUUID();
    const first = await api.submitReferral(clinic, body, key);
    const { referralId } = first.body as { referralId: string };
    const view = (await waitForStatus(api, referralId, 'routed')) as CaseView & Record<string, unknown>;
    const codes = codesOf(view);
    expect(codes).toEqual(expect.arrayContaining(['nord', 'urgent', 'pregnancy-counselling', 'early-intervention']));
    // The search sees what is there before the erasure (so it could fail after it).
    expect(await leftovers(referralId, codes, values)).not.toEqual([]);

    const withdrawn = await api.as(
      { role: 'referrer', institutionId: clinic },
      'POST',
      `/v1/referrals/${referralId}/withdraw`,
      {
        body: { reason: 'consent-withdrawn' },
      },
    );
    expect(withdrawn.status).toBe(202);

    expect(await leftovers(referralId, codes, values)).toEqual([]);
    const retry = await api.submitReferral(clinic, body, key);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(await leftovers(referralId, codes, values)).toEqual([]);
    const referral = await api.as({ role: 'referrer', institutionId: clinic }, 'GET', `/v1/referrals/${referralId}`);
    expect(referral.body).toMatchObject({ status: 'withdrawn' });
  });

  it('after a coordinator’s erasure of a case an office worked on, which the audit trail still lists', async () => {
    const { view, values } = await submitted();
    const holder = office(view.officeId);
    await api.as(holder, 'GET', `/v1/cases/${view.caseId}`);
    const opened = await readCase(api, view.caseId);
    await act(api, holder, view.caseId, 'decline', {
      version: opened.version,
      body: { reason: 'other', note: `Ablehnung ${values[0]}` },
    });
    const codes = codesOf(view);

    const erased = await api.as({ role: 'coordinator' }, 'POST', `/v1/cases/${view.caseId}/erase`, {
      body: { reason: 'data-subject-request' },
    });

    expect(erased.status, erased.text).toBe(202);
    expect(await leftovers(view.caseId, codes, values)).toEqual([]);
    const audit = await api.as({ role: 'coordinator' }, 'GET', `/v1/cases/${view.caseId}/audit`);
    expect((audit.body as { items: { action: string }[] }).items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['read', 'decline']),
    );
    const again = await api.as({ role: 'coordinator' }, 'POST', `/v1/cases/${view.caseId}/erase`, {
      body: { reason: 'other' },
    });
    expect(again.status).toBe(202);
  });

  it('after retention: a closed case 180 days after closure, a never-closed one a year after its last change', async () => {
    const closing = await submitted();
    const idle = await submitted();
    const holder = office(closing.view.officeId);
    await api.as(holder, 'GET', `/v1/cases/${closing.view.caseId}`);
    let current = await readCase(api, closing.view.caseId);
    await act(api, holder, current.caseId, 'accept', { version: current.version });
    current = await readCase(api, closing.view.caseId);
    const offerId = current.proposals[0]?.offerId;
    const closed = await act(api, holder, current.caseId, 'close', {
      version: current.version,
      body: { outcome: 'connected', ...(offerId ? { offerId } : {}) },
    });
    expect(closed.status, closed.text).toBe(200);
    const closedCodes = codesOf(closed.body as CaseView & Record<string, unknown>);
    await api.as(office(idle.view.officeId), 'GET', `/v1/cases/${idle.view.caseId}`);

    expect((await sweepAt(170)).status).toBe(200);
    expect(await leftovers(closing.view.caseId, closedCodes, closing.values)).not.toEqual([]);

    expect((await sweepAt(181)).status).toBe(200);
    expect(await leftovers(closing.view.caseId, closedCodes, closing.values)).toEqual([]);
    expect((await readCase(api, closing.view.caseId)).status).toBe('closed');
    expect(await leftovers(idle.view.caseId, codesOf(idle.view), idle.values)).not.toEqual([]);

    expect((await sweepAt(366)).status).toBe(200);
    expect(await leftovers(idle.view.caseId, codesOf(idle.view), idle.values)).toEqual([]);
    expect((await readCase(api, idle.view.caseId)).status).toBe('withdrawn');
  });
});
