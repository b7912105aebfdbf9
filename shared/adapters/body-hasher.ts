// Intake's keyed body hash: HMAC-SHA256 over the canonical JSON of the body, keyed with the deployment's secret from
// Secrets Manager, which is read once per function instance and kept in memory (the secret never changes).

import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BodyHasher } from '#application/ports.ts';
import { TemporaryFailure } from '#domain/errors.ts';
import { canonicalJson } from '#domain/json-value.ts';
import { translateAwsError } from './aws-errors.ts';

/** The scheme the stored value names (`hmac-sha256:<hex>`). */
export const BODY_HASH_SCHEME = 'hmac-sha256';
/** An HMAC-SHA256 key shorter than the hash's own 32 bytes weakens it; a shorter secret is a deployment error. */
export const MIN_BODY_HASH_KEY_BYTES = 32;

/**
 * The key could not be used for a reason no retry fixes (the secret is missing, not readable by this function, or
 * too short): the invocation fails, nothing is written, and the client's retry succeeds once an operator fixed it.
 * The message names the reason only, never the secret's value.
 */
export class BodyHashKeyUnavailable extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The body hash key is unavailable: ${reason}`, options);
    this.name = 'BodyHashKeyUnavailable';
  }
}

export interface SecretBodyHasherOptions {
  client: SecretsManagerClient;
  /** The secret's ARN (the function's BODY_HASH_SECRET_ARN) or name. */
  secretId: string;
}

export function createSecretBodyHasher(options: SecretBodyHasherOptions): BodyHasher {
  const { client, secretId } = options;
  // The promise is kept, not the value, so that concurrent first requests make one call; a failure is not kept.
  let key: Promise<Buffer> | undefined;

  async function load(): Promise<Buffer> {
    let secret: string | undefined;
    try {
      secret = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      const translated = translateAwsError(error, 'GetSecretValue body hash key');
      if (translated instanceof TemporaryFailure) throw translated;
      throw new BodyHashKeyUnavailable('the secret cannot be read', { cause: error });
    }
    const bytes = Buffer.from(secret ?? '', 'utf8');
    if (bytes.length < MIN_BODY_HASH_KEY_BYTES) {
      throw new BodyHashKeyUnavailable(`the secret has fewer than ${MIN_BODY_HASH_KEY_BYTES} bytes`);
    }
    return bytes;
  }

  function currentKey(): Promise<Buffer> {
    if (key === undefined) {
      const loading = load();
      key = loading;
      loading.catch(() => {
        if (key === loading) key = undefined;
      });
    }
    return key;
  }

  return {
    async hash(body) {
      const digest = createHmac('sha256', await currentKey())
        .update(canonicalJson(body))
        .digest('hex');
      return `${BODY_HASH_SCHEME}:${digest}`;
    },
    async digestKey(idempotencyKey) {
      // Its own domain of the same key: a key's digest never equals any body's hash.
      return createHmac('sha256', await currentKey())
        .update(`idempotency-key\u0000${idempotencyKey}`)
        .digest('hex');
    },
  };
}
