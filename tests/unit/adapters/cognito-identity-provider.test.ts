import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCognitoIdentityProvider } from '#adapters/cognito-identity-provider.ts';
import { ResourceConflict, TemporaryFailure } from '#domain/errors.ts';
import type { Account } from '#domain/identity.ts';

const client = new CognitoIdentityProviderClient({ region: 'eu-central-1' });
const cognito = mockClient(client);
const UserPoolId = 'eu-central-1_Pool';
const provider = createCognitoIdentityProvider({ client, userPoolId: UserPoolId, clientAccessTokenMinutes: 60 });

afterEach(() => {
  cognito.reset();
});

const account: Account = {
  accountId: 'ACC0001',
  email: 'lotsin@klinik.example',
  name: 'Lea Lotsin',
  role: 'referrer',
  organizationId: 'klinik-mitte',
  status: 'invited',
  createdAt: '2026-12-07T10:00:00.000Z',
};

const exception = <T>(Type: new (options: { message: string; $metadata: object }) => T): T =>
  new Type({ message: 'from Cognito', $metadata: {} });

describe('inviting a person', () => {
  it('creates the user under the account id with e-mail, name and organization, and adds them to the role group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    await provider.inviteUser(account);

    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: 'ACC0001',
      UserAttributes: [
        { Name: 'email', Value: 'lotsin@klinik.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Lea Lotsin' },
        { Name: 'custom:organization_id', Value: 'klinik-mitte' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: 'ACC0001',
      GroupName: 'referrer',
    });
  });

  it('gives a coordinator no organization attribute', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    await provider.inviteUser({ ...account, role: 'coordinator', organizationId: null });

    const attributes = cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserAttributes ?? [];
    expect(attributes.map((attribute) => attribute.Name)).toEqual(['email', 'email_verified', 'name']);
  });

  it.each([
    ['a taken user name', () => exception(UsernameExistsException)],
    ['a taken e-mail alias', () => exception(AliasExistsException)],
  ])('answers %s as a conflict', async (_, error) => {
    cognito.on(AdminCreateUserCommand).rejects(error());

    await expect(provider.inviteUser(account)).rejects.toBeInstanceOf(ResourceConflict);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('answers throttling as a temporary failure', async () => {
    cognito.on(AdminCreateUserCommand).rejects(exception(TooManyRequestsException));

    await expect(provider.inviteUser(account)).rejects.toBeInstanceOf(TemporaryFailure);
  });
});

describe('disabling, enabling and deleting a person', () => {
  it('disables and then signs the person out everywhere (refresh tokens end at once)', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});

    await provider.setUserEnabled('ACC0001', false);

    expect(cognito.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: 'ACC0001',
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: 'ACC0001',
    });
  });

  it('enables without signing anyone out', async () => {
    cognito.on(AdminEnableUserCommand).resolves({});

    await provider.setUserEnabled('ACC0001', true);

    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
  });

  it('counts a user that is already gone as deleted', async () => {
    cognito.on(AdminDeleteUserCommand).rejects(exception(UserNotFoundException));

    await expect(provider.deleteUser('ACC0001')).resolves.toBeUndefined();
  });

  it('rethrows any other failure to delete', async () => {
    cognito.on(AdminDeleteUserCommand).rejects(exception(TooManyRequestsException));

    await expect(provider.deleteUser('ACC0001')).rejects.toBeInstanceOf(TemporaryFailure);
  });
});

describe('clients', () => {
  it('creates a secret client-credentials client allowed only the given scope, with revocable tokens', async () => {
    cognito
      .on(CreateUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: 'client-1', ClientSecret: 'secret-1' } });

    const created = await provider.createClient({ name: 'KIS St.-Beispiel', scope: 'lotse/referrer' });

    expect(created).toEqual({ clientId: 'client-1', clientSecret: 'secret-1' });
    expect(cognito.commandCalls(CreateUserPoolClientCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId,
      ClientName: 'KIS St.-Beispiel',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['lotse/referrer'],
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });

  it('counts a client that is already gone as deleted', async () => {
    cognito.on(DeleteUserPoolClientCommand).rejects(exception(ResourceNotFoundException));

    await expect(provider.deleteClient('client-1')).resolves.toBeUndefined();
  });
});
