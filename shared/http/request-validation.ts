// Middleware: parses the path parameters, query, headers and body with the route's zod schemas.
import type { MiddlewareObj } from '@middy/core';
import type * as z from 'zod';
import type { Checked } from '#application/checked.ts';
import { DomainError, NotFound, ValidationFailed } from '#domain/errors.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';
import { type HttpEvent, type HttpResult, header, requestState } from './http-event.ts';

export interface ValidationOptions {
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  /** Request headers by their canonical names (each looked up case-insensitively). */
  headers?: z.ZodObject | undefined;
  body?: z.ZodType | undefined;
}

/** Parses `value` (400 with one error per field, unknown fields included: the schemas are strict). */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationFailed(toFieldErrors(result.error));
}

/** The verdict of `schema` on `value`, for a use case to raise at its turn (see `Checked`). */
export function checkLater<T extends z.ZodType>(schema: T | undefined, read: () => unknown): Checked<z.output<T>> {
  try {
    const value = read();
    return { ok: true, value: schema ? parseOrThrow(schema, value) : (value as z.output<T>) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error };
    throw error;
  }
}

/**
 * A path parameter that cannot be an id answers 404, exactly as an id that does not exist. Query parameters, headers
 * and the body answer 400 `validation` naming each field, checked in that order.
 */
export function requestValidation(options: ValidationOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const { params, query, headers, body } = options;
  return {
    name: 'requestValidation',
    before: (request) => {
      const { event } = request;
      const state = requestState(event);
      if (params) {
        const result = params.safeParse(event.pathParameters ?? {});
        if (!result.success) throw new NotFound();
        state.params = result.data;
      }
      if (query) state.query = parseOrThrow(query, { ...event.queryStringParameters });
      if (headers) {
        const values = Object.fromEntries(Object.keys(headers.shape).map((name) => [name, header(event, name)]));
        state.headers = parseOrThrow(headers, values);
      }
      if (body) state.body = parseOrThrow(body, state.body);
    },
  };
}
