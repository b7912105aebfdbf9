// The offices' webhook secrets derived from the deployment's one secret: a valid Standard Webhooks secret that a
// library verifies with, deterministic, and different for another office, generation or master key; the secret's JSON
// read without echoing it; rotating one office or all of them.
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  deriveOfficeWebhookSecret,
  officeWebhookSecret,
  readWebhookMasterSecret,
  WEBHOOK_KEY_CONTEXT,
  type WebhookMasterSecret,
  webhookGenerationOf,
  webhookMasterSecretText,
  withMasterKey,
  withOfficeRotated,
} from '#domain/webhook-keys.ts';
import { signWebhook, webhookSecretProblem } from '#domain/webhook-signature.ts';

const MASTER = 'Q7pWm2ZkR4xN9vB3cT6yH1jL8sD5fG0aE2uI7oP4qK9wX3zV6bN1mC8rT5yU2hJ4';
const OTHER_MASTER = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2';

describe('deriving an office webhook secret', () => {
  it('is whsec_ and the base64 of HMAC-SHA256(master, the context, the office and its generation), 32 bytes', () => {
    const secret = deriveOfficeWebhookSecret(MASTER, 'fb-nord', 1);
    const expected = createHmac('sha256', Buffer.from(MASTER, 'utf8'))
      .update(`["${WEBHOOK_KEY_CONTEXT}","fb-nord",1]`)
      .digest('base64');

    expect(secret).toBe(`whsec_${expected}`);
    expect(webhookSecretProblem(secret)).toBeUndefined();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('is what a Standard Webhooks library verifies a delivery signed with it by', () => {
    const secret = deriveOfficeWebhookSecret(MASTER, 'fb-nord');
    const toSign = { id: 'case-1:1', timestampSeconds: Math.floor(Date.now() / 1000), body: '{"id":"case-1:1"}' };
    const headers = {
      'webhook-id': toSign.id,
      'webhook-timestamp': String(toSign.timestampSeconds),
      'webhook-signature': signWebhook([secret], toSign),
    };

    expect(new Webhook(secret).verify(toSign.body, headers)).toEqual({ id: 'case-1:1' });
    expect(() => new Webhook(deriveOfficeWebhookSecret(MASTER, 'fb-ost')).verify(toSign.body, headers)).toThrow(
      /signature/i,
    );
  });

  it('is deterministic and differs for another office, generation or master key', () => {
    const base = deriveOfficeWebhookSecret(MASTER, 'fb-nord', 1);
    const variants = [
      deriveOfficeWebhookSecret(MASTER, 'fb-ost', 1),
      deriveOfficeWebhookSecret(MASTER, 'fb-nord', 2),
      deriveOfficeWebhookSecret(OTHER_MASTER, 'fb-nord', 1),
    ];

    expect(deriveOfficeWebhookSecret(MASTER, 'fb-nord', 1)).toBe(base);
    expect(deriveOfficeWebhookSecret(MASTER, 'fb-nord')).toBe(base);
    expect(new Set([base, ...variants]).size).toBe(4);
  });

  it('keeps the parts apart: an office id cannot borrow another office generation', () => {
    expect(deriveOfficeWebhookSecret(MASTER, 'fb-1', 11)).not.toBe(deriveOfficeWebhookSecret(MASTER, 'fb-11', 1));
  });

  it.each([
    ['a short master key', () => deriveOfficeWebhookSecret('x'.repeat(31), 'fb-nord')],
    ['no office', () => deriveOfficeWebhookSecret(MASTER, '')],
    ['generation 0', () => deriveOfficeWebhookSecret(MASTER, 'fb-nord', 0)],
    ['a fractional generation', () => deriveOfficeWebhookSecret(MASTER, 'fb-nord', 1.5)],
  ])('refuses %s', (_case, derive) => {
    expect(derive).toThrow(RangeError);
  });
});

describe("the deployment's webhook secret", () => {
  it('reads the key and the generations, an office not listed having generation 1', () => {
    const reading = readWebhookMasterSecret(JSON.stringify({ key: MASTER, generations: { 'fb-ost': 3 } }));
    if (!reading.ok) throw new Error(reading.problem);

    expect(webhookGenerationOf(reading.secret, 'fb-ost')).toBe(3);
    expect(webhookGenerationOf(reading.secret, 'fb-nord')).toBe(1);
    expect(officeWebhookSecret(reading.secret, 'fb-ost')).toBe(deriveOfficeWebhookSecret(MASTER, 'fb-ost', 3));
  });

  it('reads the value Secrets Manager generates from the template (generations first, no entries yet)', () => {
    const reading = readWebhookMasterSecret(`{"generations":{},"key":"${MASTER}"}`);

    expect(reading).toEqual({ ok: true, secret: { key: MASTER, generations: {} } });
  });

  it.each([
    ['not JSON', `key=${MASTER}`, /not JSON/],
    ['an array', `["${MASTER}"]`, /not a JSON object/],
    ['no key', '{"generations":{}}', /"key"/],
    ['a short key', '{"key":"abc","generations":{}}', /shorter than 32/],
    ['bad generations', `{"key":"${MASTER}","generations":[]}`, /generations/],
    ['a generation 0', `{"key":"${MASTER}","generations":{"fb-nord":0}}`, /office fb-nord/],
    ['a text generation', `{"key":"${MASTER}","generations":{"fb-nord":"2"}}`, /office fb-nord/],
    ['an old whsec_ value', 'whsec_MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmYw', /not JSON/],
  ])('refuses %s, naming the problem without the value', (_case, text, problem) => {
    const reading = readWebhookMasterSecret(text);
    if (reading.ok) throw new Error('read a malformed secret');

    expect(reading.problem).toMatch(problem);
    expect(reading.problem).not.toContain(MASTER.slice(0, 8));
    expect(reading.problem).not.toContain('whsec_');
  });

  it('rotates one office by raising its generation only: the others keep their secrets', () => {
    const before: WebhookMasterSecret = { key: MASTER, generations: { 'fb-west': 2 } };
    const after = withOfficeRotated(before, 'fb-ost');

    expect(after.generations).toEqual({ 'fb-west': 2, 'fb-ost': 2 });
    expect(officeWebhookSecret(after, 'fb-ost')).not.toBe(officeWebhookSecret(before, 'fb-ost'));
    for (const officeId of ['fb-nord', 'fb-west']) {
      expect(officeWebhookSecret(after, officeId)).toBe(officeWebhookSecret(before, officeId));
    }
    expect(withOfficeRotated(after, 'fb-ost').generations['fb-ost']).toBe(3);
  });

  it('rotates every office with a new master key, and refuses a short or unchanged one', () => {
    const before: WebhookMasterSecret = { key: MASTER, generations: { 'fb-ost': 2 } };
    const after = withMasterKey(before, OTHER_MASTER);

    for (const officeId of ['fb-nord', 'fb-ost']) {
      expect(officeWebhookSecret(after, officeId)).not.toBe(officeWebhookSecret(before, officeId));
    }
    expect(() => withMasterKey(before, 'short')).toThrow(RangeError);
    expect(() => withMasterKey(before, MASTER)).toThrow(/differ/);
  });

  it('writes a version that reads back as the same secret', () => {
    const secret: WebhookMasterSecret = { key: MASTER, generations: { 'fb-ost': 2 } };

    expect(readWebhookMasterSecret(webhookMasterSecretText(secret))).toEqual({ ok: true, secret });
  });
});
