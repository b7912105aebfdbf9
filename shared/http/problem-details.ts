// Middleware: turns a known error of the chain into its problem+json response (mapping in problem.ts); an unexpected
// error is logged and fails the invocation, so the client sees API Gateway's own 500.
import type { MiddlewareObj } from '@middy/core';
import { logger } from '#runtime/logger.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { isUnexpected, problemResponse, toProblem } from './problem.ts';

/**
 * A known error (a domain error, a classified temporary failure) becomes its problem response. An unexpected error
 * (a bug, an unclassified SDK failure) is logged here, then left to fail the invocation: API Gateway answers it with its
 * own `500 {"message":"Internal Server Error"}`, the answer a client also gets when a function times out or runs out
 * of memory, so a client meets one kind of crash answer, not two. Clients retry any 5xx with the same Idempotency-Key.
 */
export function problemDetails(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'problemDetails',
    onError: (request) => {
      if (isUnexpected(request.error)) {
        // The error chain goes to the log (ids and error chain only: our errors never carry personal data, and SDK
        // messages name no values), never to the client.
        logger.error('unexpected error: the invocation fails', {
          route: request.event.routeKey,
          error: request.error ?? undefined,
        });
        return;
      }
      const problem = toProblem(request.error);
      if (problem.status >= 500) {
        // The cause goes to the log (ids and error chain only), never to the client.
        logger.error('request error', {
          route: request.event.routeKey,
          problem: problem.type,
          error: request.error ?? undefined,
        });
      }
      // Set, not returned: the logging middleware's onError still runs and records the final status.
      request.response = problemResponse(problem);
    },
  };
}
