// Signed, id-only webhooks: a local receiver verifies every delivery and sees each event exactly once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '#domain/webhook-signature.ts';
import { type LoopbackServer, listenOnLoopback } from '#infra/local/loopback-server.ts';
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
let receiver: LoopbackServer;
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
let api: Api;

beforeAll(async () => {
  const server = createServer((request, response) => {
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
  receiver = await listenOnLoopback(server);
  const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as {
    offices: { id: string; webhookUrl?: string }[];
  };
  for (const entry of catalogue.offices) {
    if (entry.id === 'fb-nord') entry.webhookUrl = `${receiver.url}/lotse-events`;
  }
  const cataloguePath = join(mkdtempSync(join(tmpdir(), 'lotse-webhooks-')), 'catalogue.json');
  writeFileSync(cataloguePath, JSON.stringify(catalogue));
  runtime = await startLocalRuntime({ port: 0, cataloguePath, webhookSecrets: { 'fb-nord': secret }, log: () => {} });
  api = new Api(runtime.url);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  await receiver?.close();
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

/** Resolves once no queue but the dead-letter queues holds a message (waiting, in flight or delayed). */
async function queuesDrained(): Promise<void> {
  const sqs = new SQSClient({
    endpoint: runtime.resources.sqsEndpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const urls = Object.entries(runtime.resources.queues)
    .filter(([logicalId]) => !/dead/i.test(logicalId))
    .map(([, queue]) => queue.url);
  const counts = [
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
  ] as const;
  const holdsMessages = async (url: string) => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...counts] }),
    );
    return counts.some((count) => Number(Attributes[count] ?? 0) > 0);
  };
  try {
    await eventually(async () => ((await Promise.all(urls.map(holdsMessages))).includes(true) ? undefined : true), {
      what: 'the queues to drain',
    });
  } finally {
    sqs.destroy();
  }
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
    // A duplicate would come from a message still in a queue: once none holds one, every delivery has been made.
    await queuesDrained();

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
