// The keyed body hash of intake's idempotency records against a mocked Secrets Manager: HMAC-SHA256 with the
// deployment's secret, the secret read once per instance, temporary failures as 503s, deployment errors named.
import { createHash, createHmac } from 'node:crypto';
import {
  DecryptionFailure,
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyHashKeyUnavailable, createSecretBodyHasher } from '#adapters/body-hasher.ts';
import { TemporaryFailure } from '#domain/errors.ts';
import { canonicalJson } from '#domain/json-value.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:BodyHashSecret-AbCdEf';
const SECRET = 'Vq3xR8mZp2LkT7wY4nB9cD6fG1hJ5sA0eU3iO8rQ2tW7yX4zV9bN6mK1lP5jH0gF';
const body = { contact: { name: 'Maria Muster', phone: '+49 170 0000000' }, needs: ['parenting'], urgency: 'soon' };

const client = new SecretsManagerClient({ region: 'eu-central-1' });
const secretsManager = mockClient(client);

afterEach(() => {
  secretsManager.reset();
});

/** An error the service answers with a name this client has no class for (throttling, denied access). */
const serviceError = (name: string, httpStatusCode: number) =>
  new SecretsManagerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });

const hasher = () => createSecretBodyHasher({ client, secretId: SECRET_ARN });
const hmacOf = (key: string, value: unknown) => createHmac('sha256', key).update(canonicalJson(value)).digest('hex');

describe('the keyed body hash', () => {
  it('is HMAC-SHA256 of the canonical body with the secret named by the ARN, with its scheme', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: SECRET });

    const hash = await hasher().hash(body);

    expect(hash).toBe(`hmac-sha256:${hmacOf(SECRET, body)}`);
    expect(hash).not.toContain(createHash('sha256').update(canonicalJson(body)).digest('hex'));
  });

  it('digests an Idempotency-Key with the same secret, apart from any body hash', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: SECRET });
    const source = hasher();

    const digest = await source.digestKey('Akte 4711 Muster');

    expect(digest).toBe(createHmac('sha256', SECRET).update('idempotency-key\u0000Akte 4711 Muster').digest('hex'));
    expect(digest).not.toContain('4711');
    expect(await source.digestKey('Akte 4712 Muster')).not.toBe(digest);
  });

  it('is the same for the same data in any key order, and differs for other data', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    const source = hasher();
    const reordered = Object.fromEntries(Object.entries(body).reverse());

    expect(await source.hash(reordered)).toBe(await source.hash(body));
    expect(await source.hash({ ...body, urgency: 'urgent' })).not.toBe(await source.hash(body));
  });

  it('differs between deployments (another secret, another hash of the same body)', async () => {
    secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: SECRET });
    const first = await hasher().hash(body);
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `${SECRET.slice(1)}x` });

    expect(await hasher().hash(body)).not.toBe(first);
  });

  it('reads the secret once per instance, also for concurrent first requests', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    const source = hasher();

    await Promise.all([source.hash(body), source.hash(body), source.hash({ other: true })]);
    await source.hash(body);

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it.each([
    ['throttled', () => serviceError('ThrottlingException', 400)],
    ['an internal error', () => new InternalServiceError({ $metadata: { httpStatusCode: 500 }, message: 'oops' })],
    ['a dropped connection', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])(
    'answers a temporary failure (503, retry) when Secrets Manager is %s, and reads again next time',
    async (_, error) => {
      secretsManager.on(GetSecretValueCommand).rejectsOnce(error()).resolves({ SecretString: SECRET });
      const source = hasher();

      await expect(source.hash(body)).rejects.toBeInstanceOf(TemporaryFailure);
      expect(await source.hash(body)).toBe(`hmac-sha256:${hmacOf(SECRET, body)}`);
      expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    },
  );

  it.each([
    ['missing', () => new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find it" })],
    ['not readable by the function', () => serviceError('AccessDeniedException', 400)],
    ['not decryptable with its key', () => new DecryptionFailure({ $metadata: {}, message: 'KMS denied' })],
  ])('fails as a deployment error when the secret is %s', async (_, error) => {
    secretsManager.on(GetSecretValueCommand).rejects(error());

    const failure = await hasher()
      .hash(body)
      .catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(BodyHashKeyUnavailable);
    expect(failure).not.toBeInstanceOf(TemporaryFailure);
  });

  it('refuses a secret shorter than 32 bytes, without naming its value', async () => {
    const short = 'only-31-bytes-of-secret-value!!';
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: short });

    const failure = await hasher()
      .hash(body)
      .catch((caught: unknown) => caught);

    expect(short).toHaveLength(31);
    expect(failure).toBeInstanceOf(BodyHashKeyUnavailable);
    expect((failure as Error).message).toMatch(/32 bytes/);
    expect((failure as Error).message).not.toContain(short);
  });

  it('refuses a secret without a string value (a binary secret)', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array(64) });

    await expect(hasher().hash(body)).rejects.toBeInstanceOf(BodyHashKeyUnavailable);
  });
});
