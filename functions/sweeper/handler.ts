// Sweeper (EventBridge schedule): re-enqueues routing for cases still `received` after STUCK_AFTER_SECONDS.
import { z } from 'zod';
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createRoutingQueue } from '#adapters/routing-queue.ts';
import { loadConfig, sweeperConfigSchema } from '#runtime/config.ts';
import { logger, startInvocationLogging } from '#runtime/logger.ts';
import { countEvent, flushMetrics } from '#runtime/metrics.ts';
import { type SweepPorts, sweep } from './sweep.ts';

const config = loadConfig(sweeperConfigSchema);

const ports: SweepPorts = {
  cases: createCaseRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  routingQueue: createRoutingQueue({ client: sqsClient, queueUrl: config.ROUTING_QUEUE_URL }),
  clock: systemClock,
};

// The scheduled event is `{}`; tests and operators may pass a shorter threshold. Other fields are ignored.
const sweepEventSchema = z.object({ olderThanSeconds: z.number().int().nonnegative().optional() }).loose();

export async function handler(event: unknown) {
  startInvocationLogging();
  try {
    const { olderThanSeconds = config.STUCK_AFTER_SECONDS } = sweepEventSchema.parse(event ?? {});
    const result = await sweep(ports, { olderThanSeconds });
    countEvent('SweepReenqueued', result.enqueued);
    if (result.failed > 0) countEvent('SweepEnqueueFailed', result.failed);
    // Counts only: the ids are in the router's log lines when it picks the messages up.
    if (result.failed > 0) logger.error('sweep finished with failed sends', { olderThanSeconds, ...result });
    else logger.info('sweep finished', { olderThanSeconds, ...result });
    return result;
  } finally {
    flushMetrics();
  }
}
