import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSecrets, WebhookSecretMissing } from '#adapters/webhook-secrets.ts';
import { TemporaryFailure } from '#domain/errors.ts';

const prefix = 'lotse/teststadt/dev/webhook/';
const client = new SecretsManagerClient({ region: 'eu-central-1' });
const secretsManager = mockClient(client);

afterEach(() => {
  secretsManager.reset();
});

function secrets(clock = { ms: 0 }) {
  return createWebhookSecrets({ client, prefix, nowMs: () => clock.ms });
}

const notFound = () => new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find it" });

describe('webhook secrets', () => {
  it('reads the secret named by the prefix and the office id', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }).resolves({ SecretString: 's3cret' });

    expect(await secrets().secretFor('fb-nord')).toBe('s3cret');
  });

  it('serves a secret from memory for five minutes', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 's3cret' });
    const clock = { ms: 0 };
    const source = secrets(clock);

    await source.secretFor('fb-nord');
    clock.ms = 5 * 60_000 - 1;
    await source.secretFor('fb-nord');

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('reads a secret again after five minutes, so a rotation takes effect', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'old' })
      .resolvesOnce({ SecretString: 'rotated' });
    const clock = { ms: 0 };
    const source = secrets(clock);

    await source.secretFor('fb-nord');
    clock.ms = 5 * 60_000;

    expect(await source.secretFor('fb-nord')).toBe('rotated');
  });

  it('keeps the secrets of different offices apart', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: `${prefix}fb-nord` }).resolves({ SecretString: 'nord' });
    secretsManager.on(GetSecretValueCommand, { SecretId: `${prefix}fb-sued` }).resolves({ SecretString: 'sued' });
    const source = secrets();

    expect([await source.secretFor('fb-nord'), await source.secretFor('fb-sued')]).toEqual(['nord', 'sued']);
  });

  it('reports a secret that does not exist as WebhookSecretMissing naming the office only', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(notFound());

    const error = await secrets()
      .secretFor('fb-nord')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WebhookSecretMissing);
    expect(error).toMatchObject({ officeId: 'fb-nord', message: 'No usable webhook secret for office fb-nord' });
  });

  it('treats a binary secret without a string as missing', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });

    await expect(secrets().secretFor('fb-nord')).rejects.toBeInstanceOf(WebhookSecretMissing);
  });

  it('does not remember a missing secret, so one created later is used at once', async () => {
    secretsManager.on(GetSecretValueCommand).rejectsOnce(notFound()).resolves({ SecretString: 'created' });
    const source = secrets();

    await source.secretFor('fb-nord').catch(() => undefined);

    expect(await source.secretFor('fb-nord')).toBe('created');
  });

  it('turns an internal service error into a TemporaryFailure', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new InternalServiceError({ $metadata: {}, message: 'oops' }));

    await expect(secrets().secretFor('fb-nord')).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
