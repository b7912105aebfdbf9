// The HTTP event the functions receive (API Gateway HTTP API, payload 2.0) plus what the middleware derived from it.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Principal } from '#domain/case.ts';

/** Filled by the middleware in order; the handler reads it only after all of them ran. */
export interface RequestState {
  startedAt: number;
  principal?: Principal;
  body?: unknown;
  params?: unknown;
  query?: unknown;
  headers?: unknown;
}

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer & { lotse?: RequestState };
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The request state, created on first use (the logging middleware normally creates it). */
export function requestState(event: HttpEvent): RequestState {
  event.lotse ??= { startedAt: performance.now() };
  return event.lotse;
}

/**
 * A request header by name. HTTP API payload 2.0 lowercases header names; the fallback scan keeps hand-made
 * events (tests, local tools) working too.
 */
export function header(event: HttpEvent, name: string): string | undefined {
  const headers = event.headers;
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  const direct = headers[lower];
  if (direct !== undefined) return direct;
  for (const key in headers) {
    if (key.toLowerCase() === lower) return headers[key];
  }
  return undefined;
}
