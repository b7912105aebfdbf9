// Webhook signatures as the Standard Webhooks specification defines them: the secret format, the three headers and
// the symmetric (HMAC-SHA256) signature, so that an office verifies a delivery with any Standard Webhooks library.
import { createHmac } from 'node:crypto';

/*
 * The scheme, for a receiver's implementer (any Standard Webhooks library does all of this):
 *   - The office's secret is `whsec_` followed by the base64 of 24 to 64 random bytes; those bytes (not the text) are
 *     the HMAC key.
 *   - `webhook-id` is the event id (`<caseId>:<seq>`, equal to the body's `id`): the same in every attempt, so it is
 *     the key to deduplicate by. It never contains a `.`.
 *   - `webhook-timestamp` is Unix time in whole seconds of this attempt (every retry is signed afresh).
 *   - `webhook-signature` is one or more space-separated `v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<raw body>">`;
 *     more than one while a secret is being rotated (one per secret). A delivery is authentic when one of them matches
 *     (compared in constant time) and its timestamp lies within 5 minutes of the receiver's clock.
 */

export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
/** How far a timestamp may lie from the receiver's clock, either way (the libraries' default). */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** After a secret's rotation, how long the previous secret still signs alongside the new one. */
export const WEBHOOK_ROTATION_OVERLAP_HOURS = 24;
/** The specification's bounds on a symmetric secret's random bytes. */
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;

// Canonical padded base64: one spelling per key, so a secret copied between systems cannot change its meaning.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why a string is not a usable secret (never echoing it), or undefined when it is one. */
export function webhookSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return `must start with ${WEBHOOK_SECRET_PREFIX}`;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return `must continue with padded base64 after ${WEBHOOK_SECRET_PREFIX}`;
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < WEBHOOK_SECRET_MIN_BYTES || bytes > WEBHOOK_SECRET_MAX_BYTES) {
    return `must encode ${WEBHOOK_SECRET_MIN_BYTES} to ${WEBHOOK_SECRET_MAX_BYTES} bytes (it encodes ${bytes})`;
  }
  return undefined;
}

export function isWebhookSecret(secret: string): boolean {
  return webhookSecretProblem(secret) === undefined;
}

/** The HMAC key of a `whsec_` secret; a malformed one is a configuration error and throws (without its value). */
export function webhookSecretKey(secret: string): Buffer {
  const problem = webhookSecretProblem(secret);
  if (problem !== undefined) throw new RangeError(`the webhook secret ${problem}`);
  return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
}

/** `whsec_` + base64 of `randomBytes` (at least 24 of them), e.g. `webhookSecretOf(randomBytes(32))`. */
export function webhookSecretOf(randomBytes: Uint8Array): string {
  const secret = `${WEBHOOK_SECRET_PREFIX}${Buffer.from(randomBytes).toString('base64')}`;
  webhookSecretKey(secret);
  return secret;
}

export interface WebhookToSign {
  /** The event id: stable across attempts, without `.` (it delimits the signed content). */
  id: string;
  /** Unix seconds of this attempt. */
  timestampSeconds: number;
  /** The exact body that is sent. */
  body: string;
}

/** `v1,<base64>` for each secret, space-separated: the `webhook-signature` value. */
export function signWebhook(secrets: readonly string[], { id, timestampSeconds, body }: WebhookToSign): string {
  if (secrets.length === 0) throw new RangeError('a webhook is signed with at least one secret');
  if (id.length === 0 || id.includes('.') || /\s/.test(id)) {
    throw new RangeError('the webhook id must be non-empty, without "." or white space');
  }
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('timestampSeconds must be a non-negative integer (Unix seconds)');
  }
  const content = `${id}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', webhookSecretKey(secret)).update(content, 'utf8').digest('base64')}`)
    .join(' ');
}

/** The three Standard Webhooks headers of one delivery attempt. */
export function webhookHeaders(secrets: readonly string[], toSign: WebhookToSign): Record<string, string> {
  return {
    [WEBHOOK_ID_HEADER]: toSign.id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(toSign.timestampSeconds),
    [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secrets, toSign),
  };
}
