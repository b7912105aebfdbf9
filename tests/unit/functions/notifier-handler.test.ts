// The notifier handler's wiring (config, adapters, use case, backoff, partial batch response) with AWS mocked.
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand, RequestThrottled, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deriveOfficeWebhookSecret } from '#domain/webhook-keys.ts';
import { logger } from '#runtime/logger.ts';
import { metrics } from '#runtime/metrics.ts';
import { catalogueTableItems, testCatalogue } from './fakes.ts';

const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/notifications';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:WebhookSecretA1B2C3-AbCdEf';
const MASTER = 'K7pWq2ZkR4xN9vB3cT6yH1jL8sD5fG0aE2uI7oP4qK9wX3mmmmmmmmmmmmmmmmmmmm';
const NORD_URL = 'https://fb-nord.teststadt.example/lotse-events?token=receiver-token';
const SUED_URL = 'https://fb-sued.teststadt.example/lotse-events';
/** fb-nord's secret, derived from the deployment's webhook secret. */
const SECRET = deriveOfficeWebhookSecret(MASTER, 'fb-nord');

Object.assign(process.env, {
  TABLE_NAME: 'lotse',
  MUNICIPALITY_ID: 'teststadt',
  STAGE: 'dev',
  NOTIFICATION_QUEUE_URL: QUEUE_URL,
  WEBHOOK_SECRET_ARN: SECRET_ARN,
  AWS_REGION: 'eu-central-1',
});

// Before the logger is created (imports are hoisted above this file's code): injectLambdaContext's per-invocation
// sampling refresh restores the initial level, so a setLogLevel('SILENT') would hold for the first invocation only.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'SILENT';
});

// The receivers' names resolve to a public documentation address (Node's HTTPS client is replaced by a fake receiver,
// nothing is sent); a test may make them resolve elsewhere.
const dns = vi.hoisted(() => ({ address: '203.0.113.10' }));
vi.mock('node:dns/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:dns/promises')>()),
  lookup: async () => [{ address: dns.address, family: dns.address.includes(':') ? 6 : 4 }],
}));

// What the webhook client sends over HTTPS, and how the fake receiver answers it (a status, or a connection error).
type SentRequest = { url: string; method: string | undefined; headers: Record<string, string>; body: string };
const receiver = vi.hoisted(() => ({
  sent: [] as SentRequest[],
  answer: async (_request: SentRequest): Promise<number> => 204,
}));
vi.mock('node:https', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:https')>()),
  request: (
    url: URL,
    options: { method?: string; headers?: Record<string, string> },
    onAnswer: (answer: unknown) => void,
  ) => {
    const onError: Array<(error: unknown) => void> = [];
    const outgoing = {
      on(event: string, listener: (error: unknown) => void) {
        if (event === 'error') onError.push(listener);
        return outgoing;
      },
      end(body: string) {
        const request = { url: String(url), method: options.method, headers: { ...options.headers }, body };
        receiver.sent.push(request);
        receiver.answer(request).then(
          (statusCode) => onAnswer({ statusCode, resume: () => {}, on: () => {}, destroy: () => {} }),
          (error: unknown) => {
            for (const listener of onError) listener(error);
          },
        );
      },
    };
    return outgoing;
  },
}));

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const secretsManager = mockClient(SecretsManagerClient);
let handler: typeof import('../../../functions/notifier/handler.ts')['handler'];

function mockAws() {
  const catalogue = testCatalogue();
  const offices = catalogue.offices.map((office) => ({
    ...office,
    webhookUrl: office.id === 'fb-nord' ? NORD_URL : SUED_URL,
  }));
  dynamo.on(QueryCommand).resolves({
    Items: [...catalogueTableItems({ ...catalogue, offices })],
  });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  secretsManager
    .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
    .resolves({ SecretString: JSON.stringify({ key: MASTER, generations: {} }) });
}

beforeAll(async () => {
  mockAws();
  ({ handler } = await import('../../../functions/notifier/handler.ts'));
});

beforeEach(() => {
  receiver.answer = async () => 204;
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
  secretsManager.reset();
  receiver.sent.length = 0;
  dns.address = '203.0.113.10';
  vi.restoreAllMocks();
  mockAws();
});

// Withdrawal notifications are delivered without reading the case, which keeps these tests on the wiring.
function notification(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    eventId: 'CASE0001:3',
    type: 'referral.withdrawn',
    caseId: 'CASE0001',
    officeId: 'fb-nord',
    occurredAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  });
}

function batch(...records: { body: string; receiveCount?: number }[]): SQSEvent {
  return {
    Records: records.map(
      ({ body, receiveCount = 1 }, index) =>
        ({
          messageId: `m-${index}`,
          receiptHandle: `receipt-${index}`,
          body,
          attributes: { ApproximateReceiveCount: String(receiveCount) },
        }) as unknown as SQSRecord,
    ),
  };
}

describe('notifier handler', () => {
  it('delivers a signed notification and reports no failures', async () => {
    const result = await handler(batch({ body: notification() }));

    expect(result).toEqual({ batchItemFailures: [] });
    const [sent] = receiver.sent;
    expect(sent?.url).toBe(NORD_URL);
    expect(sent?.method).toBe('POST');
    expect(new Webhook(SECRET).verify(String(sent?.body), sent?.headers ?? {})).toMatchObject({ id: 'CASE0001:3' });
  });

  it('backs off a failed delivery by its receive count and reports it as an item failure', async () => {
    receiver.answer = async () => 503;

    const result = await handler(batch({ body: notification(), receiveCount: 3 }));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'receipt-0', VisibilityTimeout: 120 },
    ]);
  });

  it('reports only the failed record of a batch', async () => {
    receiver.answer = async (request) => (request.body.includes('CASE0002') ? 500 : 200);

    const result = await handler(
      batch(
        { body: notification() },
        { body: notification({ eventId: 'CASE0002:3', caseId: 'CASE0002' }) },
        { body: notification({ eventId: 'CASE0003:3', caseId: 'CASE0003' }) },
      ),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('reports a malformed message as an item failure without backoff, for the DLQ', async () => {
    const result = await handler(batch({ body: '{"caseId":"CASE0001"}' }));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    expect(receiver.sent).toHaveLength(0);
  });

  it("fails a delivery when the deployment's webhook secret is missing and logs the office id only", async () => {
    const errors = vi.spyOn(logger, 'error');
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(
        new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find the specified secret." }),
      );
    // Past the five minutes an earlier test's secret is served from memory.
    const later = Date.now() + 10 * 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);

    const result = await handler(batch({ body: notification({ officeId: 'fb-sued' }) }));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(receiver.sent).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith('webhook secret missing for office', { officeId: 'fb-sued' });
  });

  it('still reports the failure when the backoff itself cannot be set', async () => {
    receiver.answer = async () => 500;
    sqs.on(ChangeMessageVisibilityCommand).rejects(new RequestThrottled({ $metadata: {}, message: 'slow down' }));

    const result = await handler(batch({ body: notification() }));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
  });

  it('never logs the webhook URL or the body of a failed delivery', async () => {
    receiver.answer = async () => {
      throw Object.assign(new Error(`connect ECONNREFUSED ${NORD_URL}`), { code: 'ECONNREFUSED' });
    };
    const logged = [vi.spyOn(logger, 'info'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'error')];

    await handler(batch({ body: notification() }));

    const lines = JSON.stringify(
      logged.flatMap((spy) => spy.mock.calls),
      (_key, value: unknown) => (value instanceof Error ? { message: value.message, stack: value.stack } : value),
    );
    expect(lines).toContain('ECONNREFUSED');
    expect(lines).not.toContain('receiver-token');
    expect(lines).not.toContain('occurredAt');
  });

  it('refuses a delivery whose host resolves to a private address: nothing sent, backed off, logged without the URL', async () => {
    dns.address = '::ffff:10.0.0.5';
    const warnings = vi.spyOn(logger, 'warn');

    const result = await handler(batch({ body: notification() }));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(receiver.sent).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);
    expect(warnings).toHaveBeenCalledWith('webhook delivery refused', {
      eventId: 'CASE0001:3',
      type: 'referral.withdrawn',
      officeId: 'fb-nord',
      reason: 'resolves to an address that must not point to a private address',
    });
    expect(JSON.stringify(warnings.mock.calls)).not.toMatch(/lotse-events|receiver-token/);
  });

  it('counts a refused delivery in the WebhookRefused metric', async () => {
    dns.address = '169.254.169.254';
    const counted = vi.spyOn(metrics, 'addMetric');

    await handler(batch({ body: notification() }));

    expect(counted.mock.calls.map(([name]) => name)).toContain('WebhookRefused');
  });
});
