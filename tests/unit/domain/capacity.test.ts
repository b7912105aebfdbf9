import { describe, expect, it } from 'vitest';
import { capacityAfterConnection, takesPlaces } from '#domain/capacity.ts';

describe('how a connection uses an offer’s capacity', () => {
  it('takes one place where capacity is tracked and places are left', () => {
    expect(capacityAfterConnection({ available: 2, maximum: 5 })).toEqual({ available: 1, maximum: 5 });
    expect(capacityAfterConnection({ available: 1 })).toEqual({ available: 0 });
  });

  it('never takes capacity below zero', () => {
    expect(takesPlaces({ available: 0, maximum: 5 })).toBe(false);
    expect(capacityAfterConnection({ available: 0, maximum: 5 })).toEqual({ available: 0, maximum: 5 });
  });

  it('leaves an offer that does not track capacity as it is', () => {
    expect(takesPlaces(undefined)).toBe(false);
    expect(capacityAfterConnection(undefined)).toBeUndefined();
  });
});
