// The documented command for the offices' webhook secrets, run as operations run it (its own process) against the
// local Secrets Manager holding a deployment's webhook secret as the stack generates it: print an office's secret,
// rotate one office, refuse a second rotation during the overlap unless forced, rotate every office.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveOfficeWebhookSecret, readWebhookMasterSecret, type WebhookMasterSecret } from '#domain/webhook-keys.ts';
import { type SecretsManagerLocal, startSecretsManagerLocal } from '#infra/local/secrets-manager-local.ts';

const execute = promisify(execFile);
const ARN = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:WebhookSecret1A2B3C4D-AbCdEf';
const MALFORMED_ARN = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:Malformed-AbCdEf';
const KEY = 'K7pWq2ZkR4xN9vB3cT6yH1jL8sD5fG0aE2uI7oP4qK9wX3mZ5bN1vC8xQ2wE4rT6';
let server: SecretsManagerLocal;

type Outcome = { code: number; stdout: string; stderr: string };

/** The command as its own process; `env` adds variables (the AWS SDK's own endpoint variable, credentials). */
async function run(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execute(process.execPath, ['infra/ops/webhook-secret.ts', ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
const local = (...args: string[]) => run(['--endpoint', server.endpoint, '--secret-id', ARN, ...args]);

function current(): WebhookMasterSecret {
  const reading = readWebhookMasterSecret(server.currentValue(ARN) ?? '');
  if (!reading.ok) throw new Error(reading.problem);
  return reading.secret;
}

beforeAll(async () => {
  server = await startSecretsManagerLocal(new Map(), 'eu-central-1', '000000000000', [
    // As Secrets Manager generates it from the stack's template.
    { name: 'WebhookSecret1A2B3C4D', arn: ARN, value: `{"generations":{},"key":"${KEY}"}` },
    { name: 'Malformed', arn: MALFORMED_ARN, value: `whsec_${Buffer.alloc(32, 9).toString('base64')}` },
  ]);
});

afterAll(async () => {
  await server?.close();
});

describe('npm run webhook-secret', () => {
  it("prints the office's derived secret to stdout and nothing else", async () => {
    const printed = await local('--office', 'fb-nord');

    expect(printed).toEqual({ code: 0, stdout: `${deriveOfficeWebhookSecret(KEY, 'fb-nord', 1)}\n`, stderr: '' });
  });

  it('finds the endpoint in AWS_ENDPOINT_URL_SECRETS_MANAGER too, as the other operations commands do', async () => {
    const printed = await run(['--secret-id', ARN, '--office', 'fb-ost'], {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: server.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });

    expect(printed.stdout).toBe(`${deriveOfficeWebhookSecret(KEY, 'fb-ost', 1)}\n`);
  });

  it("rotates one office: a new version with its generation raised, its new secret printed, the others' unchanged", async () => {
    const nordBefore = (await local('--office', 'fb-nord')).stdout;

    const rotated = await local('--office', 'fb-ost', '--rotate');

    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toBe(`${deriveOfficeWebhookSecret(KEY, 'fb-ost', 2)}\n`);
    expect(rotated.stderr).toMatch(/Office fb-ost has a new secret \(generation 2\)/);
    expect(current()).toEqual({ key: KEY, generations: { 'fb-ost': 2 } });
    expect((await local('--office', 'fb-ost')).stdout).toBe(rotated.stdout);
    expect((await local('--office', 'fb-nord')).stdout).toBe(nordBefore);
  });

  it("refuses another rotation while the last one's 24 hours last, and puts it with --force", async () => {
    const refused = await local('--office', 'fb-nord', '--rotate');

    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/overlap lasts until .*--force.*Nothing was changed/s);
    expect(current().generations).toEqual({ 'fb-ost': 2 });

    const forced = await local('--office', 'fb-nord', '--rotate', '--force');

    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(`${deriveOfficeWebhookSecret(KEY, 'fb-nord', 2)}\n`);
    expect(current()).toEqual({ key: KEY, generations: { 'fb-ost': 2, 'fb-nord': 2 } });
  });

  it('rotates every office with a new master key, printing no secret', async () => {
    const before = {
      nord: (await local('--office', 'fb-nord')).stdout,
      west: (await local('--office', 'fb-west')).stdout,
    };

    const rotated = await local('--rotate-all', '--force');

    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toBe('');
    expect(rotated.stderr).toMatch(/Every office has a new secret/);
    expect(current().key).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(current().key).not.toBe(KEY);
    expect((await local('--office', 'fb-nord')).stdout).not.toBe(before.nord);
    expect((await local('--office', 'fb-west')).stdout).not.toBe(before.west);
    expect((await local('--office', 'fb-west')).stdout).toBe(
      `${deriveOfficeWebhookSecret(current().key, 'fb-west')}\n`,
    );
  });

  it('refuses a secret of another form (an old per-office one) without echoing it, and changes nothing', async () => {
    const value = server.currentValue(MALFORMED_ARN) ?? '';

    const refused = await run([
      '--endpoint',
      server.endpoint,
      '--secret-id',
      MALFORMED_ARN,
      '--office',
      'fb-nord',
      '--rotate',
    ]);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The webhook secret is not JSON; nothing was changed/);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(value.slice(6, 20));
    expect(server.currentValue(MALFORMED_ARN)).toBe(value);
  });

  it.each([
    [['--secret-id', ARN], /missing: --office or --rotate-all/],
    [['--office', 'fb-nord'], /missing: --secret-id/],
    [['--secret-id', ARN, '--office', 'fb-nord', '--rotate-all'], /give no --office with it/],
    [['--secret-id', ARN, '--office', 'fb-nord', '--force'], /--force goes with --rotate/],
    [['--secret-id', ARN, '--office', 'fb-nord', '--endpoint', 'https://secretsmanager.example'], /--endpoint is for/],
  ])('refuses wrong usage %j with exit code 2 and the usage text', async (args, problem) => {
    const refused = await run(args);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(problem);
    expect(refused.stderr).toContain('Usage:');
  });
});
