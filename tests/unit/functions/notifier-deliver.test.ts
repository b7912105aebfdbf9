// The notifier's use case over fakes: which notifications are delivered, how they are signed, what counts as failed.
import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebhookClient, WebhookPostResult, WebhookRequest } from '#adapters/webhook-client.ts';
import { WebhookSecretMissing, type WebhookSecrets } from '#adapters/webhook-secrets.ts';
import {
  type DeliverNotificationPorts,
  deliverNotification,
  MalformedNotification,
  parseNotificationMessage,
  redeliveryDelaySeconds,
} from '#application/notifier/deliver-notification.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
import { receivedCase } from './case-fixtures.ts';
import { catalogueSource, fixedClock, InMemoryCases, NOW, testCatalogue } from './fakes.ts';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const NEXT_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const WEBHOOK_URL = 'https://fb-nord.teststadt.example/lotse-events';

class FakeWebhooks implements WebhookClient {
  readonly requests: WebhookRequest[] = [];
  result: WebhookPostResult = { kind: 'answered', status: 204 };
  async post(request: WebhookRequest): Promise<WebhookPostResult> {
    this.requests.push(request);
    return this.result;
  }
}

class FakeSecrets implements WebhookSecrets {
  readonly secrets = new Map<string, string[]>([['fb-nord', [SECRET]]]);
  async signingSecretsFor(officeId: string): Promise<string[]> {
    const secrets = this.secrets.get(officeId);
    if (secrets === undefined) throw new WebhookSecretMissing(officeId);
    return secrets;
  }
}

let cases: InMemoryCases;
let webhooks: FakeWebhooks;
let secrets: FakeSecrets;
let ports: DeliverNotificationPorts;

function catalogueWithWebhook() {
  const catalogue = testCatalogue();
  catalogue.offices = catalogue.offices.map((office) =>
    office.id === 'fb-nord' ? { ...office, webhookUrl: WEBHOOK_URL } : office,
  );
  return catalogue;
}

function message(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    eventId: 'CASE0001:2',
    type: 'case.routed',
    caseId: 'CASE0001',
    officeId: 'fb-nord',
    occurredAt: '2026-11-26T09:30:00.000Z',
    ...overrides,
  };
}

beforeEach(() => {
  cases = new InMemoryCases();
  cases.cases.set('CASE0001', receivedCase({ status: 'routed', version: 2, officeId: 'fb-nord' }));
  webhooks = new FakeWebhooks();
  secrets = new FakeSecrets();
  ports = { catalogue: catalogueSource(catalogueWithWebhook()), cases, secrets, webhooks, clock: fixedClock() };
});

describe('deliverNotification', () => {
  it('posts the id-only body to the office webhook and reports the delivery', async () => {
    const outcome = await deliverNotification(ports, message());

    expect(outcome).toEqual({ kind: 'delivered', officeId: 'fb-nord', status: 204 });
    expect(webhooks.requests).toHaveLength(1);
    expect(webhooks.requests[0]?.url).toBe(WEBHOOK_URL);
    expect(webhooks.requests[0]?.body).toBe(
      '{"id":"CASE0001:2","type":"case.routed","caseId":"CASE0001","occurredAt":"2026-11-26T09:30:00.000Z"}',
    );
  });

  it('sends the content type and the Standard Webhooks headers: event id, clock time, signature', async () => {
    await deliverNotification(ports, message());

    const request = webhooks.requests[0];
    const nowSeconds = NOW.getTime() / 1000;
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'CASE0001:2',
      'webhook-timestamp': String(nowSeconds),
    });
    expect(request?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(Object.keys(request?.headers ?? {}).filter((name) => name.startsWith('lotse-'))).toEqual([]);
    // The receiver's library checks the timestamp against its own clock: it is set to the delivery's.
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    try {
      expect(new Webhook(SECRET).verify(request?.body ?? '', request?.headers ?? {})).toMatchObject({
        id: 'CASE0001:2',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs with every secret the office has during a rotation, so either one verifies', async () => {
    secrets.secrets.set('fb-nord', [NEXT_SECRET, SECRET]);

    await deliverNotification(ports, message());

    const request = webhooks.requests[0];
    expect(request?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    try {
      for (const secret of [SECRET, NEXT_SECRET]) {
        expect(new Webhook(secret).verify(request?.body ?? '', request?.headers ?? {})).toMatchObject({
          type: 'case.routed',
        });
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts any 2xx answer as delivered', async () => {
    webhooks.result = { kind: 'answered', status: 200 };

    expect(await deliverNotification(ports, message())).toMatchObject({ kind: 'delivered', status: 200 });
  });

  it('reports a non-2xx answer as a failed delivery with its status', async () => {
    webhooks.result = { kind: 'answered', status: 500 };

    expect(await deliverNotification(ports, message())).toEqual({
      kind: 'failed',
      officeId: 'fb-nord',
      reason: 'rejected',
      status: 500,
    });
  });

  it('reports a redirect as a failed delivery', async () => {
    webhooks.result = { kind: 'answered', status: 301 };

    expect(await deliverNotification(ports, message())).toMatchObject({ kind: 'failed', reason: 'rejected' });
  });

  it('reports a receiver that did not answer in time as a failed delivery', async () => {
    webhooks.result = { kind: 'unreachable', reason: 'timeout' };

    expect(await deliverNotification(ports, message())).toEqual({
      kind: 'failed',
      officeId: 'fb-nord',
      reason: 'timeout',
    });
  });

  it('reports an unreachable receiver as a failed delivery with the error code', async () => {
    webhooks.result = { kind: 'unreachable', reason: 'network', code: 'ECONNREFUSED' };

    expect(await deliverNotification(ports, message())).toEqual({
      kind: 'failed',
      officeId: 'fb-nord',
      reason: 'network',
      code: 'ECONNREFUSED',
    });
  });

  it('reports a delivery the client refused (a non-public address) as a failed delivery with the rule', async () => {
    webhooks.result = { kind: 'refused', reason: 'resolves to an address that must not point to a private address' };

    expect(await deliverNotification(ports, message())).toEqual({
      kind: 'failed',
      officeId: 'fb-nord',
      reason: 'refused',
      rule: 'resolves to an address that must not point to a private address',
    });
  });

  it('reports a missing office secret as a failed delivery and sends nothing', async () => {
    secrets.secrets.clear();

    const outcome = await deliverNotification(ports, message());

    expect(outcome).toEqual({ kind: 'failed', officeId: 'fb-nord', reason: 'secret-missing' });
    expect(webhooks.requests).toEqual([]);
  });

  it('lets a failure of the case store propagate, so the message is retried', async () => {
    cases.get = async () => {
      throw new Error('table unavailable');
    };

    await expect(deliverNotification(ports, message())).rejects.toThrow('table unavailable');
  });

  it('is done without sending when the notification names no office', async () => {
    const outcome = await deliverNotification(ports, message({ type: 'case.escalated', officeId: null }));

    expect(outcome).toEqual({ kind: 'skipped', reason: 'no-office' });
    expect(webhooks.requests).toEqual([]);
  });

  it('is done without sending when the office is not in the catalogue', async () => {
    const outcome = await deliverNotification(ports, message({ officeId: 'fb-gone' }));

    expect(outcome).toEqual({ kind: 'skipped', reason: 'unknown-office' });
    expect(webhooks.requests).toEqual([]);
  });

  it('is done without sending when the office has no webhook URL', async () => {
    cases.cases.set('CASE0002', receivedCase({ id: 'CASE0002', status: 'routed', officeId: 'fb-sued' }));

    const outcome = await deliverNotification(
      ports,
      message({ eventId: 'CASE0002:2', caseId: 'CASE0002', officeId: 'fb-sued' }),
    );

    expect(outcome).toEqual({ kind: 'skipped', reason: 'no-webhook' });
    expect(webhooks.requests).toEqual([]);
  });

  it('drops a pending notification of a withdrawn case', async () => {
    cases.cases.set('CASE0001', receivedCase({ status: 'withdrawn', version: 3, officeId: 'fb-nord' }));

    const outcome = await deliverNotification(ports, message({ type: 'case.accepted', eventId: 'CASE0001:3' }));

    expect(outcome).toEqual({ kind: 'skipped', reason: 'case-withdrawn' });
    expect(webhooks.requests).toEqual([]);
  });

  it('still tells the office of the withdrawal itself', async () => {
    cases.cases.set('CASE0001', receivedCase({ status: 'withdrawn', version: 3, officeId: 'fb-nord' }));

    const outcome = await deliverNotification(ports, message({ type: 'referral.withdrawn', eventId: 'CASE0001:3' }));

    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect(JSON.parse(webhooks.requests[0]?.body ?? '{}')).toMatchObject({ type: 'referral.withdrawn' });
  });

  it('is done without sending when the case does not exist', async () => {
    const outcome = await deliverNotification(ports, message({ eventId: 'CASE9999:2', caseId: 'CASE9999' }));

    expect(outcome).toEqual({ kind: 'skipped', reason: 'case-missing' });
    expect(webhooks.requests).toEqual([]);
  });
});

describe('parseNotificationMessage', () => {
  it('accepts a notification message', () => {
    expect(parseNotificationMessage(JSON.stringify(message()))).toEqual(message());
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseNotificationMessage('not json')).toThrow(MalformedNotification);
  });

  it('refuses a message of an unknown type without echoing its content', () => {
    const body = JSON.stringify({ ...message(), type: 'case.secret-Maria' });

    expect(() => parseNotificationMessage(body)).toThrow(/^notification message is invalid at type$/);
  });

  it('refuses a routing message', () => {
    expect(() => parseNotificationMessage('{"caseId":"CASE0001"}')).toThrow(MalformedNotification);
  });
});

describe('redeliveryDelaySeconds', () => {
  it('waits 30 s after the first attempt and doubles after each further one', () => {
    expect([1, 2, 3, 4, 5].map(redeliveryDelaySeconds)).toEqual([30, 60, 120, 240, 480]);
  });

  it('never waits longer than 15 minutes', () => {
    expect([6, 7, 8, 1_000].map(redeliveryDelaySeconds)).toEqual([900, 900, 900, 900]);
  });

  it('treats a missing or invalid receive count as the first attempt', () => {
    expect([Number.NaN, 0, -3].map(redeliveryDelaySeconds)).toEqual([30, 30, 30]);
  });
});
