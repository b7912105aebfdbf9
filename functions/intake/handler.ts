// The intake function (role referrer): takes a referral in, stores it and asks for its routing.
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createSecretBodyHasher } from '#adapters/body-hasher.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createIdGenerator } from '#adapters/ids.ts';
import { createRoutingQueue } from '#adapters/routing-queue.ts';
import { secretsManagerClient } from '#adapters/secrets-client.ts';
import { createStatsRepository } from '#adapters/stats-repository.ts';
import { type SubmitReferralPorts, submitReferral } from '#application/intake/submit-referral.ts';
import { serveRoutes } from '#http/http-handler.ts';
import { pathOf, ROUTES } from '#http/routes.ts';
import { intakeConfigSchema, loadConfig } from '#runtime/config.ts';
import { correlateWithCase, logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';

const config = loadConfig(intakeConfigSchema);
const tableName = config.TABLE_NAME;

const catalogue = createCatalogueRepository({ client: dynamoDocumentClient, tableName });

const ports: SubmitReferralPorts = {
  catalogue,
  cases: createCaseRepository({
    client: dynamoDocumentClient,
    tableName,
    personalTableName: config.PERSONAL_TABLE_NAME,
  }),
  counters: createStatsRepository({ client: dynamoDocumentClient, tableName }),
  routingQueue: createRoutingQueue({ client: sqsClient, queueUrl: config.ROUTING_QUEUE_URL }),
  clock: systemClock,
  ids: createIdGenerator(),
  bodyHasher: createSecretBodyHasher({ client: secretsManagerClient, secretId: config.BODY_HASH_SECRET_ARN }),
  onEnqueueFailed: (caseId, error) => {
    countEvent('RoutingEnqueueFailed');
    logger.warn('routing message not sent; the sweeper will re-send it', {
      caseId,
      error: error instanceof Error ? error : undefined,
    });
  },
};

export const handler = serveRoutes('intake', catalogue, {
  submitReferral: async ({ principal, body, headers }) => {
    const result = await submitReferral(ports, { principal, body, idempotencyKey: headers['Idempotency-Key'] });
    correlateWithCase(result.referralId);
    countEvent(result.replayed ? 'ReferralReplayed' : 'ReferralReceived');
    logger.info(result.replayed ? 'referral replayed' : 'referral received', { caseId: result.referralId });
    const self = pathOf(ROUTES.getReferral, { referralId: result.referralId });
    return {
      statusCode: 202,
      headers: { location: self },
      body: { referralId: result.referralId, status: 'received', links: { self } },
    };
  },
});
