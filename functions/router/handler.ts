// Router (SQS routing queue, ReportBatchItemFailures): routes each case named in a message, once, and publishes it.
// The records of a batch are routed at once (two for the same case one after the other); each log line names its
// case, as a shared correlation id would name only one of them.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createNotificationQueue } from '#adapters/notification-queue.ts';
import { type RouteCasePorts, routeCase } from '#application/router/route-case.ts';
import { lazily } from '#domain/lazily.ts';
import { loadConfig, routerConfigSchema } from '#runtime/config.ts';
import { withLambdaObservability } from '#runtime/lambda-middlewares.ts';
import { logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { reportPublishFailure } from '#runtime/publish-failures.ts';
import { processSqsBatch } from '#runtime/sqs-batch.ts';

const config = loadConfig(routerConfigSchema);

const ports: RouteCasePorts = {
  cases: createCaseRepository({
    client: dynamoDocumentClient,
    tableName: config.TABLE_NAME,
    personalTableName: config.PERSONAL_TABLE_NAME,
  }),
  catalogue: createCatalogueRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  clock: systemClock,
  deadlineDays: config.RESPONSE_DEADLINE_DAYS,
  notifications: createNotificationQueue({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL }),
  onPublishFailed: reportPublishFailure,
};

// Built with the first message, not at start-up.
const routingMessageSchema = lazily(() => z.object({ caseId: z.string().min(1).max(128) }));

// The error names no content of the body: a foreign message may carry anything.
function parseRoutingMessage(body: string): z.infer<ReturnType<typeof routingMessageSchema>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('routing message is not JSON');
  }
  const result = routingMessageSchema().safeParse(parsed);
  if (!result.success) throw new Error('routing message is not {"caseId": string}');
  return result.data;
}

async function routeRecord(record: SQSRecord): Promise<void> {
  // A message that is not ours fails (→ DLQ after maxReceiveCount): dropping it silently could hide a lost case.
  const { caseId } = parseRoutingMessage(record.body);
  const outcome = await routeCase(ports, caseId);
  switch (outcome.kind) {
    case 'routed':
      countEvent(outcome.unmatched ? 'CaseRoutedUnmatched' : 'CaseRouted');
      logger.info('case routed', { caseId, officeId: outcome.officeId, proposals: outcome.proposals });
      break;
    case 'escalated':
      countEvent('CaseEscalated');
      logger.info('case escalated', { caseId, reason: outcome.reason });
      break;
    case 'already-handled':
      countEvent('RoutingDuplicate');
      logger.info('duplicate routing message ignored', { caseId, status: outcome.status });
      break;
    case 'not-found':
      countEvent('RoutingCaseMissing');
      logger.warn('routing message for a case that does not exist', { caseId });
      break;
  }
}

/** The case a record names, to keep two messages for one case in order; none for a message that is not ours. */
function caseOf(record: SQSRecord): string | undefined {
  try {
    return parseRoutingMessage(record.body).caseId;
  } catch {
    return undefined;
  }
}

export const handler = withLambdaObservability((event: SQSEvent) =>
  processSqsBatch(event, routeRecord, { inParallel: true, orderingKey: caseOf }),
);
