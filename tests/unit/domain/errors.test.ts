// Domain errors: one base class, typed data, and the cause kept for logs.
import { describe, expect, it } from 'vitest';
import {
  ChildProtectionConcern,
  DomainError,
  NotFound,
  TemporaryFailure,
  TransitionNotAllowed,
  ValidationFailed,
} from '#domain/errors.ts';

describe('domain errors', () => {
  it('all extend DomainError and Error', () => {
    const errors = [new NotFound(), new TemporaryFailure(), new ValidationFailed([]), new ChildProtectionConcern('x')];

    expect(errors.every((error) => error instanceof DomainError && error instanceof Error)).toBe(true);
  });

  it('keep the cause they were given', () => {
    const cause = new Error('ProvisionedThroughputExceededException');

    expect(new TemporaryFailure(undefined, { cause }).cause).toBe(cause);
  });

  it('carry the field errors of a validation failure', () => {
    const error = new ValidationFailed([{ path: 'urgency', message: 'must be one of: routine, soon, urgent' }]);

    expect(error.errors).toEqual([{ path: 'urgency', message: 'must be one of: routine, soon, urgent' }]);
  });

  it('carry the child-protection contact to show the referrer', () => {
    const error = new ChildProtectionConcern('Jugendamt Musterstadt, Tel. 0231 000000');

    expect(error.contact).toBe('Jugendamt Musterstadt, Tel. 0231 000000');
  });

  it('name the status and the action of a refused transition', () => {
    expect(new TransitionNotAllowed('closed', 'close').message).toBe(
      'The action "close" is not allowed for a case in status "closed".',
    );
  });
});
