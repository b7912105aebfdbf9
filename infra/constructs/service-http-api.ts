// The public HTTP API: one JWT authorizer (Cognito), routes with per-route scopes, throttled default stage and
// KMS-encrypted access logs.
import { ArnFormat, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpMethod as RouteMethod } from '#http/routes.ts';
import type { ApiAudienceTarget, ServiceFunction } from './service-function.ts';

// Ids, status and timings only: no source IP, user agent, path parameters beyond opaque ids, or request data,
// because access logs must never carry personal data.
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  clientId: '$context.authorizer.claims.client_id',
};

export type ServiceHttpApiProps = {
  readonly apiName: string;
  readonly userPool: IUserPool;
  /** The app clients whose tokens are accepted (the authorizer's audience). */
  readonly userPoolClients: readonly IUserPoolClient[];
  readonly userPoolRegion: string;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
  readonly logEncryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
};

export type ServiceRouteProps = {
  /** The method as the route table writes it. */
  readonly method: RouteMethod;
  readonly path: string;
  readonly target: ServiceFunction;
  /** The token must carry at least one of these scopes (API Gateway JWT authorizer semantics). */
  readonly scopes: readonly string[];
};

export class ServiceHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly authorizer: HttpUserPoolAuthorizer;
  private readonly integrations = new Map<ServiceFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: ServiceHttpApiProps) {
    super(scope, id);

    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [...props.userPoolClients],
      userPoolRegion: props.userPoolRegion,
    });

    // No route is public: every route added through addRoute carries the authorizer and its scopes.
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: props.apiName,
      description: 'Lotse HTTP API v1',
      createDefaultStage: false,
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.removalPolicy,
    });

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /**
   * The authorizer as the functions that keep its audience see it (only once a route uses it, which creates it).
   * `fixedAudience` are the client ids the stack gives it.
   */
  audienceTarget(issuer: string, fixedAudience: readonly string[]): ApiAudienceTarget {
    const { apiId } = this.api;
    const { authorizerId } = this.authorizer;
    const stack = Stack.of(this);
    return {
      apiId,
      authorizerId,
      arn: stack.formatArn({
        service: 'apigateway',
        account: '',
        resource: `/apis/${apiId}/authorizers/${authorizerId}`,
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      }),
      issuer,
      fixedAudience,
    };
  }

  /** The invoke URL of the default stage (ends with a slash). */
  get url(): string {
    return this.stage.url;
  }

  addRoute(route: ServiceRouteProps): void {
    let integration = this.integrations.get(route.target);
    if (integration === undefined) {
      integration = new HttpLambdaIntegration(`${route.target.node.id}Integration`, route.target.function);
      this.integrations.set(route.target, integration);
    }
    this.api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration,
      authorizer: this.authorizer,
      authorizationScopes: [...route.scopes],
    });
  }
}
