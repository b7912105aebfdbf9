// The local Cognito admin API as the AWS SDK sees it: requests of the JSON 1.1 protocol answered from the local user
// pool, and its errors raised by the SDK as the exception classes Cognito's would be (the request handler hands each
// request to the API in process, so no server is needed).

import { Readable } from 'node:stream';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { createCognitoIdentityProvider } from '#adapters/cognito-identity-provider.ts';
import { ResourceConflict } from '#domain/errors.ts';
import { handleCognitoRequest } from '#infra/local/local-cognito-api.ts';
import { LocalUserPool, OPENID_SCOPES } from '#infra/local/local-user-pool.ts';

const POOL_ID = 'eu-central-1_AuthUserPool1';
const PASSWORD = 'Lokales-Passwort-1';

function localPool() {
  return new LocalUserPool({
    id: POOL_ID,
    groups: ['referrer', 'office', 'coordinator'],
    customAttributes: ['organization_id'],
    emailAlias: true,
    scopes: [...OPENID_SCOPES, 'lotse/referrer', 'lotse/office', 'lotse/coordinator'],
    password: PASSWORD,
  });
}

type Sent = { path: string; target: string | undefined; contentType: string | undefined };

/** An SDK client whose every request the local API answers in process; `sent` records what the SDK sent. */
function clientOf(pool: LocalUserPool, sent: Sent[] = []) {
  return new CognitoIdentityProviderClient({
    region: 'eu-central-1',
    endpoint: 'http://127.0.0.1:3000/_local/cognito-idp',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: {
        method: string;
        path: string;
        headers: Record<string, string>;
        body?: string | Uint8Array;
      }) {
        const target = request.headers['x-amz-target'];
        sent.push({ path: request.path, target, contentType: request.headers['content-type'] });
        const answer = handleCognitoRequest(pool, {
          method: request.method,
          target,
          body:
            request.body instanceof Uint8Array
              ? Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength)
              : Buffer.from(request.body ?? ''),
        });
        return {
          response: { statusCode: answer.statusCode, headers: answer.headers, body: Readable.from([answer.body]) },
        };
      },
    },
  });
}

const createUser = (username: string, email: string) =>
  new AdminCreateUserCommand({
    UserPoolId: POOL_ID,
    Username: username,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: 'Anna Beispiel' },
      { Name: 'custom:organization_id', Value: 'klinik-mitte' },
    ],
    DesiredDeliveryMediums: ['EMAIL'],
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('the local Cognito admin API through the AWS SDK', () => {
  it('is sent the JSON 1.1 protocol: the action in X-Amz-Target, under the endpoint path', async () => {
    const sent: Sent[] = [];
    await clientOf(localPool(), sent).send(createUser('a1', 'anna@example.org'));

    expect(sent).toEqual([
      {
        path: '/_local/cognito-idp/',
        target: 'AWSCognitoIdentityProviderService.AdminCreateUser',
        contentType: 'application/x-amz-json-1.1',
      },
    ]);
  });

  it('creates a user the SDK reads back with its attributes, sub included', async () => {
    const client = clientOf(localPool());
    const created = await client.send(createUser('a1', 'anna@example.org'));
    const read = await client.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: 'a1' }));

    expect(created.User?.Username).toBe('a1');
    expect(created.User?.UserCreateDate).toBeInstanceOf(Date);
    expect(read.UserAttributes?.map((attribute) => attribute.Name).sort()).toEqual(
      ['custom:organization_id', 'email', 'email_verified', 'name', 'sub'].sort(),
    );
  });

  it('raises UsernameExistsException for a taken user name', async () => {
    const client = clientOf(localPool());
    await client.send(createUser('a1', 'anna@example.org'));

    expect(await rejection(client.send(createUser('a1', 'other@example.org')))).toBeInstanceOf(UsernameExistsException);
  });

  it('raises AliasExistsException for a taken e-mail address', async () => {
    const client = clientOf(localPool());
    await client.send(createUser('a1', 'anna@example.org'));

    expect(await rejection(client.send(createUser('a2', 'ANNA@example.org')))).toBeInstanceOf(AliasExistsException);
  });

  it('raises UserNotFoundException for an unknown user', async () => {
    const error = await rejection(
      clientOf(localPool()).send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: 'niemand' })),
    );

    expect(error).toBeInstanceOf(UserNotFoundException);
  });

  it('raises ResourceNotFoundException for another pool, an unknown group and an unknown client', async () => {
    const client = clientOf(localPool());
    await client.send(createUser('a1', 'anna@example.org'));

    const errors = await Promise.all([
      rejection(client.send(new AdminGetUserCommand({ UserPoolId: 'eu-central-1_Other', Username: 'a1' }))),
      rejection(client.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: 'a1', GroupName: 'x' }))),
      rejection(client.send(new DeleteUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId: 'nope' }))),
    ]);

    for (const error of errors) expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('raises InvalidParameterException for an attribute outside the schema', async () => {
    const error = await rejection(
      clientOf(localPool()).send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: 'a1',
          UserAttributes: [{ Name: 'custom:role', Value: 'coordinator' }],
        }),
      ),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('creates a client-credentials client with a secret and its validity in minutes', async () => {
    const created = await clientOf(localPool()).send(
      new CreateUserPoolClientCommand({
        UserPoolId: POOL_ID,
        ClientName: 'KIS',
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['lotse/referrer'],
        AccessTokenValidity: 60,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );

    expect(created.UserPoolClient).toMatchObject({
      ClientId: expect.stringMatching(/^[a-z0-9]{26}$/),
      ClientSecret: expect.any(String),
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['lotse/referrer'],
      AccessTokenValidity: 60,
    });
  });

  it('answers an action it does not serve with UnknownOperationException', () => {
    const answer = handleCognitoRequest(localPool(), {
      method: 'POST',
      target: 'AWSCognitoIdentityProviderService.AdminSetUserPassword',
      body: Buffer.from('{}'),
    });

    expect([answer.statusCode, JSON.parse(answer.body.toString()).__type]).toEqual([400, 'UnknownOperationException']);
  });
});

describe("the coordinator's Cognito adapter against the local pool", () => {
  const account = {
    accountId: '0b6d4f5e-8c1a-4d5e-9f00-000000000001',
    email: 'anna@example.org',
    name: 'Anna Beispiel',
    role: 'referrer' as const,
    organizationId: 'klinik-mitte',
    status: 'invited' as const,
    createdAt: '2026-11-20T10:00:00.000Z',
  };
  const provider = (pool: LocalUserPool) =>
    createCognitoIdentityProvider({ client: clientOf(pool), userPoolId: POOL_ID, clientAccessTokenMinutes: 60 });

  it('invites a person who then signs in with the local password, in the group of the role', async () => {
    const pool = localPool();

    await provider(pool).inviteUser(account);

    expect(pool.signIn('anna@example.org', PASSWORD)?.groups).toEqual(['referrer']);
    expect(pool.outbox.map((mail) => mail.to)).toEqual(['anna@example.org']);
  });

  it('reports an e-mail that already has an account as a conflict', async () => {
    const pool = localPool();
    await provider(pool).inviteUser(account);

    const error = await rejection(provider(pool).inviteUser({ ...account, accountId: `${account.accountId}-2` }));

    expect(error).toBeInstanceOf(ResourceConflict);
  });

  it('disables a person: no sign-in any more', async () => {
    const pool = localPool();
    await provider(pool).inviteUser(account);

    await provider(pool).setUserEnabled(account.accountId, false);

    expect(pool.signIn(account.accountId, PASSWORD)).toBeUndefined();
  });

  it('creates and deletes a client; deleting one already gone counts as deleted', async () => {
    const pool = localPool();
    const { clientId, clientSecret } = await provider(pool).createClient({ name: 'KIS', scope: 'lotse/referrer' });

    expect(pool.authenticateClient(clientId, clientSecret)?.scopes).toEqual(['lotse/referrer']);
    await provider(pool).deleteClient(clientId);
    await provider(pool).deleteClient(clientId);
    expect(pool.client(clientId)).toBeUndefined();
  });
});
