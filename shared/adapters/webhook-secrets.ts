// The webhook signing secrets of each office, from Secrets Manager (`<prefix><officeId>`): the current version, and
// during a rotation the previous one too, for an overlap window that starts when the current version was created.
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  InternalServiceError,
  ResourceNotFoundException,
  type SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { TemporaryFailure } from '#domain/errors.ts';
import { WEBHOOK_ROTATION_OVERLAP_HOURS, webhookSecretProblem } from '#domain/webhook-signature.ts';
import { translateAwsError } from './aws-errors.ts';

/*
 * Rotation rides on Secrets Manager's own version stages, so it needs no other grant than GetSecretValue: after
 * `put-secret-value` the new value is AWSCURRENT and the replaced one AWSPREVIOUS. Until `rotationOverlapMs` has passed
 * since the AWSCURRENT version's CreatedDate, both sign each delivery (current first); afterwards only the current one.
 * The window is measured at every delivery against the cached CreatedDate, so its end is exact; a new version is
 * picked up when the cache expires (at most `maxAgeMs` after the put).
 */

export interface WebhookSecrets {
  /**
   * The `whsec_` secrets that sign a delivery to the office now: the current one, then the previous one while a
   * rotation's overlap lasts. Throws WebhookSecretMissing when the deployment has no usable current secret for it.
   */
  signingSecretsFor(officeId: string): Promise<string[]>;
}

/**
 * A configuration error: the office has a webhookUrl but no usable secret (none, or not a `whsec_` value).
 * Deliveries fail (and retry) until an operator puts one. The message names the office only, never the value.
 */
export class WebhookSecretMissing extends Error {
  readonly officeId: string;
  constructor(officeId: string, problem = 'not found', options?: { cause?: unknown }) {
    super(`No usable webhook secret for office ${officeId}: ${problem}`, options);
    this.name = 'WebhookSecretMissing';
    this.officeId = officeId;
  }
}

export interface WebhookSecretsOptions {
  client: SecretsManagerClient;
  /** Secret name prefix, e.g. `lotse/<municipality>/<stage>/webhook/`; the office id completes the name. */
  prefix: string;
  /** How long a secret is served from memory (at most 5 minutes); a new version is picked up within this time. */
  maxAgeMs?: number;
  /** How long after a new version's creation the previous version still signs (default 24 hours). */
  rotationOverlapMs?: number;
  nowMs?: () => number;
}

const MAX_CACHE_AGE_MS = 5 * 60_000;
export const WEBHOOK_ROTATION_OVERLAP_MS = WEBHOOK_ROTATION_OVERLAP_HOURS * 60 * 60_000;

/** What was read of one office's secret; the signing set is worked out from it at each use. */
type LoadedSecrets = { current: string; currentCreatedMs: number | undefined; previous: string | undefined };

function isTemporarySecretsFailure(error: unknown): boolean {
  if (error instanceof InternalServiceError) return true;
  if (!(error instanceof SecretsManagerServiceException)) return false;
  const status = error.$metadata?.httpStatusCode ?? 0;
  return error.$fault === 'server' || status >= 500 || status === 429;
}

export function createWebhookSecrets(options: WebhookSecretsOptions): WebhookSecrets {
  const { client, prefix } = options;
  const maxAgeMs = Math.min(options.maxAgeMs ?? MAX_CACHE_AGE_MS, MAX_CACHE_AGE_MS);
  const overlapMs = options.rotationOverlapMs ?? WEBHOOK_ROTATION_OVERLAP_MS;
  const nowMs = options.nowMs ?? Date.now;
  // Promises are cached, not values, so a batch of ten messages for one office makes one call.
  const cache = new Map<string, { loadedAt: number; secrets: Promise<LoadedSecrets> }>();

  const overlapping = (createdMs: number | undefined, now: number) =>
    createdMs !== undefined && now - createdMs < overlapMs;

  /** One version of the office's secret; undefined when that version does not exist. */
  async function read(officeId: string, stage?: 'AWSPREVIOUS'): Promise<GetSecretValueCommandOutput | undefined> {
    try {
      return await client.send(
        new GetSecretValueCommand({ SecretId: `${prefix}${officeId}`, ...(stage && { VersionStage: stage }) }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      if (isTemporarySecretsFailure(error)) {
        throw new TemporaryFailure('GetSecretValue webhook secret failed temporarily', { cause: error });
      }
      throw translateAwsError(error, 'GetSecretValue webhook secret');
    }
  }

  async function load(officeId: string, now: number): Promise<LoadedSecrets> {
    const current = await read(officeId);
    if (current === undefined) throw new WebhookSecretMissing(officeId);
    // A binary, empty or otherwise malformed secret cannot key a signature the receivers' libraries reproduce.
    const value = current.SecretString;
    if (value === undefined || value === '') throw new WebhookSecretMissing(officeId, 'no SecretString');
    const problem = webhookSecretProblem(value);
    if (problem !== undefined) throw new WebhookSecretMissing(officeId, `the secret ${problem}`);

    const currentCreatedMs = current.CreatedDate?.getTime();
    let previous: string | undefined;
    if (overlapping(currentCreatedMs, now)) {
      const candidate = (await read(officeId, 'AWSPREVIOUS'))?.SecretString;
      // A previous value that is not a `whsec_` secret (one of an older scheme) verifies nowhere: it does not sign.
      if (candidate !== undefined && candidate !== value && webhookSecretProblem(candidate) === undefined) {
        previous = candidate;
      }
    }
    return { current: value, currentCreatedMs, previous };
  }

  return {
    async signingSecretsFor(officeId) {
      const now = nowMs();
      let cached = cache.get(officeId);
      if (!cached || now - cached.loadedAt >= maxAgeMs) {
        const entry = { loadedAt: now, secrets: load(officeId, now) };
        cache.set(officeId, entry);
        // A failed load is not cached: a secret created after the alarm must work on the next attempt.
        entry.secrets.catch(() => {
          if (cache.get(officeId) === entry) cache.delete(officeId);
        });
        cached = entry;
      }
      const { current, currentCreatedMs, previous } = await cached.secrets;
      return previous !== undefined && overlapping(currentCreatedMs, now) ? [current, previous] : [current];
    },
  };
}
