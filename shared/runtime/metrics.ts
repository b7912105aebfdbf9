// The one EMF metrics emitter of a function instance. Metric names and dimensions never carry personal data.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

// Namespace and service come from POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME.
export const metrics = new Metrics();

/** Counts one occurrence of a business event (e.g. ReferralReceived). */
export function countEvent(name: string, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** Writes the metrics collected during an invocation; called once at the end of every invocation. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
