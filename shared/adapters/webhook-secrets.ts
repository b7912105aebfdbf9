// The webhook signing secrets of the offices, derived from the deployment's one webhook secret in Secrets Manager
// (shared/domain/webhook-keys.ts): the current version, and during a rotation the previous one too, for an overlap
// window that starts when the current version was created.
import { randomUUID } from 'node:crypto';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  InternalServiceError,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { TemporaryFailure } from '#domain/errors.ts';
import {
  officeWebhookSecret,
  readWebhookMasterSecret,
  type WebhookMasterSecret,
  type WebhookMasterSecretReading,
  webhookMasterSecretText,
} from '#domain/webhook-keys.ts';
import { WEBHOOK_ROTATION_OVERLAP_HOURS } from '#domain/webhook-signature.ts';
import { translateAwsError } from './aws-errors.ts';

/*
 * Rotation rides on Secrets Manager's own version stages, so it needs no other grant than GetSecretValue: after
 * `put-secret-value` (npm run webhook-secret -- --rotate …) the new value is AWSCURRENT and the replaced one
 * AWSPREVIOUS. Until `rotationOverlapMs` has passed since the AWSCURRENT version's CreatedDate, an office's secrets
 * derived from both versions sign each delivery (current first; one signature when the two are equal, i.e. the office
 * was not rotated); afterwards only the current one. The window is measured at every delivery against the cached
 * CreatedDate, so its end is exact; a new version is picked up when the cache expires (at most `maxAgeMs` after the
 * put). One read serves every office: the secret is the deployment's, not an office's.
 */

export interface WebhookSecrets {
  /**
   * The `whsec_` secrets that sign a delivery to the office now: the current one, then the previous one while a
   * rotation's overlap lasts and it differs. Throws WebhookSecretMissing when the deployment has no usable current
   * webhook secret.
   */
  signingSecretsFor(officeId: string): Promise<string[]>;
}

/**
 * A configuration error: the office has a webhookUrl but the deployment's webhook secret is missing or malformed.
 * Deliveries fail (and retry) until an operator repairs it. The message names the office and the problem, never a
 * value.
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
  /** The deployment's webhook secret: its ARN (the notifier's WEBHOOK_SECRET_ARN) or name. */
  secretId: string;
  /** How long the secret is served from memory (at most 5 minutes); a new version is picked up within this time. */
  maxAgeMs?: number;
  /** How long after a new version's creation the previous version still signs (default 24 hours). */
  rotationOverlapMs?: number;
  nowMs?: () => number;
}

const MAX_CACHE_AGE_MS = 5 * 60_000;
export const WEBHOOK_ROTATION_OVERLAP_MS = WEBHOOK_ROTATION_OVERLAP_HOURS * 60 * 60_000;

/** What was read of the deployment's secret; each office's signing set is worked out from it at each use. */
type LoadedSecrets = {
  current: WebhookMasterSecret;
  currentCreatedMs: number | undefined;
  previous: WebhookMasterSecret | undefined;
};

/** The deployment's secret is missing or malformed; turned into WebhookSecretMissing for the office asked about. */
class Unusable extends Error {}

function isTemporarySecretsFailure(error: unknown): boolean {
  if (error instanceof InternalServiceError) return true;
  if (!(error instanceof SecretsManagerServiceException)) return false;
  const status = error.$metadata?.httpStatusCode ?? 0;
  return error.$fault === 'server' || status >= 500 || status === 429;
}

export function createWebhookSecrets(options: WebhookSecretsOptions): WebhookSecrets {
  const { client, secretId } = options;
  const maxAgeMs = Math.min(options.maxAgeMs ?? MAX_CACHE_AGE_MS, MAX_CACHE_AGE_MS);
  const overlapMs = options.rotationOverlapMs ?? WEBHOOK_ROTATION_OVERLAP_MS;
  const nowMs = options.nowMs ?? (() => Date.now());
  // A promise is cached, not a value, so a batch of ten messages makes one call (for all offices alike).
  let cached: { loadedAt: number; secrets: Promise<LoadedSecrets> } | undefined;

  const overlapping = (createdMs: number | undefined, now: number) =>
    createdMs !== undefined && now - createdMs < overlapMs;

  /** One version of the secret; undefined when that version does not exist. */
  async function read(stage?: 'AWSPREVIOUS'): Promise<GetSecretValueCommandOutput | undefined> {
    try {
      return await client.send(
        new GetSecretValueCommand({ SecretId: secretId, ...(stage && { VersionStage: stage }) }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      if (isTemporarySecretsFailure(error)) {
        throw new TemporaryFailure('GetSecretValue webhook secret failed temporarily', { cause: error });
      }
      throw translateAwsError(error, 'GetSecretValue webhook secret');
    }
  }

  async function load(now: number): Promise<LoadedSecrets> {
    const current = await read();
    if (current === undefined) throw new Unusable('not found');
    // A binary, empty or otherwise malformed secret yields no key the receivers' libraries could reproduce.
    const value = current.SecretString;
    if (value === undefined || value === '') throw new Unusable('no SecretString');
    const reading = readWebhookMasterSecret(value);
    if (!reading.ok) throw new Unusable(`the deployment's webhook secret ${reading.problem}`);

    const currentCreatedMs = current.CreatedDate?.getTime();
    let previous: WebhookMasterSecret | undefined;
    if (overlapping(currentCreatedMs, now)) {
      const candidate = (await read('AWSPREVIOUS'))?.SecretString;
      // A previous value of another form (an older scheme's) verifies nowhere: it does not sign.
      const previousReading = candidate === undefined ? undefined : readWebhookMasterSecret(candidate);
      if (previousReading?.ok) previous = previousReading.secret;
    }
    return { current: reading.secret, currentCreatedMs, previous };
  }

  return {
    async signingSecretsFor(officeId) {
      const now = nowMs();
      if (!cached || now - cached.loadedAt >= maxAgeMs) {
        const entry = { loadedAt: now, secrets: load(now) };
        cached = entry;
        // A failed load is not cached: a secret repaired after the alarm must work on the next attempt.
        entry.secrets.catch(() => {
          if (cached === entry) cached = undefined;
        });
      }
      let loaded: LoadedSecrets;
      try {
        loaded = await cached.secrets;
      } catch (error) {
        if (error instanceof Unusable) throw new WebhookSecretMissing(officeId, error.message, { cause: error });
        throw error;
      }
      const { current, currentCreatedMs, previous } = loaded;
      const signing = [officeWebhookSecret(current, officeId)];
      if (previous !== undefined && overlapping(currentCreatedMs, now)) {
        const before = officeWebhookSecret(previous, officeId);
        if (before !== signing[0]) signing.push(before);
      }
      return signing;
    },
  };
}

/** One version of the deployment's webhook secret as operations see it (npm run webhook-secret). */
export type WebhookSecretVersion = {
  readonly reading: WebhookMasterSecretReading;
  readonly createdMs: number | undefined;
};

/**
 * The AWSCURRENT (default) or AWSPREVIOUS version of the webhook secret; undefined when that version does not exist.
 * AWS errors are passed on as the SDK throws them (an operator's command reports their name).
 */
export async function readWebhookSecretVersion(
  client: SecretsManagerClient,
  secretId: string,
  stage: 'AWSCURRENT' | 'AWSPREVIOUS' = 'AWSCURRENT',
): Promise<WebhookSecretVersion | undefined> {
  let output: GetSecretValueCommandOutput;
  try {
    output = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
  const value = output.SecretString;
  return {
    reading:
      value === undefined || value === ''
        ? { ok: false, problem: 'has no SecretString' }
        : readWebhookMasterSecret(value),
    createdMs: output.CreatedDate?.getTime(),
  };
}

/** Puts `secret` as the new AWSCURRENT version (the replaced one becomes AWSPREVIOUS); safe to retry by its token. */
export async function putWebhookSecretVersion(
  client: SecretsManagerClient,
  secretId: string,
  secret: WebhookMasterSecret,
): Promise<void> {
  await client.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      SecretString: webhookMasterSecretText(secret),
      ClientRequestToken: randomUUID(),
    }),
  );
}
