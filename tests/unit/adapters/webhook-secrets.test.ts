// The webhook secrets adapter over a mocked Secrets Manager: whsec_ values only, the cache, and a rotation's overlap
// (AWSPREVIOUS signs too until the window has passed since the AWSCURRENT version's CreatedDate).
import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSecrets, WEBHOOK_ROTATION_OVERLAP_MS, WebhookSecretMissing } from '#adapters/webhook-secrets.ts';
import { TemporaryFailure } from '#domain/errors.ts';

const prefix = 'lotse/teststadt/dev/webhook/';
const client = new SecretsManagerClient({ region: 'eu-central-1' });
const secretsManager = mockClient(client);

const secretOf = (fill: number) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
const OLD = secretOf(1);
const NEW = secretOf(2);
const HOUR = 60 * 60_000;
/** When the current version was put, on the test's clock. */
const PUT_AT = 1_800_000_000_000;

afterEach(() => {
  secretsManager.reset();
});

function secrets(clock = { ms: 0 }) {
  return createWebhookSecrets({ client, prefix, nowMs: () => clock.ms });
}

const notFound = () => new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find it" });

/** fb-nord's secret after a rotation at PUT_AT: NEW is AWSCURRENT, OLD is AWSPREVIOUS. */
function rotated() {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }, true)
    .resolves({ SecretString: NEW, CreatedDate: new Date(PUT_AT), VersionStages: ['AWSCURRENT'] });
  secretsManager
    .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord`, VersionStage: 'AWSPREVIOUS' }, true)
    .resolves({ SecretString: OLD, CreatedDate: new Date(PUT_AT - 90 * 24 * HOUR), VersionStages: ['AWSPREVIOUS'] });
}

describe('webhook secrets', () => {
  it('reads the secret named by the prefix and the office id', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }).resolves({ SecretString: OLD });

    expect(await secrets().signingSecretsFor('fb-nord')).toEqual([OLD]);
  });

  it('serves a secret from memory for five minutes', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: OLD });
    const clock = { ms: 0 };
    const source = secrets(clock);

    await source.signingSecretsFor('fb-nord');
    clock.ms = 5 * 60_000 - 1;
    await source.signingSecretsFor('fb-nord');

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads a secret again after five minutes, so a new version takes effect', async () => {
    secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: OLD }).resolvesOnce({ SecretString: NEW });
    const clock = { ms: 0 };
    const source = secrets(clock);

    await source.signingSecretsFor('fb-nord');
    clock.ms = 5 * 60_000;

    expect(await source.signingSecretsFor('fb-nord')).toEqual([NEW]);
  });

  it('keeps the secrets of different offices apart', async () => {
    const sued = secretOf(3);
    secretsManager.on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }).resolves({ SecretString: OLD });
    secretsManager.on(GetSecretValueCommand, { SecretId: `${prefix}fb-sued` }).resolves({ SecretString: sued });
    const source = secrets();

    expect([await source.signingSecretsFor('fb-nord'), await source.signingSecretsFor('fb-sued')]).toEqual([
      [OLD],
      [sued],
    ]);
  });

  it('reports a secret that does not exist as WebhookSecretMissing naming the office only', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(notFound());

    const error = await secrets()
      .signingSecretsFor('fb-nord')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WebhookSecretMissing);
    expect(error).toMatchObject({
      officeId: 'fb-nord',
      message: 'No usable webhook secret for office fb-nord: not found',
    });
  });

  it('treats a binary secret without a string as missing', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });

    await expect(secrets().signingSecretsFor('fb-nord')).rejects.toBeInstanceOf(WebhookSecretMissing);
  });

  it.each([
    ['the old hex form', 'a3'.repeat(32)],
    ['too short', `whsec_${Buffer.alloc(16, 1).toString('base64')}`],
    ['not base64', 'whsec_not base64!'],
  ])(
    'refuses a current secret that is not a whsec_ value (%s), without its value in the error',
    async (_what, value) => {
      secretsManager.on(GetSecretValueCommand).resolves({ SecretString: value });

      const error = await secrets()
        .signingSecretsFor('fb-nord')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(WebhookSecretMissing);
      expect((error as Error).message).toMatch(/^No usable webhook secret for office fb-nord: the secret must /);
      expect((error as Error).message).not.toContain(value.slice(-8));
    },
  );

  it('does not remember a missing secret, so one created later is used at once', async () => {
    secretsManager.on(GetSecretValueCommand).rejectsOnce(notFound()).resolves({ SecretString: NEW });
    const source = secrets();

    await source.signingSecretsFor('fb-nord').catch(() => undefined);

    expect(await source.signingSecretsFor('fb-nord')).toEqual([NEW]);
  });

  it('turns an internal service error into a TemporaryFailure', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new InternalServiceError({ $metadata: {}, message: 'oops' }));

    await expect(secrets().signingSecretsFor('fb-nord')).rejects.toBeInstanceOf(TemporaryFailure);
  });
});

describe('webhook secrets during a rotation', () => {
  it('overlaps for 24 hours', () => {
    expect(WEBHOOK_ROTATION_OVERLAP_MS).toBe(24 * HOUR);
  });

  it('signs with the new secret first and the previous one right after the put', async () => {
    rotated();

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).toEqual([NEW, OLD]);
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: `${prefix}fb-nord` },
      { SecretId: `${prefix}fb-nord`, VersionStage: 'AWSPREVIOUS' },
    ]);
  });

  it('still signs with the previous secret 1 ms before the window ends, read then', async () => {
    rotated();

    expect(await secrets({ ms: PUT_AT + 24 * HOUR - 1 }).signingSecretsFor('fb-nord')).toEqual([NEW, OLD]);
  });

  it('signs with the new secret alone once the window has passed, and does not read the previous one', async () => {
    rotated();

    expect(await secrets({ ms: PUT_AT + 24 * HOUR }).signingSecretsFor('fb-nord')).toEqual([NEW]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('ends the overlap on time also for a secret read from memory shortly before', async () => {
    rotated();
    const clock = { ms: PUT_AT + 24 * HOUR - 60_000 };
    const source = secrets(clock);

    expect(await source.signingSecretsFor('fb-nord')).toEqual([NEW, OLD]);
    clock.ms = PUT_AT + 24 * HOUR - 1;
    expect(await source.signingSecretsFor('fb-nord')).toEqual([NEW, OLD]);
    clock.ms = PUT_AT + 24 * HOUR;
    expect(await source.signingSecretsFor('fb-nord')).toEqual([NEW]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('takes the overlap from the options', async () => {
    rotated();
    const overlapMs = HOUR;
    const source = (ms: number) =>
      createWebhookSecrets({ client, prefix, rotationOverlapMs: overlapMs, nowMs: () => ms });

    expect(await source(PUT_AT + HOUR - 1).signingSecretsFor('fb-nord')).toEqual([NEW, OLD]);
    expect(await source(PUT_AT + HOUR).signingSecretsFor('fb-nord')).toEqual([NEW]);
  });

  it('signs with the current secret alone when it has no previous version', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }, true)
      .resolves({ SecretString: NEW, CreatedDate: new Date(PUT_AT) });
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord`, VersionStage: 'AWSPREVIOUS' }, true)
      .rejects(notFound());

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).toEqual([NEW]);
  });

  it('does not sign with a previous value that is not a whsec_ secret (one of the older scheme)', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }, true)
      .resolves({ SecretString: NEW, CreatedDate: new Date(PUT_AT) });
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord`, VersionStage: 'AWSPREVIOUS' }, true)
      .resolves({ SecretString: 'b4'.repeat(32) });

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).toEqual([NEW]);
  });

  it('fails temporarily when the previous version cannot be read, rather than leave the old secret out', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }, true)
      .resolves({ SecretString: NEW, CreatedDate: new Date(PUT_AT) });
    secretsManager
      .on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord`, VersionStage: 'AWSPREVIOUS' }, true)
      .rejects(new InternalServiceError({ $metadata: {}, message: 'oops' }));

    await expect(secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
