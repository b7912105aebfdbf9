// How the local issuer runs the pre-token-generation trigger as Cognito does: the event it sends, and the answer
// applied to scopes and claims (protected claims untouched, a malformed answer refused).
import { describe, expect, it } from 'vitest';
import type { PoolUser } from '#infra/local/local-user-pool.ts';
import {
  customizedClaims,
  customizedScopes,
  InvalidTriggerResponse,
  readTokenCustomization,
  tokenGenerationEvent,
  triggerApplies,
} from '#infra/local/token-customization.ts';

const user: PoolUser = {
  username: 'klinik-mitte',
  attributes: {
    sub: '7d1c5a8e-0000-4000-8000-000000000001',
    email: 'klinik-mitte@musterstadt.lotse.local',
    email_verified: 'true',
    'custom:organization_id': 'klinik-mitte',
  },
  groups: ['referrer'],
  enabled: true,
  createdAt: new Date(),
  modifiedAt: new Date(),
};

const answer = (accessTokenGeneration: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  response: { claimsAndScopeOverrideDetails: { accessTokenGeneration, ...more } },
});

describe('the event the trigger is sent', () => {
  it("carries a person's user name, attributes, groups and requested scopes in the V3_0 shape", () => {
    const event = tokenGenerationEvent({
      version: 'V3_0',
      source: 'TokenGeneration_HostedAuth',
      region: 'eu-central-1',
      userPoolId: 'eu-central-1_Pool',
      clientId: 'web',
      user,
      scopes: ['openid', 'lotse/referrer'],
    });

    expect(event).toMatchObject({
      version: '3',
      triggerSource: 'TokenGeneration_HostedAuth',
      userPoolId: 'eu-central-1_Pool',
      userName: 'klinik-mitte',
      callerContext: { clientId: 'web' },
      request: {
        userAttributes: { 'custom:organization_id': 'klinik-mitte', sub: user.attributes.sub },
        groupConfiguration: { groupsToOverride: ['referrer'] },
        scopes: ['openid', 'lotse/referrer'],
      },
      response: { claimsAndScopeOverrideDetails: null },
    });
  });

  it('carries no user for a client-credentials token', () => {
    const event = tokenGenerationEvent({
      version: 'V3_0',
      source: 'TokenGeneration_ClientCredentials',
      region: 'eu-central-1',
      userPoolId: 'eu-central-1_Pool',
      clientId: 'kis',
      scopes: ['lotse/referrer'],
    });

    expect('userName' in event).toBe(false);
    expect(event.request.groupConfiguration.groupsToOverride).toEqual([]);
  });

  it('is sent for client-credentials tokens by a V3_0 trigger only', () => {
    expect(triggerApplies('V3_0', 'TokenGeneration_ClientCredentials')).toBe(true);
    expect(triggerApplies('V2_0', 'TokenGeneration_ClientCredentials')).toBe(false);
    expect(triggerApplies('V2_0', 'TokenGeneration_RefreshTokens')).toBe(true);
  });
});

describe("applying the trigger's answer", () => {
  it('keeps the requested scopes, removes the suppressed and adds the added', () => {
    const changes = readTokenCustomization(
      answer({ scopesToSuppress: ['lotse/office', 'lotse/coordinator'], scopesToAdd: ['lotse/referrer'] }),
    );

    expect(customizedScopes(['openid', 'lotse/office', 'lotse/coordinator'], changes)).toEqual([
      'openid',
      'lotse/referrer',
    ]);
  });

  it('adds and suppresses claims but never touches the protected ones', () => {
    const changes = readTokenCustomization(
      answer({
        claimsToAddOrOverride: { institution_id: 'klinik-mitte', sub: 'someone-else', scope: 'lotse/coordinator' },
        claimsToSuppress: ['note', 'client_id'],
      }),
    );

    expect(customizedClaims({ note: 'x', client_id: 'web' }, changes.accessToken)).toEqual({
      institution_id: 'klinik-mitte',
      client_id: 'web',
    });
  });

  it('reads the ID token changes and a group override apart from the access token', () => {
    const changes = readTokenCustomization(
      answer(
        {},
        {
          idTokenGeneration: { claimsToAddOrOverride: { locale: 'de' } },
          groupOverrideDetails: { groupsToOverride: [] },
        },
      ),
    );

    expect([changes.idToken.claimsToAddOrOverride, changes.groupsToOverride]).toEqual([{ locale: 'de' }, []]);
  });

  it('changes nothing when the trigger answers no details', () => {
    const changes = readTokenCustomization({ response: {} });

    expect(customizedScopes(['openid'], changes)).toEqual(['openid']);
    expect(customizedClaims({ a: 1 }, changes.accessToken)).toEqual({ a: 1 });
  });

  it('refuses a malformed answer', () => {
    expect(() => readTokenCustomization(answer({ scopesToAdd: 'lotse/referrer' }))).toThrow(InvalidTriggerResponse);
    expect(() => readTokenCustomization(answer({ claimsToAddOrOverride: ['x'] }))).toThrow(InvalidTriggerResponse);
  });
});
