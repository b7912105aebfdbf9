// Cognito's pre-token-generation trigger (event versions V2_0 for people, V3_0 for client-credentials tokens): sets
// the access token's role scope and binding claim from the registration alone, or strips every role scope.
import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { createIdentityRegistry } from '#adapters/identity-registry.ts';
import { grantToken, type TokenGrantPorts, type TokenSubject } from '#application/identity/token-grant.ts';
import { ROLE_SCOPES } from '#domain/identity.ts';
import { loadConfig, tokenConfigSchema } from '#runtime/config.ts';
import { withLambdaObservability } from '#runtime/lambda-middlewares.ts';
import { logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';

const config = loadConfig(tokenConfigSchema);

const ports: TokenGrantPorts = {
  registry: createIdentityRegistry({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  catalogue: createCatalogueRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
};

/** The parts of Cognito's pre-token-generation event (V2_0 and V3_0) the trigger reads and writes. */
export type TokenGenerationEvent = {
  version: string;
  triggerSource: string;
  userName?: string;
  callerContext: { clientId: string };
  request: {
    groupConfiguration?: { groupsToOverride?: string[] };
    scopes?: string[];
  };
  response: Record<string, unknown>;
};

const CLIENT_CREDENTIALS = 'TokenGeneration_ClientCredentials';

function subjectOf(event: TokenGenerationEvent): TokenSubject | undefined {
  if (event.triggerSource === CLIENT_CREDENTIALS) return { kind: 'client', clientId: event.callerContext.clientId };
  if (typeof event.userName !== 'string' || event.userName === '') return undefined;
  return {
    kind: 'person',
    accountId: event.userName,
    groups: event.request.groupConfiguration?.groupsToOverride ?? [],
  };
}

export const handler = withLambdaObservability(async (event: TokenGenerationEvent) => {
  const subject = subjectOf(event);
  const grant = subject === undefined ? undefined : await grantToken(ports, subject);
  // Ids only: the client id or the account id (a random UUID), never a name or e-mail.
  logger.info('token grant decided', {
    subject: subject?.kind ?? 'unknown',
    granted: grant !== undefined,
    triggerSource: event.triggerSource,
  });
  countEvent(grant === undefined ? 'TokenRefused' : 'TokenGranted');
  const requested = event.request.scopes ?? [];
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: {
        claimsToAddOrOverride: grant?.claims ?? {},
        scopesToAdd: grant === undefined || requested.includes(grant.scope) ? [] : [grant.scope],
        scopesToSuppress: ROLE_SCOPES.filter((scope) => scope !== grant?.scope),
      },
    },
  };
  return event;
});
