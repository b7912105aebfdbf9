// What every publishing function does when a notification could not be sent: count it, log ids, leave it to the sweeper.
import type { NotificationMessage } from '#domain/domain-events.ts';
import { logger } from './logger.ts';
import { countEvent } from './metrics.ts';

export function reportPublishFailure(message: NotificationMessage, error: unknown): void {
  countEvent('NotificationPublishFailed');
  logger.warn('notification not sent; the sweeper will re-publish it', {
    caseId: message.caseId,
    eventId: message.eventId,
    type: message.type,
    error: error instanceof Error ? error : undefined,
  });
}
