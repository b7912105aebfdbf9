// Turning zod issues into field errors: dot paths, unknown keys per key, one entry per path.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { toFieldErrors } from '#domain/zod-issues.ts';

describe('toFieldErrors', () => {
  it('joins nested paths with dots, array indexes included', () => {
    const result = z.object({ a: z.array(z.object({ b: z.string() })) }).safeParse({ a: [{ b: 'x' }, { b: 1 }] });

    expect(result.success ? [] : toFieldErrors(result.error).map((error) => error.path)).toEqual(['a.1.b']);
  });

  it('reports each unknown key at its own path', () => {
    const result = z.strictObject({ a: z.strictObject({}) }).safeParse({ a: { x: 1, y: 2 } });

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([
      { path: 'a.x', message: 'is not a known field' },
      { path: 'a.y', message: 'is not a known field' },
    ]);
  });

  it('keeps only the first message per path', () => {
    const result = z.string().min(5, 'too short').regex(/^\d+$/, 'digits only').safeParse('ab');

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([{ path: '', message: 'too short' }]);
  });
});
