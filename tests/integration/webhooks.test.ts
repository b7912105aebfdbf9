// Standard Webhooks, end to end: a local receiver verifies every delivery with the `standardwebhooks` library exactly
// as an office's IT would (its secret as /_local/resources hands it over, the raw body, the headers), sees each event
// exactly once, and keeps accepting through a rotation of its office's secret (a new version of the deployment's one
// webhook secret with the office's generation raised) with either the old or the new one.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  deriveOfficeWebhookSecret,
  readWebhookMasterSecret,
  webhookMasterSecretText,
  withOfficeRotated,
} from '#domain/webhook-keys.ts';
import { type LoopbackServer, listenOnLoopback } from '#infra/local/loopback-server.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { Api, eventually } from './support/api.ts';
import { act, type CaseView, clinic, office, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';

interface Delivery {
  officeId: string;
  raw: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  verified: boolean;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
/** The master key of the deployment's webhook secret, fixed for this run as LOTSE_WEBHOOK_KEY would fix it. */
const WEBHOOK_KEY = randomBytes(32).toString('hex');
const OFFICES = ['fb-nord', 'fb-ost'];
/** The secrets the offices' receivers know, as handed over at start; fb-ost's is rotated by a test. */
const secrets: Record<string, string> = {};
const deliveries: Delivery[] = [];
let failNext = 0;
let receiver: LoopbackServer;
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
let api: Api;

/** The receiver's check: true when the library accepts the delivery with `secret`, at the receiver's clock. */
function accepts(secret: string, raw: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(raw, headers);
    return true;
  } catch {
    return false;
  }
}

function headersOf(incoming: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(incoming).map(([name, value]) => [name, String(value)]));
}

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
      const officeId = (request.url ?? '').split('/').pop() ?? '';
      const headers = headersOf(request.headers);
      const verified = accepts(secrets[officeId] ?? '', raw, headers);
      deliveries.push({ officeId, raw, headers, body: JSON.parse(raw) as Record<string, unknown>, verified });
      response.writeHead(verified ? 204 : 401).end();
    });
  });
  receiver = await listenOnLoopback(server);
  const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as {
    offices: { id: string; webhookUrl?: string }[];
  };
  for (const entry of catalogue.offices) {
    if (OFFICES.includes(entry.id)) entry.webhookUrl = `${receiver.url}/lotse-events/${entry.id}`;
  }
  const cataloguePath = join(mkdtempSync(join(tmpdir(), 'lotse-webhooks-')), 'catalogue.json');
  writeFileSync(cataloguePath, JSON.stringify(catalogue));
  runtime = await startLocalRuntime({ port: 0, cataloguePath, webhookKey: WEBHOOK_KEY, log: () => {} });
  api = new Api(runtime.url);
  // The handover: each office's secret as the local runtime lists it (derived, generation 1).
  for (const officeId of OFFICES) secrets[officeId] = runtime.resources.webhookSecrets[officeId] ?? '';
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
  // First, while no notifier instance holds the webhook secret in memory (it reads it once for all offices and keeps
  // it five minutes): a delivery after the put sees the new version at once.
  it('signs for the rotated office with its old and new secret, so a receiver knowing either accepts, and others once', async () => {
    expect(secrets['fb-nord']).toBe(deriveOfficeWebhookSecret(WEBHOOK_KEY, 'fb-nord', 1));
    expect(secrets['fb-ost']).toBe(deriveOfficeWebhookSecret(WEBHOOK_KEY, 'fb-ost', 1));
    // The operators' step: a new version of the deployment's webhook secret with fb-ost's generation raised.
    const oldSecret = secrets['fb-ost'] ?? '';
    const secretId = runtime.resources.webhookSecretArn ?? '';
    const secretsManager = new SecretsManagerClient({
      endpoint: runtime.resources.secretsManagerEndpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { SecretString = '' } = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }));
      const reading = readWebhookMasterSecret(SecretString);
      if (!reading.ok) throw new Error(`the local webhook secret ${reading.problem}`);
      expect(reading.secret.key).toBe(WEBHOOK_KEY);
      await secretsManager.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          SecretString: webhookMasterSecretText(withOfficeRotated(reading.secret, 'fb-ost')),
        }),
      );
    } finally {
      secretsManager.destroy();
    }
    // The office's new secret, as it would be handed over: /_local/resources follows the secret's current version.
    const rotatedSecret = runtime.resources.webhookSecrets['fb-ost'] ?? '';
    expect(rotatedSecret).toBe(deriveOfficeWebhookSecret(WEBHOOK_KEY, 'fb-ost', 2));
    expect(runtime.resources.webhookSecrets['fb-nord']).toBe(secrets['fb-nord']);

    // A family in district Ost: the case goes to fb-ost.
    const submitted = await api.submitReferral(clinic, referralBody({ postalCode: '44141' }));
    const caseId = (submitted.body as { referralId: string }).referralId;
    const [delivery] = await waitForEvents(caseId, ['case.routed']);
    if (delivery === undefined) throw new Error('no delivery');

    expect(delivery.officeId).toBe('fb-ost');
    expect(delivery.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(accepts(oldSecret, delivery.raw, delivery.headers)).toBe(true);
    expect(accepts(rotatedSecret, delivery.raw, delivery.headers)).toBe(true);
    expect(accepts(newSecret(), delivery.raw, delivery.headers)).toBe(false);

    // fb-nord was not rotated: both versions give it the same secret, so its deliveries carry one signature.
    const toNord = await api.submitReferral(clinic, referralBody());
    const [nordDelivery] = await waitForEvents((toNord.body as { referralId: string }).referralId, ['case.routed']);
    if (nordDelivery === undefined) throw new Error('no delivery');
    expect(nordDelivery.officeId).toBe('fb-nord');
    expect(nordDelivery.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(accepts(secrets['fb-nord'] ?? '', nordDelivery.raw, nordDelivery.headers)).toBe(true);
  });

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
      expect(delivery.headers['webhook-id']).toBe(delivery.body.id);
      expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(Math.abs(Number(delivery.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      expect(Object.keys(delivery.headers).filter((name) => name.startsWith('lotse-'))).toEqual([]);
    }
    expect(JSON.stringify(events)).not.toContain('Maria');
  });

  it('is refused by the library when the body is changed, the secret is another or the delivery is replayed late', async () => {
    const submitted = await api.submitReferral(clinic, referralBody());
    const caseId = (submitted.body as { referralId: string }).referralId;
    const [delivery] = await waitForEvents(caseId, ['case.routed']);
    if (delivery === undefined) throw new Error('no delivery');
    const secret = secrets['fb-nord'] ?? '';
    expect(accepts(secret, delivery.raw, delivery.headers)).toBe(true);

    const tampered = delivery.raw.replace('case.routed', 'case.closed');
    expect(() => new Webhook(secret).verify(tampered, delivery.headers)).toThrow(/signature/i);
    expect(() => new Webhook(newSecret()).verify(delivery.raw, delivery.headers)).toThrow(/signature/i);
    // The same captured request, presented more than 5 minutes after it was signed.
    vi.useFakeTimers({ now: (Number(delivery.headers['webhook-timestamp']) + 301) * 1000, toFake: ['Date'] });
    try {
      expect(() => new Webhook(secret).verify(delivery.raw, delivery.headers)).toThrow(/too old/);
    } finally {
      vi.useRealTimers();
    }
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
    expect(events.every((delivery) => delivery.verified)).toBe(true);
  }, 120_000);
});
