// Sweeper (EventBridge schedule): re-sends routing of stuck cases, escalates missed deadlines, re-publishes the outbox,
// erases cases past their retention time, and keeps the API's audience equal to the registered clients (healing a lost race or a redeployed authorizer).
import * as z from 'zod';
import { apiAudienceOf } from '#adapters/api-audience.ts';
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createIdentityRegistry } from '#adapters/identity-registry.ts';
import { createNotificationQueue } from '#adapters/notification-queue.ts';
import { createRoutingQueue } from '#adapters/routing-queue.ts';
import { syncApiAudience } from '#application/identity/accounts.ts';
import { type SweepPorts, sweep } from '#application/sweeper/sweep.ts';
import { lazily } from '#domain/lazily.ts';
import { loadConfig, sweeperConfigSchema } from '#runtime/config.ts';
import { withLambdaObservability } from '#runtime/lambda-middlewares.ts';
import { logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { reportPublishFailure } from '#runtime/publish-failures.ts';

const config = loadConfig(sweeperConfigSchema);

const ports: SweepPorts = {
  cases: createCaseRepository({
    client: dynamoDocumentClient,
    tableName: config.TABLE_NAME,
    personalTableName: config.PERSONAL_TABLE_NAME,
  }),
  routingQueue: createRoutingQueue({ client: sqsClient, queueUrl: config.ROUTING_QUEUE_URL }),
  notifications: createNotificationQueue({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL }),
  onPublishFailed: reportPublishFailure,
  clock: systemClock,
  retention: { closedDays: config.RETENTION_DAYS, openDays: config.OPEN_CASE_RETENTION_DAYS },
};

const audiencePorts = {
  registry: createIdentityRegistry({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  audience: apiAudienceOf(config),
};

/** A failure here must not fail the sweep: the next run tries again. */
async function reconcileAudience(): Promise<void> {
  try {
    await syncApiAudience(audiencePorts);
  } catch (error) {
    countEvent('AudienceSyncFailures');
    logger.error('API audience not reconciled', { error });
  }
}

// EventBridge's scheduled event carries `time` (RFC 3339); tests and operators may pass a shorter threshold or a
// later time. Other fields are ignored.
// Built with the first event, not at start-up.
const sweepEventSchema = lazily(() =>
  z
    .object({
      olderThanSeconds: z.number().int().nonnegative().optional(),
      time: z.iso.datetime({ offset: true }).optional(),
    })
    .loose(),
);

export const handler = withLambdaObservability(async (event: unknown) => {
  const { olderThanSeconds = config.STUCK_AFTER_SECONDS, time } = sweepEventSchema().parse(event ?? {});
  const result = await sweep(ports, { olderThanSeconds, ...(time ? { now: new Date(time) } : {}) });
  await reconcileAudience();
  countEvent('SweepReenqueued', result.enqueued);
  countEvent('SweepDeadlineEscalated', result.deadlines.escalated);
  countEvent('SweepOutboxRepublished', result.outbox.published);
  countEvent('SweepRetentionErased', result.retention.erased);
  const failures = result.failed + result.deadlines.failed + result.outbox.failed + result.retention.failed;
  if (failures > 0) countEvent('SweepFailures', failures);
  // Counts only: the ids are in the log lines of the functions that pick the messages up.
  if (failures > 0) logger.error('sweep finished with failures', { olderThanSeconds, ...result });
  else logger.info('sweep finished', { olderThanSeconds, ...result });
  return result;
});
