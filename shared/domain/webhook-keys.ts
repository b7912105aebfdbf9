// The deployment's one webhook secret and the offices' signing secrets derived from it: the secret holds a random
// master key and a generation per office (JSON `{"key":"…","generations":{"<officeId>":2}}`); an office's `whsec_`
// secret is the HMAC-SHA256 of the master key over a fixed context, the office id and its generation. So a deployment
// keeps one secret however many offices it has, rotating one office raises its generation, rotating all of them
// replaces the master key.
import { createHmac } from 'node:crypto';
import { webhookSecretOf } from './webhook-signature.ts';

/** Names the derivation: a different scheme would take another context and so give other secrets. */
export const WEBHOOK_KEY_CONTEXT = 'lotse/webhook-signing-key/v1';
/** The generation of an office the secret does not list. */
export const WEBHOOK_FIRST_GENERATION = 1;
/** A master key has at least as many characters as an HMAC-SHA256 key should have bytes. */
export const WEBHOOK_MASTER_KEY_MIN_LENGTH = 32;

export type WebhookMasterSecret = {
  /** The random master key (its UTF-8 bytes are the HMAC key). */
  readonly key: string;
  /** Office id → generation (a whole number from 1); an office not listed has generation 1. */
  readonly generations: Readonly<Record<string, number>>;
};

export type WebhookMasterSecretReading =
  | { readonly ok: true; readonly secret: WebhookMasterSecret }
  | { readonly ok: false; readonly problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a master key cannot be used (never echoing it), or undefined when it can. */
export function webhookMasterKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return 'has no "key" string';
  if (key.length < WEBHOOK_MASTER_KEY_MIN_LENGTH) {
    return `has a "key" shorter than ${WEBHOOK_MASTER_KEY_MIN_LENGTH} characters`;
  }
  if (key.trim() !== key) return 'has a "key" that starts or ends with white space';
  return undefined;
}

/**
 * Reads the secret's SecretString. A problem is described without any part of the value (a JSON parser's message
 * would quote it), so it may be logged. Fields other than `key` and `generations` are ignored.
 */
export function readWebhookMasterSecret(text: string): WebhookMasterSecretReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  if (!isRecord(value)) return { ok: false, problem: 'is not a JSON object' };
  const keyProblem = webhookMasterKeyProblem(value.key);
  if (keyProblem !== undefined) return { ok: false, problem: keyProblem };
  const generations = value.generations ?? {};
  if (!isRecord(generations)) return { ok: false, problem: 'has "generations" that is not an object' };
  for (const [officeId, generation] of Object.entries(generations)) {
    if (!Number.isSafeInteger(generation) || (generation as number) < WEBHOOK_FIRST_GENERATION) {
      return { ok: false, problem: `has a generation of office ${officeId} that is not a whole number from 1` };
    }
  }
  return { ok: true, secret: { key: value.key as string, generations: generations as Record<string, number> } };
}

/** The SecretString of a master secret (what operations put as a new version). */
export function webhookMasterSecretText(secret: WebhookMasterSecret): string {
  return JSON.stringify({ key: secret.key, generations: secret.generations });
}

export function webhookGenerationOf(secret: WebhookMasterSecret, officeId: string): number {
  return secret.generations[officeId] ?? WEBHOOK_FIRST_GENERATION;
}

/**
 * The office's signing secret: `whsec_` + base64 of HMAC-SHA256(master key, ["<context>","<officeId>",<generation>]
 * as JSON). 32 bytes, so every Standard Webhooks library takes it; deterministic, and another office, generation or
 * master key gives another secret.
 */
export function deriveOfficeWebhookSecret(
  masterKey: string,
  officeId: string,
  generation: number = WEBHOOK_FIRST_GENERATION,
): string {
  const keyProblem = webhookMasterKeyProblem(masterKey);
  if (keyProblem !== undefined) throw new RangeError(`the webhook master secret ${keyProblem}`);
  if (officeId === '') throw new RangeError('an office id is needed to derive its webhook secret');
  if (!Number.isSafeInteger(generation) || generation < WEBHOOK_FIRST_GENERATION) {
    throw new RangeError('a generation is a whole number from 1');
  }
  // JSON keeps the three parts apart whatever an office id contains.
  const info = JSON.stringify([WEBHOOK_KEY_CONTEXT, officeId, generation]);
  return webhookSecretOf(createHmac('sha256', Buffer.from(masterKey, 'utf8')).update(info, 'utf8').digest());
}

/** The office's current signing secret under `secret`. */
export function officeWebhookSecret(secret: WebhookMasterSecret, officeId: string): string {
  return deriveOfficeWebhookSecret(secret.key, officeId, webhookGenerationOf(secret, officeId));
}

/** The next version when one office is rotated: its generation raised by one, everything else as it was. */
export function withOfficeRotated(secret: WebhookMasterSecret, officeId: string): WebhookMasterSecret {
  if (officeId === '') throw new RangeError('an office id is needed to rotate its webhook secret');
  return {
    key: secret.key,
    generations: { ...secret.generations, [officeId]: webhookGenerationOf(secret, officeId) + 1 },
  };
}

/** The next version when every office is rotated: a new master key (the generations stay, they no longer matter). */
export function withMasterKey(secret: WebhookMasterSecret, key: string): WebhookMasterSecret {
  const keyProblem = webhookMasterKeyProblem(key);
  if (keyProblem !== undefined) throw new RangeError(`the new webhook master secret ${keyProblem}`);
  if (key === secret.key) throw new RangeError('the new webhook master key must differ from the current one');
  return { key, generations: secret.generations };
}
