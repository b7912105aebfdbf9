import { describe, expect, it } from 'vitest';
import { Forbidden, Unauthorized } from '#domain/errors.ts';
import { parseScopes, principalFromClaims } from '#http/principal.ts';

describe('parseScopes', () => {
  it('reads a space-separated scope claim', () => {
    expect(parseScopes('lotse/referrer openid')).toEqual(['lotse/referrer', 'openid']);
  });

  it('reads an array claim flattened to "[a b]"', () => {
    expect(parseScopes('[lotse/office lotse/coordinator]')).toEqual(['lotse/office', 'lotse/coordinator']);
  });

  it('reads a real array', () => {
    expect(parseScopes(['lotse/office', 'openid'])).toEqual(['lotse/office', 'openid']);
  });

  it('reads nothing from a missing claim', () => {
    expect(parseScopes(undefined)).toEqual([]);
  });
});

describe('principalFromClaims', () => {
  it('binds a referrer to the institution of its token', () => {
    expect(principalFromClaims({ scope: 'lotse/referrer', institution_id: 'klinik-mitte' }, ['referrer'])).toEqual({
      role: 'referrer',
      institutionId: 'klinik-mitte',
    });
  });

  it('binds an office to the office of its token, from the bracket form', () => {
    expect(principalFromClaims({ scope: '[lotse/office]', office_id: 'fb-nord' }, ['office', 'coordinator'])).toEqual({
      role: 'office',
      officeId: 'fb-nord',
    });
  });

  it('recognises a coordinator', () => {
    expect(principalFromClaims({ scope: 'lotse/coordinator' }, ['office', 'coordinator'])).toEqual({
      role: 'coordinator',
    });
  });

  it('takes scopes the authorizer passed separately', () => {
    expect(principalFromClaims({ institution_id: 'klinik-mitte' }, ['referrer'], ['lotse/referrer'])).toEqual({
      role: 'referrer',
      institutionId: 'klinik-mitte',
    });
  });

  it('refuses a role the route does not admit', () => {
    expect(() =>
      principalFromClaims({ scope: 'lotse/referrer', institution_id: 'klinik-mitte' }, ['office', 'coordinator']),
    ).toThrow(Forbidden);
  });

  it('refuses a referrer token without its institution claim', () => {
    expect(() => principalFromClaims({ scope: 'lotse/referrer' }, ['referrer'])).toThrow(Forbidden);
  });

  it('refuses an office token with a blank office claim', () => {
    expect(() => principalFromClaims({ scope: 'lotse/office', office_id: ' ' }, ['office'])).toThrow(Forbidden);
  });

  it('answers unauthorized when no authorizer claims reached the function', () => {
    expect(() => principalFromClaims(undefined, ['referrer'])).toThrow(Unauthorized);
  });
});
