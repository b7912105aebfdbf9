// The middy middlewares every Lotse function runs first: Lambda context on each log line, ColdStart metric, EMF flush.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';
import { metrics } from './metrics.ts';

/**
 * Use first (outermost) in a middy stack: its `before` runs before any other, its `after`/`onError` last, so every
 * log line of the invocation carries `function_request_id` and `cold_start`, metrics counted anywhere are flushed,
 * and the case id set by `correlateWithCase` is cleared when the invocation ends. A later middleware that returns a
 * response from `before` skips the `after` chain (middy's early response): throw, or set `request.response`.
 */
export function lambdaObservability(): MiddlewareObj[] {
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    // An invocation that counts no business event is normal here (reads), so empty metrics must not fail it.
    logMetrics(metrics, { captureColdStartMetric: true, throwOnEmptyMetrics: false }),
  ];
}

/**
 * A queue or scheduled function's handler behind `lambdaObservability()`. The context is optional in the type, as
 * tests call handlers with the event alone; middy then passes `{}` and the log lines carry no request id.
 */
export function withLambdaObservability<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
): (event: TEvent, context?: Context) => Promise<TResult> {
  // middy's call signatures also admit a callback-style result; this handler always returns a promise.
  return middy<TEvent, TResult>(handler).use(lambdaObservability()) as (
    event: TEvent,
    context?: Context,
  ) => Promise<TResult>;
}
