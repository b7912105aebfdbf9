// The webhook secrets adapter over a mocked Secrets Manager: each office's secret derived from the deployment's one
// secret, one read for every office, the cache, and a rotation's overlap (the office's secret under AWSPREVIOUS signs
// too until the window has passed since the AWSCURRENT version's CreatedDate, unless it is the same).
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
import { deriveOfficeWebhookSecret } from '#domain/webhook-keys.ts';

const SECRET_ID = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:WebhookSecretA1B2C3-AbCdEf';
const client = new SecretsManagerClient({ region: 'eu-central-1' });
const secretsManager = mockClient(client);

const MASTER = 'mmmmmmmmmmmmmmmmmmmmK7pWq2ZkR4xN9vB3cT6yH1jL8sD5fG0aE2uI7oP4qK9wX3';
const NEW_MASTER = 'nnnnnnnnnnnnnnnnnnnnA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3';
const secretValue = (key: string, generations: Record<string, number> = {}) => JSON.stringify({ key, generations });
const derived = (key: string, officeId: string, generation = 1) => deriveOfficeWebhookSecret(key, officeId, generation);
const HOUR = 60 * 60_000;
/** When the current version was put, on the test's clock. */
const PUT_AT = 1_800_000_000_000;

afterEach(() => {
  secretsManager.reset();
});

function secrets(clock = { ms: 0 }) {
  return createWebhookSecrets({ client, secretId: SECRET_ID, nowMs: () => clock.ms });
}

const notFound = () => new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find it" });

/** The deployment's secret after a put at PUT_AT: `current` is AWSCURRENT, `previous` AWSPREVIOUS. */
function versions(current: string, previous: string) {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: SECRET_ID }, true)
    .resolves({ SecretString: current, CreatedDate: new Date(PUT_AT), VersionStages: ['AWSCURRENT'] });
  secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: 'AWSPREVIOUS' }, true).resolves({
    SecretString: previous,
    CreatedDate: new Date(PUT_AT - 90 * 24 * HOUR),
    VersionStages: ['AWSPREVIOUS'],
  });
}
/** fb-nord rotated at PUT_AT (generation 1 → 2); the other offices unchanged. */
const officeRotated = () => versions(secretValue(MASTER, { 'fb-nord': 2 }), secretValue(MASTER));
/** Every office rotated at PUT_AT (a new master key). */
const allRotated = () => versions(secretValue(NEW_MASTER), secretValue(MASTER));

describe('webhook secrets', () => {
  it("derives the office's secret from the deployment's secret, generation 1 when it lists none", async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: secretValue(MASTER) });

    expect(await secrets().signingSecretsFor('fb-nord')).toEqual([derived(MASTER, 'fb-nord')]);
  });

  it("takes the office's generation from the secret", async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretValue(MASTER, { 'fb-nord': 3 }) });

    expect(await secrets().signingSecretsFor('fb-nord')).toEqual([derived(MASTER, 'fb-nord', 3)]);
  });

  it('reads the secret once for every office, and gives each office its own secret', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretValue(MASTER) });
    const source = secrets();

    const [nord, sued] = await Promise.all([source.signingSecretsFor('fb-nord'), source.signingSecretsFor('fb-sued')]);

    expect(nord).toEqual([derived(MASTER, 'fb-nord')]);
    expect(sued).toEqual([derived(MASTER, 'fb-sued')]);
    expect(nord).not.toEqual(sued);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('serves the secret from memory for five minutes', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretValue(MASTER) });
    const clock = { ms: 0 };
    const source = secrets(clock);

    await source.signingSecretsFor('fb-nord');
    clock.ms = 5 * 60_000 - 1;
    await source.signingSecretsFor('fb-ost');

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads the secret again after five minutes, so a new version takes effect', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: secretValue(MASTER) })
      .resolvesOnce({ SecretString: secretValue(NEW_MASTER) });
    const clock = { ms: 0 };
    const source = secrets(clock);

    await source.signingSecretsFor('fb-nord');
    clock.ms = 5 * 60_000;

    expect(await source.signingSecretsFor('fb-nord')).toEqual([derived(NEW_MASTER, 'fb-nord')]);
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
    ['an office secret of the old per-office form', `whsec_${Buffer.alloc(32, 1).toString('base64')}`],
    ['a short master key', secretValue('tooShortKey1234')],
    ['bad generations', JSON.stringify({ key: MASTER, generations: { 'fb-nord': -1 } })],
    ['JSON that breaks off', `{"key":"${MASTER}"`],
  ])('refuses a malformed deployment secret (%s), without its value in the error', async (_what, value) => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: value });

    const error = await secrets()
      .signingSecretsFor('fb-nord')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WebhookSecretMissing);
    expect((error as Error).message).toMatch(/^No usable webhook secret for office fb-nord: the deployment's webhook/);
    expect((error as Error).message).not.toContain(MASTER.slice(-8));
    expect((error as Error).message).not.toContain(value.slice(-8));
  });

  it('does not remember a missing secret, so one repaired later is used at once', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(notFound())
      .resolves({ SecretString: secretValue(MASTER) });
    const source = secrets();

    await source.signingSecretsFor('fb-nord').catch(() => undefined);

    expect(await source.signingSecretsFor('fb-nord')).toEqual([derived(MASTER, 'fb-nord')]);
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

  it('signs for the rotated office with its new secret first and its previous one right after the put', async () => {
    officeRotated();

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).toEqual([
      derived(MASTER, 'fb-nord', 2),
      derived(MASTER, 'fb-nord', 1),
    ]);
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ID },
      { SecretId: SECRET_ID, VersionStage: 'AWSPREVIOUS' },
    ]);
  });

  it('signs once for an office that was not rotated, since both versions give it the same secret', async () => {
    officeRotated();

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-ost')).toEqual([derived(MASTER, 'fb-ost')]);
  });

  it('signs twice for every office after a new master key', async () => {
    allRotated();
    const source = secrets({ ms: PUT_AT });

    for (const officeId of ['fb-nord', 'fb-ost']) {
      expect(await source.signingSecretsFor(officeId)).toEqual([
        derived(NEW_MASTER, officeId),
        derived(MASTER, officeId),
      ]);
    }
  });

  it('still signs with the previous secret 1 ms before the window ends, read then', async () => {
    officeRotated();

    expect(await secrets({ ms: PUT_AT + 24 * HOUR - 1 }).signingSecretsFor('fb-nord')).toHaveLength(2);
  });

  it('signs with the new secret alone once the window has passed, and does not read the previous one', async () => {
    officeRotated();

    expect(await secrets({ ms: PUT_AT + 24 * HOUR }).signingSecretsFor('fb-nord')).toEqual([
      derived(MASTER, 'fb-nord', 2),
    ]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('ends the overlap on time also for a secret read from memory shortly before', async () => {
    allRotated();
    const clock = { ms: PUT_AT + 24 * HOUR - 60_000 };
    const source = secrets(clock);

    expect(await source.signingSecretsFor('fb-nord')).toHaveLength(2);
    clock.ms = PUT_AT + 24 * HOUR - 1;
    expect(await source.signingSecretsFor('fb-nord')).toHaveLength(2);
    clock.ms = PUT_AT + 24 * HOUR;
    expect(await source.signingSecretsFor('fb-nord')).toEqual([derived(NEW_MASTER, 'fb-nord')]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('takes the overlap from the options', async () => {
    allRotated();
    const source = (ms: number) =>
      createWebhookSecrets({ client, secretId: SECRET_ID, rotationOverlapMs: HOUR, nowMs: () => ms });

    expect(await source(PUT_AT + HOUR - 1).signingSecretsFor('fb-nord')).toHaveLength(2);
    expect(await source(PUT_AT + HOUR).signingSecretsFor('fb-nord')).toEqual([derived(NEW_MASTER, 'fb-nord')]);
  });

  it('signs with the current secret alone when it has no previous version (revoked or never rotated)', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID }, true)
      .resolves({ SecretString: secretValue(NEW_MASTER), CreatedDate: new Date(PUT_AT) });
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: 'AWSPREVIOUS' }, true)
      .rejects(notFound());

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).toEqual([derived(NEW_MASTER, 'fb-nord')]);
  });

  it('does not sign with a previous value of another form (an old per-office whsec_ secret)', async () => {
    versions(secretValue(NEW_MASTER), `whsec_${Buffer.alloc(32, 2).toString('base64')}`);

    expect(await secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).toEqual([derived(NEW_MASTER, 'fb-nord')]);
  });

  it('fails temporarily when the previous version cannot be read, rather than leave the old secret out', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID }, true)
      .resolves({ SecretString: secretValue(NEW_MASTER), CreatedDate: new Date(PUT_AT) });
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: 'AWSPREVIOUS' }, true)
      .rejects(new InternalServiceError({ $metadata: {}, message: 'oops' }));

    await expect(secrets({ ms: PUT_AT }).signingSecretsFor('fb-nord')).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
