// The one structured logger of a function instance. Log lines carry ids only, never personal data.
import { Logger } from '@aws-lambda-powertools/logger';

// Service name and level come from POWERTOOLS_SERVICE_NAME and LOG_LEVEL (set by infra for every function).
export const logger = new Logger();

/** Marks every following log line of this invocation with the case it concerns (correlation id = case id). */
export function correlateWithCase(caseId: string): void {
  logger.setCorrelationId(caseId);
}

/** Clears per-invocation keys so one invocation's case id never leaks into the next one's log lines. */
export function startInvocationLogging(): void {
  logger.resetKeys();
}
