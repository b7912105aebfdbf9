// The one structured logger of a function instance. Log lines carry ids only, never personal data.
import { Logger } from '@aws-lambda-powertools/logger';

// Service name and level come from POWERTOOLS_SERVICE_NAME and LOG_LEVEL (set by infra for every function). The
// Lambda context (request id, cold start) is added per invocation by `lambdaObservability()`.
export const logger = new Logger();

/** Marks every following log line of this invocation with the case it concerns (correlation id = case id). */
export function correlateWithCase(caseId: string): void {
  logger.setCorrelationId(caseId);
}

/**
 * Forgets the case of the previous unit of work (an SQS record), so its id never leaks into the next one's log
 * lines. `lambdaObservability()` does the same at the end of every invocation.
 */
export function forgetCase(): void {
  logger.resetKeys();
}
