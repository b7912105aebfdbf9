// Signed, id-only webhooks: a local receiver verifies every delivery and sees each event exactly once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '#domain/webhook-signature.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { Api, eventually } from './support/api.ts';
import { act, type CaseView, clinic, office, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';

interface Delivery {
  body: Record<string, unknown>;
  verified: boolean;
  eventId: string | undefined;
}

const secret = 'test-secret-for-fb-nord-0123456789abcdef';
const deliveries: Delivery[] = [];
let failNext = 0;
let receiver: Server;
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
let api: Api;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        response.writeHead(503).end();
        return;
      }
      const header = String(request.headers['lotse-signature'] ?? '');
      const verdict = verifyWebhook(secret, raw, header, Math.floor(Date.now() / 1000));
      deliveries.push({
        body: JSON.parse(raw) as Record<string, unknown>,
        verified: verdict.ok,
        eventId: request.headers['lotse-event-id'] as string | undefined,
      });
      response.writeHead(verdict.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  if (!address || typeof address === 'string') throw new Error('receiver has no port');
  const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as {
    offices: { id: string; webhookUrl?: string }[];
  };
  for (const entry of catalogue.offices) {
    if (entry.id === 'fb-nord') entry.webhookUrl = `http://127.0.0.1:${address.port}/lotse-events`;
  }
  const cataloguePath = join(mkdtempSync(join(tmpdir(), 'lotse-webhooks-')), 'catalogue.json');
  writeFileSync(cataloguePath, JSON.stringify(catalogue));
  runtime = await startLocalRuntime({ port: 0, cataloguePath, webhookSecrets: { 'fb-nord': secret }, log: () => {} });
  api = new Api(runtime.url);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const eventsOf = (caseId: string) => deliveries.filter((delivery) => delivery.body.caseId === caseId);

async function waitForEvents(caseId: string, types: string[]): Promise<Delivery[]> {
  return eventually(
    async () => {
      const seen = eventsOf(caseId).map((delivery) => delivery.body.type);
      return types.every((type) => seen.includes(type)) ? eventsOf(caseId) : undefined;
    },
    { timeoutMs: 30_000, what: `webhooks ${types.join(', ')} for ${caseId}` },
  );
}

describe('webhooks', () => {
  it('delivers routed, accepted and closed to the office, signed, id-only and exactly once each', async () => {
    const submitted = await api.submitReferral(clinic, referralBody());
    const caseId = (submitted.body as { referralId: string }).referralId;
    const routed = await waitForStatus(api, caseId, 'routed');
    const who = office(routed.officeId);
    const accepted = (await act(api, who, caseId, 'accept', { version: routed.version })).body as CaseView;
    await act(api, who, caseId, 'close', { version: accepted.version, body: { outcome: 'family-declined' } });

    await waitForEvents(caseId, ['case.routed', 'case.accepted', 'case.closed']);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // room for a duplicate to show up, if there were one

    const events = eventsOf(caseId);
    expect(events.map((delivery) => delivery.body.type).sort()).toEqual([
      'case.accepted',
      'case.closed',
      'case.routed',
    ]);
    for (const delivery of events) {
      expect(delivery.verified).toBe(true);
      expect(Object.keys(delivery.body).sort()).toEqual(['caseId', 'id', 'occurredAt', 'type']);
      expect(delivery.eventId).toBe(delivery.body.id);
    }
    expect(JSON.stringify(events)).not.toContain('Maria');
  });

  it('tells the office when a referral is withdrawn', async () => {
    const submitted = await api.submitReferral(clinic, referralBody());
    const caseId = (submitted.body as { referralId: string }).referralId;
    await waitForStatus(api, caseId, 'routed');

    await api.as({ role: 'referrer', institutionId: clinic }, 'POST', `/v1/referrals/${caseId}/withdraw`, {
      body: { reason: 'consent-withdrawn' },
    });

    const events = await waitForEvents(caseId, ['case.routed', 'referral.withdrawn']);
    expect(events.every((delivery) => delivery.verified)).toBe(true);
  });

  it('retries a failed delivery through the queue until the receiver takes it', async () => {
    failNext = 1;
    const submitted = await api.submitReferral(clinic, referralBody());
    const caseId = (submitted.body as { referralId: string }).referralId;

    const events = await eventually(
      async () =>
        eventsOf(caseId).some((delivery) => delivery.body.type === 'case.routed') ? eventsOf(caseId) : undefined,
      { timeoutMs: 90_000, intervalMs: 500, what: 'the retried case.routed webhook' },
    );

    expect(failNext).toBe(0);
    expect(events.filter((delivery) => delivery.body.type === 'case.routed')).toHaveLength(1);
  }, 120_000);
});
