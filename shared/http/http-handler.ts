// Composes the middleware stack of an HTTP function around a thin route handler.
import middy from '@middy/core';
import type { z } from 'zod';
import type { Principal } from '#domain/case.ts';
import { type HttpEvent, type HttpResult, header } from './http-event.ts';
import { jsonBody } from './json-body.ts';
import { type PrincipalOptions, principalMiddleware } from './principal-middleware.ts';
import { problemDetails } from './problem-details.ts';
import { requestLogging } from './request-logging.ts';
import { requestValidation } from './request-validation.ts';

export interface RouteDefinition<TBody, TParams> extends PrincipalOptions {
  /** Present when the route takes a JSON body; without a schema the parsed JSON is handed on unvalidated. */
  body?: { schema?: z.ZodType<TBody> };
  params?: z.ZodType<TParams>;
}

export interface HttpRequest<TBody, TParams> {
  principal: Principal;
  body: TBody;
  params: TParams;
  header(name: string): string | undefined;
}

export interface HttpReply {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function jsonResponse(reply: HttpReply): HttpResult {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.body === undefined) return { statusCode: reply.statusCode, headers };
  headers['content-type'] = 'application/json';
  return { statusCode: reply.statusCode, headers, body: JSON.stringify(reply.body) };
}

/**
 * The handler of one route. Order (before): logging → principal (401/403) → JSON body (413/415/400) → validation
 * (400/404) → route handler. On error, problemDetails (used last, so its onError runs first) maps the error.
 */
export function createHttpHandler<TBody = unknown, TParams = Record<string, string>>(
  route: RouteDefinition<TBody, TParams>,
  handle: (request: HttpRequest<TBody, TParams>) => Promise<HttpReply>,
) {
  const stack = middy<HttpEvent, HttpResult>().use(requestLogging()).use(principalMiddleware(route));
  if (route.body) stack.use(jsonBody());
  if (route.body?.schema || route.params)
    stack.use(requestValidation({ body: route.body?.schema, params: route.params }));
  stack.use(problemDetails());
  return stack.handler(async (event: HttpEvent) => {
    const state = event.lotse;
    if (!state?.principal) throw new Error('principal middleware did not run');
    const reply = await handle({
      principal: state.principal,
      body: state.body as TBody,
      params: (state.params ?? event.pathParameters ?? {}) as TParams,
      header: (name) => header(event, name),
    });
    return jsonResponse(reply);
  });
}
