// The HTTP API: routes, their JWT scopes, the Cognito authorizer, the throttled default stage and its access logs.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNamed, importOf, onlyLogicalId, synthStage } from './synth.ts';

// Route key, the scopes of which a token needs one, and the function behind it.
const ROUTES: readonly (readonly [string, readonly string[], string])[] = [
  ['POST /v1/referrals', ['lotse/referrer'], 'intake'],
  ['GET /v1/referrals/{referralId}', ['lotse/referrer'], 'referrer'],
  ['POST /v1/referrals/{referralId}/withdraw', ['lotse/referrer'], 'referrer'],
  ['GET /v1/cases', ['lotse/office', 'lotse/coordinator'], 'office'],
  ['GET /v1/cases/{caseId}', ['lotse/office', 'lotse/coordinator'], 'office'],
  ['POST /v1/cases/{caseId}/accept', ['lotse/office'], 'office'],
  ['POST /v1/cases/{caseId}/decline', ['lotse/office'], 'office'],
  ['POST /v1/cases/{caseId}/start', ['lotse/office'], 'office'],
  ['POST /v1/cases/{caseId}/close', ['lotse/office'], 'office'],
  ['POST /v1/cases/{caseId}/assign', ['lotse/coordinator'], 'office'],
  ['GET /v1/offers', ['lotse/coordinator', 'lotse/office'], 'coordinator'],
  ['GET /v1/offers/{offerId}', ['lotse/coordinator', 'lotse/office'], 'coordinator'],
  ['PUT /v1/offers/{offerId}', ['lotse/coordinator'], 'coordinator'],
  ['DELETE /v1/offers/{offerId}', ['lotse/coordinator'], 'coordinator'],
  ['GET /v1/offices', ['lotse/coordinator'], 'coordinator'],
  ['GET /v1/offices/{officeId}', ['lotse/coordinator'], 'coordinator'],
  ['PUT /v1/offices/{officeId}', ['lotse/coordinator'], 'coordinator'],
  ['DELETE /v1/offices/{officeId}', ['lotse/coordinator'], 'coordinator'],
  ['GET /v1/institutions', ['lotse/coordinator'], 'coordinator'],
  ['GET /v1/institutions/{institutionId}', ['lotse/coordinator'], 'coordinator'],
  ['PUT /v1/institutions/{institutionId}', ['lotse/coordinator'], 'coordinator'],
  ['DELETE /v1/institutions/{institutionId}', ['lotse/coordinator'], 'coordinator'],
  ['POST /v1/catalogue/import', ['lotse/coordinator'], 'coordinator'],
  ['GET /v1/catalogue', ['lotse/coordinator'], 'coordinator'],
  ['GET /v1/reports/coverage', ['lotse/coordinator'], 'coordinator'],
];

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

  it('exposes exactly the routes of the API, each once', () => {
    const routeKeys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );

    expect(routeKeys.sort()).toEqual(ROUTES.map(([routeKey]) => routeKey).sort());
  });

  it.each(ROUTES)('protects %s with the JWT authorizer and exactly the scopes %j', (routeKey, scopes) => {
    const authorizerId = onlyLogicalId(stateless, 'AWS::ApiGatewayV2::Authorizer');

    const route = routeTo(routeKey);

    expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    expect(route.Properties.AuthorizationScopes).toEqual(scopes);
  });

  it.each(ROUTES.map(([routeKey, , functionName]) => [routeKey, functionName]))(
    'sends %s to the %s function with payload format 2.0',
    (routeKey, functionName) => {
      const { logicalId } = functionNamed(stateless, functionName);

      expect(integrationTarget(routeKey)).toBe(logicalId);
    },
  );

  it('lets no office user assign a case and no coordinator work one', () => {
    const scopesOf = (routeKey: string) => routeTo(routeKey).Properties.AuthorizationScopes as string[];

    expect(scopesOf('POST /v1/cases/{caseId}/assign')).not.toContain('lotse/office');
    for (const transition of ['accept', 'decline', 'start', 'close']) {
      expect(scopesOf(`POST /v1/cases/{caseId}/${transition}`)).not.toContain('lotse/coordinator');
    }
  });

  it('lets an office read offers but change nothing of the catalogue and read no report', () => {
    const officeRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => (route as { Properties: { RouteKey: string; AuthorizationScopes: string[] } }).Properties)
      .filter((route) => route.AuthorizationScopes.includes('lotse/office'))
      .map((route) => route.RouteKey)
      .filter((routeKey) => !routeKey.includes(' /v1/cases'));

    expect(officeRoutes.sort()).toEqual(['GET /v1/offers', 'GET /v1/offers/{offerId}']);
  });

  it('lets no referrer reach the catalogue or the coverage report', () => {
    const referrerRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => (route as { Properties: { RouteKey: string; AuthorizationScopes: string[] } }).Properties)
      .filter((route) => route.AuthorizationScopes.includes('lotse/referrer'))
      .map((route) => route.RouteKey);

    expect(referrerRoutes.every((routeKey) => routeKey.includes(' /v1/referrals'))).toBe(true);
  });

  it('verifies tokens issued by the user pool for its three app clients', () => {
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
    expect(clientIds).toHaveLength(3);
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
