// The HTTP API: routes, their JWT scopes, the Cognito authorizer, the throttled default stage and its access logs.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeOf } from '#domain/identity.ts';
import { routeKeyOf, routeList } from '#http/routes.ts';
import { functionNamed, importOf, onlyLogicalId, synthStage } from './synth.ts';

// The route table is the only list of routes: the template must hold exactly its entries.
const ROUTES = routeList().map((route) => ({
  routeKey: routeKeyOf(route),
  scopes: route.roles.map(scopeOf),
  function: route.function,
}));

describe('HTTP API', () => {
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    ({ stateful, stateless } = synthStage('dev'));
  });

  const routeTo = (routeKey: string) => {
    const routes = Object.values(
      stateless.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }),
    );
    expect(routes).toHaveLength(1);
    return routes[0] as { Properties: Record<string, unknown> };
  };

  const integrationTarget = (routeKey: string): string => {
    const target = routeTo(routeKey).Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
    const integrationId = target['Fn::Join'][1][1].Ref;
    const integration = stateless.findResources('AWS::ApiGatewayV2::Integration')[integrationId] as {
      Properties: { IntegrationUri: { 'Fn::GetAtt': [string, string] }; PayloadFormatVersion: string };
    };
    expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    return integration.Properties.IntegrationUri['Fn::GetAtt'][0];
  };

  it('exposes exactly the routes of the route table, each once', () => {
    const routeKeys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );

    expect(routeKeys.sort()).toEqual(ROUTES.map((route) => route.routeKey).sort());
    expect(new Set(routeKeys).size).toBe(routeKeys.length);
  });

  it.each(ROUTES)(
    'protects $routeKey with the JWT authorizer and exactly the scopes $scopes',
    ({ routeKey, scopes }) => {
      const authorizerId = onlyLogicalId(stateless, 'AWS::ApiGatewayV2::Authorizer');

      const route = routeTo(routeKey);

      expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      // A token needs any one of the scopes: their order does not matter, their set does.
      expect([...(route.Properties.AuthorizationScopes as string[])].sort()).toEqual([...scopes].sort());
    },
  );

  it.each(ROUTES)('sends $routeKey to the $function function with payload format 2.0', (route) => {
    const { logicalId } = functionNamed(stateless, route.function);

    expect(integrationTarget(route.routeKey)).toBe(logicalId);
  });

  it('lets no office user assign a case and no coordinator work one', () => {
    const scopesOf = (routeKey: string) => routeTo(routeKey).Properties.AuthorizationScopes as string[];

    expect(scopesOf('POST /v1/cases/{caseId}/assign')).not.toContain('lotse/office');
    for (const transition of ['accept', 'decline', 'start', 'close']) {
      expect(scopesOf(`POST /v1/cases/{caseId}/${transition}`)).not.toContain('lotse/coordinator');
    }
  });

  it('lets an office read offers and the districts but change nothing of the catalogue and read no report', () => {
    const officeRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => (route as { Properties: { RouteKey: string; AuthorizationScopes: string[] } }).Properties)
      .filter((route) => route.AuthorizationScopes.includes('lotse/office'))
      .map((route) => route.RouteKey)
      .filter((routeKey) => !routeKey.includes(' /v1/cases'));

    expect(officeRoutes.sort()).toEqual(['GET /v1/districts', 'GET /v1/offers', 'GET /v1/offers/{offerId}']);
  });

  it('lets no referrer reach the catalogue, beyond the districts, or the coverage report', () => {
    const referrerRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => (route as { Properties: { RouteKey: string; AuthorizationScopes: string[] } }).Properties)
      .filter((route) => route.AuthorizationScopes.includes('lotse/referrer'))
      .map((route) => route.RouteKey)
      .filter((routeKey) => routeKey !== 'GET /v1/districts');

    expect(referrerRoutes.length).toBeGreaterThan(0);
    expect(referrerRoutes.every((routeKey) => routeKey.includes(' /v1/referrals'))).toBe(true);
  });

  it("verifies tokens issued by the user pool for the web app's client (registered systems' clients join at run time)", () => {
    const userPoolId = onlyLogicalId(stateful, 'AWS::Cognito::UserPool');
    const clientIds = Object.keys(stateful.findResources('AWS::Cognito::UserPoolClient'));

    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.eu-central-1.amazonaws.com/', importOf(stateful, { Ref: userPoolId })],
          ],
        },
        Audience: Match.arrayEquals(clientIds.map((id) => importOf(stateful, { Ref: id }))),
      },
    });
    expect(clientIds).toHaveLength(1);
  });

  it('serves a throttled, auto-deployed $default stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('writes JSON access logs without client IP or user agent to an encrypted log group with retention', () => {
    const stage = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: { AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string } };
    };
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    const format = stage.Properties.AccessLogSettings.Format;

    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(format).not.toMatch(/sourceIp|userAgent/);
    expect(stateless.findResources('AWS::Logs::LogGroup')[logGroupId]).toMatchObject({
      Properties: { RetentionInDays: 7, KmsKeyId: expect.anything() },
    });
  });
});
