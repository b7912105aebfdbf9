// Plain JSON values: objects told from other values, and the canonical text used to compare and hash them.
import { describe, expect, it } from 'vitest';
import { canonicalJson, isRecord } from '#domain/json-value.ts';

describe('isRecord', () => {
  it('accepts a JSON object', () => {
    expect(isRecord({ id: 'nord' })).toBe(true);
  });

  it.each([null, [], 'text', 3, undefined])('refuses %j', (value) => {
    expect(isRecord(value)).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('writes the same text whatever the key order, at every depth', () => {
    const one = canonicalJson({ b: 1, a: { d: [1, 2], c: null } });
    const other = canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 });

    expect(one).toBe(other);
    expect(one).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
  });

  it('keeps the order of arrays, which carries meaning', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('leaves out fields whose value is undefined, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });
});
