// Name-based UUIDs (RFC 9562, version 5): the RFC's own example, the version and variant bits, stable namespaces.
import { describe, expect, it } from 'vitest';
import { LOTSE_UUID_NAMESPACE, municipalityNamespace, uuidV5 } from '#domain/uuid-v5.ts';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('gives the example of RFC 9562 (appendix A.4: www.example.com in the DNS namespace)', () => {
    expect(uuidV5(DNS_NAMESPACE, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('sets version 5 and the RFC variant for any name', () => {
    const ids = ['', 'a', 'offer:elterncafe-nord', 'Träger „A“'].map((name) => uuidV5(LOTSE_UUID_NAMESPACE, name));

    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(
      true,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads the namespace in either case', () => {
    expect(uuidV5(DNS_NAMESPACE.toUpperCase(), 'x')).toBe(uuidV5(DNS_NAMESPACE, 'x'));
  });

  it('refuses a namespace that is no UUID', () => {
    expect(() => uuidV5('musterstadt', 'x')).toThrow(TypeError);
  });
});

describe('municipalityNamespace', () => {
  it('is the same for the same municipality and differs between municipalities', () => {
    expect(municipalityNamespace('musterstadt')).toBe(municipalityNamespace('musterstadt'));
    expect(municipalityNamespace('musterstadt')).not.toBe(municipalityNamespace('beispielhausen'));
  });
});
