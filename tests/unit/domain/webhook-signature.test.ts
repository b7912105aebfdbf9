// Webhook signatures (Standard Webhooks): the secret format, the signature over "<id>.<timestamp>.<body>" keyed with the
// secret's bytes, several signatures during a rotation, and a receiver's library accepting exactly what it should.
import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  isWebhookSecret,
  signWebhook,
  webhookHeaders,
  webhookSecretKey,
  webhookSecretOf,
  webhookSecretProblem,
} from '#domain/webhook-signature.ts';

const KEY = Buffer.from('00112233445566778899aabbccddeeff0011223344556677', 'hex');
const SECRET = `whsec_${KEY.toString('base64')}`;
const BODY = '{"id":"case-1:2","type":"case.routed","caseId":"case-1","occurredAt":"2026-03-02T08:00:00.000Z"}';
const ID = 'case-1:2';
const SENT_AT = 1_772_438_400;

/** The signature computed here from the definition, independently of the code under test. */
const hmacOf = (key: Buffer, content: string) =>
  `v1,${createHmac('sha256', key).update(Buffer.from(content, 'utf8')).digest('base64')}`;

describe('webhook secrets', () => {
  it('accepts whsec_ with padded base64 of 24 to 64 bytes', () => {
    expect(isWebhookSecret(SECRET)).toBe(true);
    expect(isWebhookSecret(`whsec_${randomBytes(32).toString('base64')}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${randomBytes(64).toString('base64')}`)).toBe(true);
    expect(webhookSecretKey(SECRET).equals(KEY)).toBe(true);
  });

  it.each([
    ['no prefix', KEY.toString('base64')],
    ['the old hex form', randomBytes(32).toString('hex')],
    ['too short (23 bytes)', `whsec_${randomBytes(23).toString('base64')}`],
    ['too long (65 bytes)', `whsec_${randomBytes(65).toString('base64')}`],
    ['base64url characters', `whsec_${Buffer.alloc(30, 0xfb).toString('base64url')}`],
    ['missing padding', `whsec_${randomBytes(25).toString('base64').replace(/=+$/, '')}`],
    ['white space', `whsec_ ${KEY.toString('base64')}`],
    ['nothing after the prefix', 'whsec_'],
  ])('refuses %s, without echoing the value', (_what, secret) => {
    const problem = webhookSecretProblem(secret);

    expect(problem).toBeDefined();
    expect(problem).not.toContain(secret.slice(-12));
    expect(() => webhookSecretKey(secret)).toThrow(RangeError);
  });

  it('makes a secret from random bytes and refuses too few of them', () => {
    const bytes = randomBytes(32);

    const secret = webhookSecretOf(bytes);

    expect(secret).toBe(`whsec_${bytes.toString('base64')}`);
    expect(() => webhookSecretOf(randomBytes(16))).toThrow(RangeError);
  });
});

describe('signWebhook', () => {
  it('signs "<id>.<timestamp>.<body>" with HMAC-SHA256 keyed with the secret bytes, as v1,<base64>', () => {
    expect(signWebhook([SECRET], { id: ID, timestampSeconds: SENT_AT, body: BODY })).toBe(
      hmacOf(KEY, `${ID}.${SENT_AT}.${BODY}`),
    );
  });

  it('matches a published vector of the reference libraries', () => {
    const signature = signWebhook(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestampSeconds: 1_614_265_330,
      body: '{"test": 2432232314}',
    });

    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs the UTF-8 bytes of a body with non-ASCII characters', () => {
    const body = '{"note":"Grüße"}';

    expect(signWebhook([SECRET], { id: ID, timestampSeconds: SENT_AT, body })).toBe(
      hmacOf(KEY, `${ID}.${SENT_AT}.${body}`),
    );
  });

  it('signs once per secret, space-separated, in the order given', () => {
    const otherKey = randomBytes(32);
    const other = `whsec_${otherKey.toString('base64')}`;
    const content = `${ID}.${SENT_AT}.${BODY}`;

    expect(signWebhook([other, SECRET], { id: ID, timestampSeconds: SENT_AT, body: BODY })).toBe(
      `${hmacOf(otherKey, content)} ${hmacOf(KEY, content)}`,
    );
  });

  it.each([-1, 1.5, Number.NaN])('rejects the timestamp %s', (timestamp) => {
    expect(() => signWebhook([SECRET], { id: ID, timestampSeconds: timestamp, body: BODY })).toThrow(RangeError);
  });

  it.each(['', 'case.1:2', 'case 1:2'])('rejects the id %j (a "." would make the signed content ambiguous)', (id) => {
    expect(() => signWebhook([SECRET], { id, timestampSeconds: SENT_AT, body: BODY })).toThrow(RangeError);
  });

  it('rejects no secret and a malformed one', () => {
    expect(() => signWebhook([], { id: ID, timestampSeconds: SENT_AT, body: BODY })).toThrow(RangeError);
    expect(() => signWebhook(['secret'], { id: ID, timestampSeconds: SENT_AT, body: BODY })).toThrow(RangeError);
  });
});

describe('a Standard Webhooks library as the receiver', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const headersFor = (secrets: string[], body = BODY, timestampSeconds = now()) =>
    webhookHeaders(secrets, { id: ID, timestampSeconds, body });

  it('accepts the three headers and returns the body', () => {
    const headers = headersFor([SECRET]);

    expect(Object.keys(headers).sort()).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
    expect(headers['webhook-id']).toBe(ID);
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
  });

  it('rejects a tampered body, a wrong secret and an old or future timestamp', () => {
    const headers = headersFor([SECRET]);
    const wrong = `whsec_${randomBytes(32).toString('base64')}`;

    expect(() => new Webhook(SECRET).verify(BODY.replace('routed', 'closed'), headers)).toThrow(/signature/i);
    expect(() => new Webhook(wrong).verify(BODY, headers)).toThrow(/signature/i);
    expect(() => new Webhook(SECRET).verify(BODY, headersFor([SECRET], BODY, now() - 301))).toThrow(/too old/);
    expect(() => new Webhook(SECRET).verify(BODY, headersFor([SECRET], BODY, now() + 301))).toThrow(/too new/);
  });

  it('accepts a delivery signed with two secrets with either one alone', () => {
    const next = `whsec_${randomBytes(32).toString('base64')}`;
    const headers = headersFor([next, SECRET]);

    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(new Webhook(next).verify(BODY, headers)).toEqual(JSON.parse(BODY));
  });
});
