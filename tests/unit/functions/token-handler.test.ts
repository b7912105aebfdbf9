// The token trigger's wiring: Cognito's V3_0 event in, the access-token customisation out, with the table mocked.
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountKey, clientKey } from '#adapters/keys.ts';
import type { Account, Client } from '#domain/identity.ts';
import { logger } from '#runtime/logger.ts';
import type { TokenGenerationEvent } from '../../../functions/token/handler.ts';
import { catalogueTableItems, testCatalogue } from './fakes.ts';
import { aClient, anAccount } from './identity-fakes.ts';

Object.assign(process.env, {
  TABLE_NAME: 'lotse',
  MUNICIPALITY_ID: 'teststadt',
  STAGE: 'dev',
  AWS_REGION: 'eu-central-1',
});

const dynamo = mockClient(DynamoDBDocumentClient);
const context = {} as Context;
let handler: typeof import('../../../functions/token/handler.ts')['handler'];

const ROLE_SCOPES = ['lotse/referrer', 'lotse/office', 'lotse/coordinator'];

function seed(registration: { account?: Account; client?: Client }) {
  const catalogue = testCatalogue();
  dynamo.on(QueryCommand).resolves({
    Items: [...catalogueTableItems(catalogue)],
  });
  dynamo.on(GetCommand).resolves({});
  if (registration.account !== undefined) {
    dynamo
      .on(GetCommand, { Key: accountKey(registration.account.accountId) })
      .resolves({ Item: { ...accountKey(registration.account.accountId), ...registration.account } });
  }
  if (registration.client !== undefined) {
    dynamo
      .on(GetCommand, { Key: clientKey(registration.client.clientId) })
      .resolves({ Item: { ...clientKey(registration.client.clientId), ...registration.client } });
  }
  dynamo.on(UpdateCommand).resolves({});
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  seed({});
  ({ handler } = await import('../../../functions/token/handler.ts'));
});

afterEach(() => {
  dynamo.reset();
});

function personEvent(groups: string[]): TokenGenerationEvent {
  return {
    version: '3',
    triggerSource: 'TokenGeneration_HostedAuth',
    userName: 'ACC0001',
    callerContext: { clientId: 'web-client' },
    request: { groupConfiguration: { groupsToOverride: groups }, scopes: ['openid', ...ROLE_SCOPES] },
    response: {},
  };
}

const accessToken = (event: TokenGenerationEvent) =>
  (event.response as { claimsAndScopeOverrideDetails: { accessTokenGeneration: unknown } })
    .claimsAndScopeOverrideDetails.accessTokenGeneration;

describe('the token trigger', () => {
  it("keeps a person's own role scope, suppresses the others and adds the binding claim", async () => {
    seed({
      account: anAccount({ accountId: 'ACC0001', role: 'office', organizationId: 'fb-nord', status: 'active' }),
    });

    const result = await handler(personEvent(['office']), context);

    expect(accessToken(result)).toEqual({
      claimsToAddOrOverride: { office_id: 'fb-nord' },
      scopesToAdd: [],
      scopesToSuppress: ['lotse/referrer', 'lotse/coordinator'],
    });
  });

  it('suppresses every role scope of a person without a registration', async () => {
    seed({});

    const result = await handler(personEvent(['office']), context);

    expect(accessToken(result)).toEqual({ claimsToAddOrOverride: {}, scopesToAdd: [], scopesToSuppress: ROLE_SCOPES });
  });

  it("adds a registered client's role scope when the request did not name it", async () => {
    seed({
      client: aClient(),
    });

    const result = await handler(
      {
        version: '3',
        triggerSource: 'TokenGeneration_ClientCredentials',
        callerContext: { clientId: 'cli-1' },
        request: { scopes: [] },
        response: {},
      },
      context,
    );

    expect(accessToken(result)).toEqual({
      claimsToAddOrOverride: { institution_id: 'klinik-mitte' },
      scopesToAdd: ['lotse/referrer'],
      scopesToSuppress: ['lotse/office', 'lotse/coordinator'],
    });
  });

  it('marks an invited person active on the first grant', async () => {
    seed({
      account: anAccount({ accountId: 'ACC0001', role: 'coordinator', organizationId: null, status: 'invited' }),
    });

    await handler(personEvent(['coordinator']), context);

    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: accountKey('ACC0001'),
      ExpressionAttributeValues: { ':status': 'active', ':from': 'invited' },
    });
  });
});
