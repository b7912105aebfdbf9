// The token service's side of accounts and clients in the cloud: Cognito users (user name = account id, e-mail as
// sign-in alias, one group per role, the organization as a custom attribute) and client-credentials app clients.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider } from '#application/ports.ts';
import { ResourceConflict } from '#domain/errors.ts';
import { ORGANIZATION_ATTRIBUTE } from '#domain/identity.ts';
import { translateAwsError } from './aws-errors.ts';

export type CognitoIdentityProviderOptions = {
  readonly client: Pick<CognitoIdentityProviderClient, 'send'>;
  readonly userPoolId: string;
  /** Access-token lifetime of a registered client, in minutes. */
  readonly clientAccessTokenMinutes: number;
};

export function createCognitoIdentityProvider(options: CognitoIdentityProviderOptions): IdentityProvider {
  const { client, userPoolId: UserPoolId } = options;

  async function call<T>(operation: string, send: () => Promise<T>, gone?: () => T): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (gone !== undefined && (error instanceof UserNotFoundException || error instanceof ResourceNotFoundException))
        return gone();
      throw translateAwsError(error, operation);
    }
  }

  return {
    async inviteUser(account) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: account.accountId,
            UserAttributes: [
              { Name: 'email', Value: account.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: account.name },
              ...(account.organizationId === null
                ? []
                : [{ Name: ORGANIZATION_ATTRIBUTE, Value: account.organizationId }]),
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      } catch (error) {
        if (error instanceof UsernameExistsException || error instanceof AliasExistsException) {
          throw new ResourceConflict('This e-mail address already has an account.');
        }
        throw translateAwsError(error, 'invite user');
      }
      await call('add user to group', () =>
        client.send(
          new AdminAddUserToGroupCommand({ UserPoolId, Username: account.accountId, GroupName: account.role }),
        ),
      );
    },
    async setUserEnabled(accountId, enabled) {
      const Username = accountId;
      if (enabled) {
        await call('enable user', () => client.send(new AdminEnableUserCommand({ UserPoolId, Username })));
        return;
      }
      await call('disable user', () => client.send(new AdminDisableUserCommand({ UserPoolId, Username })));
      // Revokes the refresh tokens at once (access tokens end within their 15 minutes).
      await call('sign user out', () => client.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username })));
    },
    async deleteUser(accountId) {
      await call(
        'delete user',
        async () => {
          await client.send(new AdminDeleteUserCommand({ UserPoolId, Username: accountId }));
        },
        () => undefined,
      );
    },
    async createClient({ name, scope }) {
      const created = await call('create client', () =>
        client.send(
          new CreateUserPoolClientCommand({
            UserPoolId,
            ClientName: name.slice(0, 128),
            GenerateSecret: true,
            AllowedOAuthFlows: ['client_credentials'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthScopes: [scope],
            AccessTokenValidity: options.clientAccessTokenMinutes,
            TokenValidityUnits: { AccessToken: 'minutes' },
            EnableTokenRevocation: true,
            PreventUserExistenceErrors: 'ENABLED',
          }),
        ),
      );
      const clientId = created.UserPoolClient?.ClientId;
      const clientSecret = created.UserPoolClient?.ClientSecret;
      if (clientId === undefined || clientSecret === undefined)
        throw new Error('Cognito created a client without id or secret');
      return { clientId, clientSecret };
    },
    async deleteClient(clientId) {
      await call(
        'delete client',
        async () => {
          await client.send(new DeleteUserPoolClientCommand({ UserPoolId, ClientId: clientId }));
        },
        () => undefined,
      );
    },
  };
}
