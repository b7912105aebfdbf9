// The local Secrets Manager, spoken to by the real AWS SDK client exactly as a function instance does (endpoint from
// AWS_ENDPOINT_URL_SECRETS_MANAGER): found by name or ARN, not found, versions after a put, unsupported operations.
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsManagerLocal, startSecretsManagerLocal } from '#infra/local/secrets-manager-local.ts';

const NAME = 'lotse/musterstadt/dev/webhook/fb-nord';
const ROTATED = 'lotse/musterstadt/dev/webhook/fb-ost';
let server: SecretsManagerLocal;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = await startSecretsManagerLocal(
    new Map([
      [NAME, 's3cr3t'],
      [ROTATED, 'first'],
    ]),
    'eu-central-1',
    '000000000000',
  );
  const previous = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.endpoint;
  try {
    client = new SecretsManagerClient({
      region: 'eu-central-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The endpoint is resolved lazily: make the first call while the variable is set.
    await client.send(new GetSecretValueCommand({ SecretId: NAME }));
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previous;
  }
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('the local Secrets Manager', () => {
  it('answers GetSecretValue by name with the secret string, its ARN and version', async () => {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: NAME }));

    expect(secret).toMatchObject({ Name: NAME, SecretString: 's3cr3t', VersionStages: ['AWSCURRENT'] });
    expect(secret.ARN).toMatch(/^arn:aws:secretsmanager:eu-central-1:000000000000:secret:lotse\/.+-[A-Za-z0-9]{6}$/);
    expect(secret.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(secret.CreatedDate).toBeInstanceOf(Date);
  });

  it('answers GetSecretValue by the secret ARN', async () => {
    const { ARN } = await client.send(new GetSecretValueCommand({ SecretId: NAME }));

    const secret = await client.send(new GetSecretValueCommand({ SecretId: ARN }));

    expect(secret.SecretString).toBe('s3cr3t');
  });

  it('answers an unknown secret with ResourceNotFoundException', async () => {
    const attempt = client.send(new GetSecretValueCommand({ SecretId: 'lotse/musterstadt/dev/webhook/nobody' }));

    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(attempt).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('answers AWSPREVIOUS of a secret that was never put again, and unknown stages, with ResourceNotFoundException', async () => {
    for (const VersionStage of ['AWSPREVIOUS', 'AWSPENDING']) {
      const attempt = client.send(new GetSecretValueCommand({ SecretId: NAME, VersionStage }));

      await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    }
  });

  it('makes a put value AWSCURRENT and the replaced one AWSPREVIOUS, each with its CreatedDate', async () => {
    const before = await client.send(new GetSecretValueCommand({ SecretId: ROTATED }));
    const putAt = Date.now();

    const put = await client.send(new PutSecretValueCommand({ SecretId: ROTATED, SecretString: 'second' }));

    const current = await client.send(new GetSecretValueCommand({ SecretId: ROTATED }));
    const previous = await client.send(new GetSecretValueCommand({ SecretId: ROTATED, VersionStage: 'AWSPREVIOUS' }));
    expect(put).toMatchObject({ Name: ROTATED, VersionStages: ['AWSCURRENT'] });
    expect(current).toMatchObject({ SecretString: 'second', VersionId: put.VersionId, VersionStages: ['AWSCURRENT'] });
    expect(previous).toMatchObject({
      SecretString: 'first',
      VersionId: before.VersionId,
      VersionStages: ['AWSPREVIOUS'],
      CreatedDate: before.CreatedDate,
    });
    expect(current.CreatedDate?.getTime()).toBeGreaterThanOrEqual(putAt - 1);
    expect(current.CreatedDate?.getTime()).toBeGreaterThan(before.CreatedDate?.getTime() ?? Number.POSITIVE_INFINITY);
    const byId = await client.send(new GetSecretValueCommand({ SecretId: ROTATED, VersionId: before.VersionId }));
    expect(byId.SecretString).toBe('first');
  });

  it('answers any other operation with UnknownOperationException', async () => {
    await expect(client.send(new ListSecretsCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
