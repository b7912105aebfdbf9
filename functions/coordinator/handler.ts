// The coordinator function: catalogue editing (offices may read offers, every role the districts), import/export, the
// coverage report, and people's accounts and systems' clients; the route table admits the roles and parses each
// request before the use case runs.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { apiAudienceOf } from '#adapters/api-audience.ts';
import { builtOnFirstSend, dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createCaseFactsRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createCognitoIdentityProvider } from '#adapters/cognito-identity-provider.ts';
import { createCoverageRepository } from '#adapters/coverage-repository.ts';
import { createIdentityRegistry } from '#adapters/identity-registry.ts';
import { createIdGenerator } from '#adapters/ids.ts';
import {
  type CatalogueEntitiesPorts,
  deleteEntity,
  type EditableKind,
  type EntityBodies,
  getEntity,
  listEntities,
  putEntity,
} from '#application/coordinator/catalogue-entities.ts';
import { type CoverageReportPorts, coverageReport } from '#application/coordinator/coverage-report.ts';
import { type ExportCataloguePorts, exportCatalogue } from '#application/coordinator/export-catalogue.ts';
import { type ImportCataloguePorts, importCatalogue } from '#application/coordinator/import-catalogue.ts';
import { type ListDistrictsPorts, listDistricts } from '#application/coordinator/list-districts.ts';
import {
  deleteAccount,
  deleteClient,
  type IdentityPorts,
  inviteAccount,
  listAccounts,
  listClients,
  registerClient,
  setAccountEnabled,
} from '#application/identity/accounts.ts';
import { coverageCsv } from '#domain/coverage.ts';
import { type HttpReply, serveRoutes } from '#http/http-handler.ts';
import { coordinatorConfigSchema, loadConfig } from '#runtime/config.ts';
import { logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';

const config = loadConfig(coordinatorConfigSchema);
const tableName = config.TABLE_NAME;

const catalogue = createCatalogueRepository({ client: dynamoDocumentClient, tableName });
const identity: IdentityPorts = {
  registry: createIdentityRegistry({ client: dynamoDocumentClient, tableName }),
  // No endpoint here: the SDK reads AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, as the local runtime sets it. Built
  // with the first account or client request: catalogue and report requests never need the user pool.
  provider: createCognitoIdentityProvider({
    client: builtOnFirstSend(() => new CognitoIdentityProviderClient({})),
    userPoolId: config.USER_POOL_ID,
    clientAccessTokenMinutes: config.CLIENT_ACCESS_TOKEN_MINUTES,
  }),
  audience: apiAudienceOf(config),
  catalogue,
  clock: systemClock,
  ids: createIdGenerator(),
};

const ports = {
  catalogue,
  identity,
  cases: createCaseFactsRepository({ client: dynamoDocumentClient, tableName }),
  coverage: createCoverageRepository({ client: dynamoDocumentClient, tableName }),
  clock: systemClock,
  webhookRuntime: config.LOTSE_RUNTIME,
  reportingPeriod: config.REPORTING_PERIOD,
} satisfies CatalogueEntitiesPorts &
  ImportCataloguePorts &
  ExportCataloguePorts &
  CoverageReportPorts &
  ListDistrictsPorts;

async function put<K extends EditableKind>(kind: K, id: string, body: EntityBodies[K]): Promise<HttpReply> {
  const result = await putEntity(ports, { kind, id, body });
  countEvent(result.created ? 'CatalogueEntityCreated' : 'CatalogueEntityReplaced');
  logger.info('catalogue entity saved', { kind, id, created: result.created });
  return { statusCode: result.created ? 201 : 200, body: result.entity };
}

async function remove(kind: EditableKind, id: string): Promise<HttpReply> {
  const result = await deleteEntity(ports, { kind, id });
  countEvent('CatalogueEntityDeleted');
  logger.info('catalogue entity deleted', {
    kind,
    id,
    outcome: result.kind,
    ...(result.kind === 'removed'
      ? { disabledAccounts: result.disabled.accounts, disabledClients: result.disabled.clients }
      : {}),
  });
  return result.kind === 'inactive' ? { statusCode: 200, body: result.offer } : { statusCode: 204 };
}

const ok = async (body: Promise<unknown>): Promise<HttpReply> => ({ statusCode: 200, body: await body });

export const handler = serveRoutes('coordinator', catalogue, {
  listOffers: ({ query }) => ok(listEntities(ports, { kind: 'offer', filter: query })),
  getOffer: ({ params }) => ok(getEntity(ports, { kind: 'offer', id: params.offerId })),
  putOffer: ({ params, body }) => put('offer', params.offerId, body),
  deleteOffer: ({ params }) => remove('offer', params.offerId),
  listOffices: () => ok(listEntities(ports, { kind: 'office', filter: {} })),
  getOffice: ({ params }) => ok(getEntity(ports, { kind: 'office', id: params.officeId })),
  putOffice: ({ params, body }) => put('office', params.officeId, body),
  deleteOffice: ({ params }) => remove('office', params.officeId),
  listInstitutions: () => ok(listEntities(ports, { kind: 'institution', filter: {} })),
  getInstitution: ({ params }) => ok(getEntity(ports, { kind: 'institution', id: params.institutionId })),
  putInstitution: ({ params, body }) => put('institution', params.institutionId, body),
  deleteInstitution: ({ params }) => remove('institution', params.institutionId),
  listDistricts: () => ok(listDistricts(ports)),
  importCatalogue: async ({ query, body }) => {
    const report = await importCatalogue(ports, { body, partial: query.partial });
    countEvent('CatalogueImported');
    logger.info('catalogue imported', {
      created: report.created.length,
      updated: report.updated.length,
      unchanged: report.unchanged.length,
      rejected: report.rejected.length,
    });
    return { statusCode: 200, body: report };
  },
  exportCatalogue: ({ query }) => ok(exportCatalogue(ports, query)),
  coverageReport: async ({ query, negotiate }) => {
    const report = await coverageReport(ports, query);
    if (negotiate(['application/json', 'text/csv']) !== 'text/csv') {
      return { statusCode: 200, headers: { vary: 'accept' }, body: report };
    }
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="coverage-${report.from}-${report.to}.csv"`,
        vary: 'accept',
      },
      rawBody: coverageCsv(report),
    };
  },
  // Account and client logs carry ids only: never a name or an e-mail address.
  listAccounts: ({ query }) => ok(listAccounts(identity, query)),
  inviteAccount: async ({ body }) => {
    const account = await inviteAccount(identity, { body });
    countEvent('AccountInvited');
    logger.info('account invited', { accountId: account.accountId, role: account.role });
    return { statusCode: 201, body: account };
  },
  disableAccount: async ({ params }) => {
    const account = await setAccountEnabled(identity, { accountId: params.accountId, enabled: false });
    logger.info('account disabled', { accountId: account.accountId });
    return { statusCode: 200, body: account };
  },
  enableAccount: async ({ params }) => {
    const account = await setAccountEnabled(identity, { accountId: params.accountId, enabled: true });
    logger.info('account enabled', { accountId: account.accountId });
    return { statusCode: 200, body: account };
  },
  deleteAccount: async ({ params }) => {
    await deleteAccount(identity, params);
    logger.info('account deleted', { accountId: params.accountId });
    return { statusCode: 204 };
  },
  listClients: () => ok(listClients(identity)),
  registerClient: async ({ body }) => {
    const client = await registerClient(identity, { body });
    countEvent('ClientRegistered');
    logger.info('client registered', { clientId: client.clientId, role: client.role });
    return { statusCode: 201, body: client };
  },
  deleteClient: async ({ params }) => {
    await deleteClient(identity, params);
    logger.info('client deleted', { clientId: params.clientId });
    return { statusCode: 204 };
  },
});
