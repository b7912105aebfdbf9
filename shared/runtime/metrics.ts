// The one EMF metrics emitter of a function instance. Metric names and dimensions never carry personal data.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.ts';

// The logMetrics middleware flushes after every invocation, and most invocations (reads) count nothing: its notice
// about an empty flush would be a warning line per such invocation, so it goes to debug. Metrics' other notices (an
// invalid metric or dimension) stay warnings, in the structured log with the request id.
const EMPTY_FLUSH_NOTICE = 'No application metrics to publish';
const diagnostics = {
  debug: (message: string) => logger.debug(message),
  info: (message: string) => logger.info(message),
  warn: (message: string) => (message.startsWith(EMPTY_FLUSH_NOTICE) ? logger.debug(message) : logger.warn(message)),
  error: (message: string) => logger.error(message),
};

// Namespace and service come from POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME.
export const metrics = new Metrics({ logger: diagnostics });

/** Counts one occurrence of a business event (e.g. ReferralReceived); `lambdaObservability()` flushes it. */
export function countEvent(name: string, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}
