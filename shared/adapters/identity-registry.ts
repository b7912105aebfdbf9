// The registrations of accounts and clients in the table (pattern 15 of keys.ts): one partition, read whole for the
// coordinator's lists, one GetItem for the token trigger; an account and its e-mail claim are written together.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IdentityRegistry } from '#application/ports.ts';
import { ResourceConflict } from '#domain/errors.ts';
import type { Account, Client } from '#domain/identity.ts';
import { cancellationCodes, translateAwsError } from './aws-errors.ts';
import {
  ACCOUNT_SK_PREFIX,
  accountEmailKey,
  accountKey,
  CLIENT_SK_PREFIX,
  clientKey,
  IDENTITY_PARTITION,
  type ItemKey,
} from './keys.ts';
import { type Item, queryAll } from './query-pages.ts';

export type IdentityRegistryOptions = { readonly client: DynamoDBDocumentClient; readonly tableName: string };

const ACCOUNT_FIELDS = ['accountId', 'email', 'name', 'role', 'organizationId', 'status', 'createdAt'] as const;
const CLIENT_FIELDS = ['clientId', 'name', 'role', 'organizationId', 'status', 'createdAt'] as const;

function pick<T>(item: Item, fields: readonly string[]): T {
  return Object.fromEntries(fields.map((field) => [field, item[field] ?? null])) as T;
}

const toAccount = (item: Item): Account => pick<Account>(item, ACCOUNT_FIELDS);
const toClient = (item: Item): Client => pick<Client>(item, CLIENT_FIELDS);

export function createIdentityRegistry(options: IdentityRegistryOptions): IdentityRegistry {
  const { client, tableName } = options;

  async function get(key: ItemKey, operation: string): Promise<Item | null> {
    try {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      return Item ?? null;
    } catch (error) {
      throw translateAwsError(error, operation);
    }
  }

  async function list(prefix: string, operation: string): Promise<Item[]> {
    return queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': IDENTITY_PARTITION, ':prefix': prefix },
        ConsistentRead: true,
      },
      { operation },
    );
  }

  /** Sets `status` on an existing item (optionally only from `onlyFrom`); the item after, or null if none matched. */
  async function setStatus(key: ItemKey, status: string, operation: string, onlyFrom?: string): Promise<Item | null> {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET #status = :status',
          ConditionExpression: onlyFrom === undefined ? 'attribute_exists(pk)' : '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ...(onlyFrom === undefined ? {} : { ':from': onlyFrom }) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ?? null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw translateAwsError(error, operation);
    }
  }

  async function remove(key: ItemKey, operation: string): Promise<Item | null> {
    try {
      const { Attributes } = await client.send(
        new DeleteCommand({ TableName: tableName, Key: key, ReturnValues: 'ALL_OLD' }),
      );
      return Attributes ?? null;
    } catch (error) {
      throw translateAwsError(error, operation);
    }
  }

  return {
    async addAccount(account) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...accountEmailKey(account.email), accountId: account.accountId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...accountKey(account.accountId), ...account },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException && cancellationCodes(error)[0] === 'ConditionalCheckFailed') {
          throw new ResourceConflict('This e-mail address already has an account.');
        }
        throw translateAwsError(error, 'add account');
      }
    },
    async account(accountId) {
      const item = await get(accountKey(accountId), 'read account');
      return item === null ? null : toAccount(item);
    },
    async accounts() {
      return (await list(ACCOUNT_SK_PREFIX, 'list accounts')).map(toAccount);
    },
    async setAccountStatus(accountId, status, onlyFrom) {
      const item = await setStatus(accountKey(accountId), status, 'update account', onlyFrom);
      return item === null ? null : toAccount(item);
    },
    async removeAccount(accountId) {
      const item = await remove(accountKey(accountId), 'delete account');
      if (item === null) return null;
      const account = toAccount(item);
      await remove(accountEmailKey(account.email), 'free e-mail');
      return account;
    },
    async addClient(registration) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...clientKey(registration.clientId), ...registration },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ResourceConflict('This client is already registered.');
        }
        throw translateAwsError(error, 'add client');
      }
    },
    async client(clientId) {
      const item = await get(clientKey(clientId), 'read client');
      return item === null ? null : toClient(item);
    },
    async clients() {
      return (await list(CLIENT_SK_PREFIX, 'list clients')).map(toClient);
    },
    async setClientStatus(clientId, status) {
      const item = await setStatus(clientKey(clientId), status, 'update client');
      return item === null ? null : toClient(item);
    },
    async removeClient(clientId) {
      const item = await remove(clientKey(clientId), 'delete client');
      return item === null ? null : toClient(item);
    },
  };
}
