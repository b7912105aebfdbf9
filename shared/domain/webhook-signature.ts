// Webhook signatures (HMAC-SHA256 over timestamp and raw body): how Lotse signs a delivery and how a receiver verifies it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The scheme, for a receiver's implementer:
 *   1. Read the header `lotse-signature`. Its value is exactly `t=<timestamp>,v1=<signature>`: `<timestamp>` is Unix
 *      time in whole seconds (decimal, no sign, no leading zeros) of the delivery attempt, `<signature>` 64 lowercase
 *      hex digits. No spaces; anything else is malformed.
 *   2. Take the raw request body as received (bytes, before any JSON parsing; Lotse sends UTF-8 JSON such as
 *      `{"id":"<caseId>:<seq>","type":"case.routed","caseId":"…","occurredAt":"…"}`).
 *   3. Compute HMAC-SHA256 with the office's secret (the UTF-8 bytes of the secret string) as key over the UTF-8 bytes
 *      of `<timestamp>` + "." + `<raw body>`, hex-encoded in lowercase.
 *   4. Compare it with `<signature>` in constant time (e.g. crypto.timingSafeEqual); unequal → reject.
 *   5. Reject when `<timestamp>` is more than 300 seconds before or after your clock: an old valid delivery replayed
 *      by someone who captured it must not be accepted. Deliveries are at-least-once; a retry is signed afresh with a
 *      new timestamp, so deduplicate by the `lotse-event-id` header (equal to the body's `id`), not by signature.
 * The timestamp is signed together with the body, so it cannot be moved forward without the secret.
 */

export const WEBHOOK_SIGNATURE_HEADER = 'lotse-signature';
export const WEBHOOK_EVENT_ID_HEADER = 'lotse-event-id';
/** How far a signature's timestamp may lie from the receiver's clock, either way. */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookVerificationFailure = 'malformed-header' | 'signature-mismatch' | 'stale' | 'future';
export type WebhookVerification = { ok: true } | { ok: false; reason: WebhookVerificationFailure };

// Whole seconds without leading zeros, so that one timestamp has exactly one spelling (the signed one).
const HEADER_PATTERN = /^t=(0|[1-9][0-9]{0,14}),v1=([0-9a-f]{64})$/;

/** The `lotse-signature` header value for `body` sent at `timestampSeconds` (Unix seconds). */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  requireSecret(secret);
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('timestampSeconds must be a non-negative integer (Unix seconds)');
  }
  return `t=${timestampSeconds},v1=${hmacHex(secret, String(timestampSeconds), body)}`;
}

/**
 * Checks a `lotse-signature` header against the raw body: well-formed, signed with `secret`, and its timestamp within
 * `toleranceSeconds` of `nowSeconds` (the receiver's clock, Unix seconds; fractions allowed). The signature is checked
 * before the time, so `stale`/`future` mean an authentic delivery outside the window (a replay or a skewed clock).
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds: number = WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
): WebhookVerification {
  requireSecret(secret);
  if (!Number.isFinite(nowSeconds)) throw new RangeError('nowSeconds must be a finite number');
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError('toleranceSeconds must be a non-negative number');
  }

  const match = HEADER_PATTERN.exec(header);
  const [, timestamp, signature] = match ?? [];
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'malformed-header' };

  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  const received = Buffer.from(signature, 'hex');
  // Both are 32 bytes (the pattern fixes 64 hex digits), which timingSafeEqual requires.
  if (!timingSafeEqual(expected, received)) return { ok: false, reason: 'signature-mismatch' };

  const age = nowSeconds - Number(timestamp);
  if (age > toleranceSeconds) return { ok: false, reason: 'stale' };
  if (age < -toleranceSeconds) return { ok: false, reason: 'future' };
  return { ok: true };
}

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

// An empty key would make every signature forgeable by anyone: a configuration error, not a verification outcome.
function requireSecret(secret: string): void {
  if (secret.length === 0) throw new RangeError('the webhook secret must not be empty');
}
