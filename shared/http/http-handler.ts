// Composes the middleware stack of an HTTP function around a thin route handler.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Principal } from '#domain/case.ts';
import { NotFound } from '#domain/errors.ts';
import { type HttpEvent, type HttpResult, header } from './http-event.ts';
import { jsonBody, readJsonBody } from './json-body.ts';
import { type PrincipalOptions, principalMiddleware } from './principal-middleware.ts';
import { problemResponse, toProblem } from './problem.ts';
import { problemDetails } from './problem-details.ts';
import { requestLogging } from './request-logging.ts';
import { requestValidation } from './request-validation.ts';

export interface RouteDefinition<TBody, TParams> extends PrincipalOptions {
  /**
   * Present when the route takes a JSON body; without a schema the parsed JSON is handed on unvalidated. `maxBytes`
   * raises the 32 KiB cap for this route only (the catalogue import).
   */
  body?: { schema?: z.ZodType<TBody>; maxBytes?: number };
  params?: z.ZodType<TParams>;
}

export interface HttpRequest<TBody, TParams> {
  principal: Principal;
  body: TBody;
  params: TParams;
  /** Query string parameters (a repeated name arrives comma-joined, as API Gateway payload 2.0 delivers it). */
  query: Record<string, string | undefined>;
  header(name: string): string | undefined;
  /**
   * The JSON body, read on demand (413/415/400 as the jsonBody middleware). For routes whose use case must answer
   * 404 before looking at the body (the case transitions), so they declare no `body` and call this after the lookup.
   */
  readBody(): unknown;
}

export interface HttpReply {
  statusCode: number;
  body?: unknown;
  /** A body sent as it is instead of JSON (e.g. CSV); `headers` then names its content-type. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export function jsonResponse(reply: HttpReply): HttpResult {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.rawBody !== undefined) return { statusCode: reply.statusCode, headers, body: reply.rawBody };
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
  if (route.body) stack.use(jsonBody(route.body.maxBytes));
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
      query: { ...event.queryStringParameters },
      header: (name) => header(event, name),
      readBody: () => readJsonBody(event, route.body?.maxBytes),
    });
    return jsonResponse(reply);
  });
}

export type HttpFunction = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * One function serving several routes: picks the handler by the route key of the HTTP API route
 * (`POST /v1/cases/{caseId}/accept`). A route key without a handler (a deployment mismatch) answers 404.
 */
export function routeByKey(routes: Readonly<Record<string, HttpFunction>>): HttpFunction {
  return async (event, context) => {
    const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (!route) return problemResponse(toProblem(new NotFound('route')));
    return route(event, context);
  };
}
