import { describe, expect, it } from 'vitest';
import {
  ChildProtectionConcern,
  ConsentRequired,
  Forbidden,
  IdempotencyInFlight,
  IdempotencyKeyReused,
  MalformedJson,
  NotFound,
  OutsideServiceArea,
  PayloadTooLarge,
  TemporaryFailure,
  TransitionNotAllowed,
  Unauthorized,
  UnsupportedMediaType,
  ValidationFailed,
  VersionConflict,
} from '#domain/errors.ts';
import { problemResponse, toProblem } from '#http/problem.ts';

describe('toProblem', () => {
  it.each([
    [new ValidationFailed([{ path: 'postalCode', message: 'must be five digits' }]), 400, 'validation'],
    [new MalformedJson(), 400, 'validation'],
    [new Unauthorized(), 401, 'unauthorized'],
    [new Forbidden(), 403, 'forbidden'],
    [new NotFound(), 404, 'not-found'],
    [new IdempotencyInFlight(), 409, 'conflict'],
    [new TransitionNotAllowed('closed', 'accept'), 409, 'conflict'],
    [new VersionConflict(), 412, 'precondition-failed'],
    [new PayloadTooLarge(32768), 413, 'payload-too-large'],
    [new UnsupportedMediaType(), 415, 'unsupported-media-type'],
    [new IdempotencyKeyReused(), 422, 'idempotency-key-reused'],
    [new ConsentRequired(), 422, 'consent-required'],
    [new ChildProtectionConcern('Jugendamt X'), 422, 'child-protection'],
    [new OutsideServiceArea(), 422, 'outside-service-area'],
    [new TemporaryFailure(), 503, 'unavailable'],
  ])('maps %o to %i %s', (error, status, type) => {
    const problem = toProblem(error);

    expect([problem.status, problem.type]).toEqual([status, type]);
  });

  it('lists the field errors of a validation problem', () => {
    const problem = toProblem(
      new ValidationFailed([{ path: 'children.0.birthDate', message: 'must not be in the future' }]),
    );

    expect(problem.errors).toEqual([{ path: 'children.0.birthDate', message: 'must not be in the future' }]);
  });

  it('names the child-protection contact in the detail', () => {
    expect(toProblem(new ChildProtectionConcern('Jugendamt Musterstadt, ASD')).detail).toContain(
      'Jugendamt Musterstadt, ASD',
    );
  });

  it('answers an unknown error with a generic 500 that reveals nothing', () => {
    const problem = toProblem(
      new Error('ValidationException: One or more parameter values were invalid: Maria Muster'),
    );

    expect(problem).toEqual({
      type: 'internal',
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred. It has been logged.',
    });
  });

  it('keeps the text of a temporary failure out of the 503 body', () => {
    const problem = toProblem(new TemporaryFailure('TransactWriteItems failed temporarily: ThrottlingException'));

    expect(problem.detail).not.toContain('Throttling');
  });
});

describe('problemResponse', () => {
  it('sends a 503 with Retry-After as problem+json', () => {
    const response = problemResponse(toProblem(new TemporaryFailure()));

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
  });

  it('sends no Retry-After with a client error', () => {
    expect(problemResponse(toProblem(new NotFound())).headers).not.toHaveProperty('retry-after');
  });
});
