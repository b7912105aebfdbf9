// Webhook signatures: what a receiver accepts (an authentic, fresh delivery) and everything it must reject.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '#domain/webhook-signature.ts';

const SECRET = 'whsec-test-fb-nord';
const BODY = '{"id":"case-1:2","type":"case.routed","caseId":"case-1","occurredAt":"2026-03-02T08:00:00.000Z"}';
const SENT_AT = 1_772_438_400;

describe('signWebhook', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as t=<t>,v1=<lowercase hex>', () => {
    const expected = createHmac('sha256', SECRET).update(`${SENT_AT}.${BODY}`).digest('hex');

    expect(signWebhook(SECRET, BODY, SENT_AT)).toBe(`t=${SENT_AT},v1=${expected}`);
  });

  it('signs the UTF-8 bytes of a body with non-ASCII characters', () => {
    const body = '{"note":"Grüße"}';
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8'))
      .update(Buffer.from(`${SENT_AT}.${body}`, 'utf8'))
      .digest('hex');

    expect(signWebhook(SECRET, body, SENT_AT)).toBe(`t=${SENT_AT},v1=${expected}`);
  });

  it.each([-1, 1.5, Number.NaN])('rejects the timestamp %s', (timestamp) => {
    expect(() => signWebhook(SECRET, BODY, timestamp)).toThrow(RangeError);
  });

  it('rejects an empty secret', () => {
    expect(() => signWebhook('', BODY, SENT_AT)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook(SECRET, BODY, SENT_AT);

  it('accepts its own signature (round trip)', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT + 1)).toEqual({ ok: true });
  });

  it('accepts a signature exactly 300 seconds old', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT + 300)).toEqual({ ok: true });
  });

  it('accepts a sender clock up to 300 seconds ahead', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT - 300)).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = BODY.replace('case.routed', 'case.closed');

    expect(verifyWebhook(SECRET, tampered, header, SENT_AT)).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWebhook('whsec-test-fb-sued', BODY, header, SENT_AT)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('rejects a timestamp moved forward without re-signing', () => {
    const moved = header.replace(`t=${SENT_AT}`, `t=${SENT_AT + 600}`);

    expect(verifyWebhook(SECRET, BODY, moved, SENT_AT + 600)).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('rejects a replay more than 300 seconds old as stale', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT + 301)).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects a timestamp more than 300 seconds ahead as future', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT - 301)).toEqual({ ok: false, reason: 'future' });
  });

  it('applies a tolerance given by the receiver', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT + 61, 60)).toEqual({ ok: false, reason: 'stale' });
  });

  it('accepts a receiver clock with fractions of a second', () => {
    expect(verifyWebhook(SECRET, BODY, header, SENT_AT + 299.999)).toEqual({ ok: true });
  });

  const signature = header.slice(header.indexOf('v1=') + 3);
  it.each([
    ['an empty header', ''],
    ['the signature alone', signature],
    ['reversed fields', `v1=${signature},t=${SENT_AT}`],
    ['spaces after the comma', `t=${SENT_AT}, v1=${signature}`],
    ['a missing timestamp', `t=,v1=${signature}`],
    ['a timestamp with leading zeros', `t=0${SENT_AT},v1=${signature}`],
    ['a fractional timestamp', `t=${SENT_AT}.5,v1=${signature}`],
    ['a negative timestamp', `t=-${SENT_AT},v1=${signature}`],
    ['uppercase hex', `t=${SENT_AT},v1=${signature.toUpperCase()}`],
    ['a truncated signature', `t=${SENT_AT},v1=${signature.slice(0, 63)}`],
    ['a second signature', `t=${SENT_AT},v1=${signature},v1=${signature}`],
    ['an unknown scheme', `t=${SENT_AT},v0=${signature}`],
  ])('rejects a malformed header: %s', (_case, value) => {
    expect(verifyWebhook(SECRET, BODY, value, SENT_AT)).toEqual({ ok: false, reason: 'malformed-header' });
  });

  it('rejects an empty secret instead of verifying with it', () => {
    expect(() => verifyWebhook('', BODY, header, SENT_AT)).toThrow(RangeError);
  });
});
