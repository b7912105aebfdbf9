// Notifier (SQS notification queue, ReportBatchItemFailures): delivers each notification to its office's webhook.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseFactsRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createNotificationRedelivery } from '#adapters/notification-queue.ts';
import { secretsManagerClient } from '#adapters/secrets-client.ts';
import { createWebhookClient } from '#adapters/webhook-client.ts';
import { createWebhookSecrets } from '#adapters/webhook-secrets.ts';
import {
  type DeliverNotificationPorts,
  type DeliveryOutcome,
  deliverNotification,
  parseNotificationMessage,
  redeliveryDelaySeconds,
} from '#application/notifier/deliver-notification.ts';
import { loadConfig } from '#runtime/config.ts';
import { withLambdaObservability } from '#runtime/lambda-middlewares.ts';
import { correlateWithCase, logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { processSqsBatch } from '#runtime/sqs-batch.ts';
import { notifierConfigSchema } from './config.ts';

const config = loadConfig(notifierConfigSchema);

const ports: DeliverNotificationPorts = {
  catalogue: createCatalogueRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  cases: createCaseFactsRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  secrets: createWebhookSecrets({ client: secretsManagerClient, secretId: config.WEBHOOK_SECRET_ARN }),
  webhooks: createWebhookClient({ runtime: config.LOTSE_RUNTIME }),
  clock: systemClock,
};
const redelivery = createNotificationRedelivery({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL });

/** Makes the batch report the record; the message names the office and the reason, never the URL or a body. */
class DeliveryFailed extends Error {
  constructor(outcome: Extract<DeliveryOutcome, { kind: 'failed' }>) {
    super(`webhook delivery to office ${outcome.officeId} failed: ${outcome.reason}`);
    this.name = 'DeliveryFailed';
  }
}

// The retry comes after the backoff instead of the queue's visibility timeout. If the change itself fails, the
// record is still reported: it then comes back after the visibility timeout, which only shortens the pause.
async function backOff(record: SQSRecord): Promise<void> {
  const seconds = redeliveryDelaySeconds(Number(record.attributes?.ApproximateReceiveCount));
  try {
    await redelivery.delay(record.receiptHandle, seconds);
  } catch (error) {
    logger.warn('could not delay the redelivery of a failed notification', {
      messageId: record.messageId,
      error: error instanceof Error ? error : 'non-error rejection',
    });
  }
}

/** Failures an operator must act on have their own metric; the receiver's are WebhookFailed. */
const FAILURE_METRICS: Partial<Record<Extract<DeliveryOutcome, { kind: 'failed' }>['reason'], string>> = {
  'secret-missing': 'WebhookSecretMissing',
  refused: 'WebhookRefused',
};

function logOutcome(outcome: DeliveryOutcome, eventId: string, type: string): void {
  switch (outcome.kind) {
    case 'delivered':
      countEvent('WebhookDelivered');
      logger.info('webhook delivered', { eventId, type, officeId: outcome.officeId, status: outcome.status });
      break;
    case 'skipped':
      countEvent('WebhookSkipped');
      logger.info('notification needs no delivery', { eventId, type, reason: outcome.reason });
      break;
    case 'failed':
      countEvent(FAILURE_METRICS[outcome.reason] ?? 'WebhookFailed');
      if (outcome.reason === 'refused') {
        // The rule only: the URL's path and query may hold a receiver's token, and the office id says whose it is.
        logger.warn('webhook delivery refused', { eventId, type, officeId: outcome.officeId, reason: outcome.rule });
      } else if (outcome.reason === 'secret-missing') {
        // A configuration error, not the receiver's: an operator must repair the deployment's webhook secret.
        logger.error('webhook secret missing for office', { officeId: outcome.officeId });
      } else {
        logger.warn('webhook delivery failed', {
          eventId,
          type,
          officeId: outcome.officeId,
          reason: outcome.reason,
          ...('status' in outcome ? { status: outcome.status } : {}),
          ...('code' in outcome ? { code: outcome.code } : {}),
        });
      }
      break;
  }
}

async function notifyRecord(record: SQSRecord): Promise<void> {
  // A message that is not a notification fails without backoff (→ DLQ after maxReceiveCount) for someone to inspect.
  const message = parseNotificationMessage(record.body);
  correlateWithCase(message.caseId);
  let outcome: DeliveryOutcome;
  try {
    outcome = await deliverNotification(ports, message);
  } catch (error) {
    await backOff(record);
    throw error;
  }
  logOutcome(outcome, message.eventId, message.type);
  if (outcome.kind === 'failed') {
    await backOff(record);
    throw new DeliveryFailed(outcome);
  }
}

export const handler = withLambdaObservability((event: SQSEvent) => processSqsBatch(event, notifyRecord));
