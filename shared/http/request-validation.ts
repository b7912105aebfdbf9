// Middleware: validates the parsed body and the path parameters with the route's zod schemas.
import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { NotFound, ValidationFailed } from '#domain/errors.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';
import { type HttpEvent, type HttpResult, requestState } from './http-event.ts';

export interface ValidationOptions {
  body?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
}

/**
 * Body violations answer 400 `validation` with one error per field (unknown fields included: the schemas are
 * strict). A path parameter that cannot be an id answers 404, exactly as an id that does not exist.
 */
export function requestValidation(options: ValidationOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const { body, params } = options;
  return {
    name: 'requestValidation',
    before: (request) => {
      const state = requestState(request.event);
      if (params) {
        const result = params.safeParse(request.event.pathParameters ?? {});
        if (!result.success) throw new NotFound();
        state.params = result.data;
      }
      if (body) {
        const result = body.safeParse(state.body);
        if (!result.success) throw new ValidationFailed(toFieldErrors(result.error));
        state.body = result.data;
      }
    },
  };
}

/** Validates a value inside a use case (where the order of checks puts it after others): 400 with field errors. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationFailed(toFieldErrors(result.error));
}
