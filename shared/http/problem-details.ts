// Middleware: turns any error of the chain into its problem+json response (mapping in problem.ts) and logs it.
import type { MiddlewareObj } from '@middy/core';
import { logger } from '#runtime/logger.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { problemResponse, toProblem } from './problem.ts';

export function problemDetails(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'problemDetails',
    onError: (request) => {
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
