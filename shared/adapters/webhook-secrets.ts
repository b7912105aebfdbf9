// The webhook signing secret of each office, from Secrets Manager (`<prefix><officeId>`), cached for 5 minutes.
import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  type SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { TemporaryFailure } from '#domain/errors.ts';
import { translateAwsError } from './aws-errors.ts';

export interface WebhookSecrets {
  /** The office's signing secret; throws WebhookSecretMissing when the deployment has none for it. */
  secretFor(officeId: string): Promise<string>;
}

/**
 * A configuration error: the office has a webhookUrl but no usable secret. Deliveries fail (and retry) until an
 * operator creates it. The message names the office only, never the secret or its value.
 */
export class WebhookSecretMissing extends Error {
  readonly officeId: string;
  constructor(officeId: string, options?: { cause?: unknown }) {
    super(`No usable webhook secret for office ${officeId}`, options);
    this.name = 'WebhookSecretMissing';
    this.officeId = officeId;
  }
}

export interface WebhookSecretsOptions {
  client: SecretsManagerClient;
  /** Secret name prefix, e.g. `lotse/<municipality>/<stage>/webhook/`; the office id completes the name. */
  prefix: string;
  /** How long a secret is served from memory; a rotated secret is picked up within this time. */
  maxAgeMs?: number;
  nowMs?: () => number;
}

const MAX_CACHE_AGE_MS = 5 * 60_000;

function isTemporarySecretsFailure(error: unknown): boolean {
  if (error instanceof InternalServiceError) return true;
  if (!(error instanceof SecretsManagerServiceException)) return false;
  const status = error.$metadata?.httpStatusCode ?? 0;
  return error.$fault === 'server' || status >= 500 || status === 429;
}

export function createWebhookSecrets(options: WebhookSecretsOptions): WebhookSecrets {
  const { client, prefix } = options;
  const maxAgeMs = Math.min(options.maxAgeMs ?? MAX_CACHE_AGE_MS, MAX_CACHE_AGE_MS);
  const nowMs = options.nowMs ?? Date.now;
  // Promises are cached, not values, so a batch of ten messages for one office makes one call.
  const cache = new Map<string, { loadedAt: number; secret: Promise<string> }>();

  async function load(officeId: string): Promise<string> {
    let secret: string | undefined;
    try {
      const result = await client.send(new GetSecretValueCommand({ SecretId: `${prefix}${officeId}` }));
      secret = result.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) throw new WebhookSecretMissing(officeId);
      if (isTemporarySecretsFailure(error)) {
        throw new TemporaryFailure('GetSecretValue webhook secret failed temporarily', { cause: error });
      }
      throw translateAwsError(error, 'GetSecretValue webhook secret');
    }
    // A binary or empty secret cannot key an HMAC the receivers can reproduce: as good as missing.
    if (secret === undefined || secret.length === 0) throw new WebhookSecretMissing(officeId);
    return secret;
  }

  return {
    secretFor(officeId) {
      const now = nowMs();
      const cached = cache.get(officeId);
      if (cached && now - cached.loadedAt < maxAgeMs) return cached.secret;
      const entry = { loadedAt: now, secret: load(officeId) };
      cache.set(officeId, entry);
      // A failed load is not cached: a secret created after the alarm must work on the next attempt.
      entry.secret.catch(() => {
        if (cache.get(officeId) === entry) cache.delete(officeId);
      });
      return entry.secret;
    },
  };
}
