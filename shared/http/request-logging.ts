// Middleware: one completion line per request (route, request id, status, duration; never the event's content).
import type { MiddlewareObj } from '@middy/core';
import { logger } from '#runtime/logger.ts';
import { type HttpEvent, type HttpResult, requestState } from './http-event.ts';

export function requestLogging(): MiddlewareObj<HttpEvent, HttpResult> {
  const complete = (event: HttpEvent, response: HttpResult | null | undefined) => {
    const status = response?.statusCode ?? 500;
    const line = {
      route: event.routeKey,
      requestId: event.requestContext?.requestId,
      status,
      durationMs: Math.round((performance.now() - requestState(event).startedAt) * 1000) / 1000,
    };
    // Successful requests are in the API access log already; log them only at debug level to keep the path cheap.
    if (status >= 500) logger.error('request failed', line);
    else if (status >= 400) logger.info('request rejected', line);
    else logger.debug('request completed', line);
  };
  return {
    name: 'requestLogging',
    before: (request) => {
      request.event.lotse = { startedAt: performance.now() };
    },
    after: (request) => complete(request.event, request.response),
    onError: (request) => complete(request.event, request.response),
  };
}
