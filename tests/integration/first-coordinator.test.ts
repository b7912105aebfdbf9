// `npm run first-coordinator` as an operator runs it after a deploy, here against the local runtime's user pool and
// table: the person is invited, signs in, and is a coordinator who can invite everyone else.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from './support/api.ts';
import { type SignInSetup, signIn, signInSetup } from './support/sign-in.ts';

const baseUrl = inject('baseUrl');
const api = new Api(baseUrl);
let setup: SignInSetup;
let resources: { userPoolId: string; tableName: string; dynamoEndpoint: string; cognitoEndpoint: string };

beforeAll(async () => {
  setup = await signInSetup(baseUrl);
  resources = (await (await fetch(`${baseUrl}/_local/resources`)).json()) as typeof resources;
});

/** Runs the command with the local endpoints where the operator's AWS credentials and region would be. */
function firstCoordinator(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['infra/ops/first-coordinator.ts', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: resources.dynamoEndpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: resources.cognitoEndpoint,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('npm run first-coordinator', () => {
  it('invites a coordinator who signs in and may invite a Lotsin', async () => {
    const email = `koordination-${randomUUID().slice(0, 8)}@musterstadt.example`;

    const run = await firstCoordinator(
      '--user-pool-id',
      resources.userPoolId,
      '--table',
      resources.tableName,
      '--email',
      email,
      '--name',
      'Erika Mustermann',
    );

    expect(run.output).toMatch(/^Invited coordinator \S+: the invitation e-mail is on its way\.\n$/);
    expect(run.code).toBe(0);
    const mail = (await (await fetch(`${baseUrl}/_local/mail`)).json()) as
      | { items?: { to: string }[] }
      | { to: string }[];
    const sent = Array.isArray(mail) ? mail : (mail.items ?? []);
    expect(sent.some((message) => message.to === email)).toBe(true);

    const tokens = await signIn(setup, email, inject('localPassword'));

    expect(String(decodeJwt(tokens.access_token).scope).split(' ')).toContain('lotse/coordinator');
    const invited = await api.request('POST', '/v1/accounts', {
      token: tokens.access_token,
      body: {
        email: `lotsin-${randomUUID().slice(0, 8)}@klinik.example`,
        name: 'Lea Lotsin',
        role: 'referrer',
        organizationId: 'klinik-mitte',
      },
    });
    expect(invited.status).toBe(201);
    const listed = await api.request('GET', `/v1/accounts?role=coordinator`, { token: tokens.access_token });
    expect((listed.body as { items: { email: string; status: string }[] }).items).toContainEqual(
      expect.objectContaining({ email, status: 'active' }),
    );
  });

  it('refuses an address that already has an account, with exit code 1', async () => {
    const email = `koordination-${randomUUID().slice(0, 8)}@musterstadt.example`;
    const args = ['--user-pool-id', resources.userPoolId, '--table', resources.tableName, '--email', email];

    expect((await firstCoordinator(...args, '--name', 'Erste')).code).toBe(0);
    const again = await firstCoordinator(...args, '--name', 'Zweite');

    expect(again.code).toBe(1);
    expect(again.output).toContain('already has an account');
  });

  it('refuses a region outside the EU and names what is missing, with exit code 2', async () => {
    const outside = await firstCoordinator(
      '--region',
      'us-east-1',
      '--user-pool-id',
      'p',
      '--table',
      't',
      '--email',
      'a@b.example',
      '--name',
      'N',
    );
    const incomplete = await firstCoordinator('--email', 'a@b.example');

    expect(outside).toMatchObject({ code: 2, output: expect.stringContaining('--region must be an EU region') });
    expect(incomplete).toMatchObject({
      code: 2,
      output: expect.stringContaining('missing: --user-pool-id, --table, --name'),
    });
  });
});
