// The web app in the cloud: its built files in a private bucket behind CloudFront (origin access control), `/v1/*`
// forwarded to the HTTP API on the same origin (so the browser needs no CORS), client routes answered with
// index.html, security headers on every answer, and the runtime configuration written by the deployment as
// /config.json, so that one build of the app serves every municipality.
import { AssetHashType, BundlingOutput, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  type ResponseCustomHeader,
  ResponseHeadersPolicy,
  type ResponseHeadersPolicyProps,
  type ResponseSecurityHeadersBehavior,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool, IUserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWebApp, WEB_ROOT } from '../../web/build.ts';
import { cacheControlOf, webSecurityHeaders } from '../../web/security-headers.ts';
import { acknowledgeNag, nagResourceText } from '../nag.ts';
import { SIGN_IN_RETURN_PATH, SIGN_OUT_PATH } from './api-user-pool.ts';

/** The path of the API behind the distribution; everything else is the app. */
export const API_PATH_PATTERN = '/v1/*';
/** The one page of the single-page app, and the runtime configuration it fetches at start. */
export const INDEX_PAGE = 'index.html';
export const RUNTIME_CONFIG_FILE = 'config.json';

/**
 * Viewer-request function of the app's behaviour (CloudFront Functions, cloudfront-js-2.0): a path whose last segment
 * has no dot is a client route of the single-page app and is answered with index.html; a file (hashed script,
 * stylesheet, font, config.json) is fetched as it is. Distribution-wide custom error responses would do the same
 * but also turn the API's 403 and 404 answers into index.html.
 */
export const CLIENT_ROUTE_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = '/${INDEX_PAGE}';
  }
  return request;
}
`;

/** What the app reads from /config.json (web/src/config.ts). */
export type WebAppRuntimeConfig = {
  /** The OIDC issuer: the user pool's `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly authority: string;
  readonly clientId: string;
  readonly redirectPath: string;
  /** Managed login's logout endpoint (Cognito's discovery document names none). */
  readonly logoutEndpoint: string;
  readonly logoutPath: string;
  readonly municipality: { readonly name: string };
};

export type WebAppProps = {
  /** The HTTP API whose `$default` stage serves `/v1/*`. */
  readonly api: HttpApi;
  readonly userPool: IUserPool;
  /** Managed login: sign-in pages, token and logout endpoints. */
  readonly userPoolDomain: UserPoolDomain;
  /** The app's public client (authorization code + PKCE). */
  readonly webClient: IUserPoolClient;
  /** The municipality's name as the app shows it ("Lotse Musterstadt"). */
  readonly municipalityName: string;
  /** The ARN of the WAF web ACL (scope CLOUDFRONT) that limits requests per client address. */
  readonly webAclArn: string;
  /** DESTROY also empties the bucket when the stack is deleted (dev); RETAIN keeps it (prod). */
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  /** Customer-managed key of the deployment helper's log group. */
  readonly logEncryptionKey: IKey;
};

export class WebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly clientRouteRewrite: CloudFrontFunction;
  readonly runtimeConfig: WebAppRuntimeConfig;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const userPoolRegion = Stack.of(props.userPool).region;
    const issuerOrigin = `https://cognito-idp.${userPoolRegion}.amazonaws.com`;
    const signInOrigin = props.userPoolDomain.baseUrl();

    this.runtimeConfig = {
      authority: `${issuerOrigin}/${props.userPool.userPoolId}`,
      clientId: props.webClient.userPoolClientId,
      redirectPath: SIGN_IN_RETURN_PATH,
      logoutEndpoint: `${signInOrigin}/logout`,
      logoutPath: SIGN_OUT_PATH,
      municipality: { name: props.municipalityName },
    };

    // The app's files are public by nature, but only CloudFront reads them (origin access control): no website
    // endpoint, no public policy, TLS 1.2 or newer. No versioning: every object is a build output of a commit, and
    // a rollback is a deployment of the earlier commit (which also restores its config.json).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.removalPolicy === RemovalPolicy.DESTROY,
    });
    // CDK's Bucket declares `isWebsite` as `boolean | undefined`, which exactOptionalPropertyTypes does not accept for
    // IBucket's optional property; the bucket is an IBucket all the same.
    const bucket = this.bucket as IBucket;

    this.clientRouteRewrite = new CloudFrontFunction(this, 'ClientRouteRewrite', {
      code: FunctionCode.fromInline(CLIENT_ROUTE_REWRITE_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Lotse web app: client routes answered with index.html',
    });

    // Every answer, the app's and the API's, carries the headers the local runtime serves the app with (one
    // definition in web/security-headers.ts): a CSP without inline script or style that lets the app talk to its own
    // origin and the user pool's sign-in endpoints only (discovery on cognito-idp, token and revocation on the
    // domain), no framing, no sniffing, no referrer, and here HSTS.
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Lotse web app and API: CSP, HSTS, no framing, no sniffing, no referrer',
      ...responseHeadersBehaviors(webSecurityHeaders({ connectOrigins: [issuerOrigin, signInOrigin], https: true })),
    });

    const apiStack = Stack.of(props.api);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Lotse web app and API on one origin',
      defaultRootObject: INDEX_PAGE,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edge locations in Europe and North America: the people are in Germany.
      priceClass: PriceClass.PRICE_CLASS_100,
      // Requests per client address, app files and API alike (infra/constructs/web-app-firewall.ts).
      webAclId: props.webAclArn,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // The edge keeps each file as its Cache-Control says: a hashed file for a year, index.html and config.json
        // (no-store) for no longer than the policy's minimum of one second.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
        functionAssociations: [{ function: this.clientRouteRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // The API as the browser calls it: nothing cached, every method, every viewer header but Host (so the
        // Authorization, Idempotency-Key and If-Match headers and the query string arrive), HTTPS only (a redirect
        // would drop a POST's body).
        [API_PATH_PATTERN]: {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${apiStack.region}.${apiStack.urlSuffix}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
    });

    // The build runs once per synthesis, as the asset's local bundling; its hash is the output's, so a deployment
    // uploads exactly when the built app changed (its sources reach beyond web/: the shared schemas).
    const app = new Asset(this, 'Build', {
      // Without bundling (tests, other stacks' deployments) the sources are staged unbuilt, never uploaded.
      path: WEB_ROOT,
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Required by the API; never pulled: the local build either writes the app or throws.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
        outputType: BundlingOutput.NOT_ARCHIVED,
        local: {
          tryBundle(outputDirectory: string): boolean {
            buildWebApp(outputDirectory);
            return true;
          },
        },
      },
    });
    const appSource = Source.bucket(app.bucket, app.s3ObjectKey);

    // CDK's bucket deployment copies the build into the bucket with its own function (Python and the AWS CLI); it gets
    // an own role that may write its one log group, instead of the managed basic execution role.
    const deploymentLogs = new LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.removalPolicy,
    });
    const deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Lotse web app: copies the built app and config.json into the app bucket at deployment',
    });
    deploymentLogs.grantWrite(deploymentRole);
    // The object keys are not needed, and a long list would overflow the custom resource's 4 KB response.
    const deployment = {
      destinationBucket: bucket,
      prune: false,
      role: deploymentRole,
      logGroup: deploymentLogs,
      outputObjectKeys: false,
    };
    // Cache-Control as web/security-headers.ts gives it per file (the local runtime serves the same): every file but
    // the page and config.json has a content-hashed name.
    const hashedFileCaching = cacheControlOf('app-HASH.js');
    const pageCaching = cacheControlOf(INDEX_PAGE);
    if (cacheControlOf(RUNTIME_CONFIG_FILE) !== pageCaching) {
      throw new Error(`WebApp: ${RUNTIME_CONFIG_FILE} is deployed with ${INDEX_PAGE} and needs its Cache-Control`);
    }
    // Hashed files first (cached for a year, never revalidated); nothing is pruned, so a browser that loaded the
    // previous index.html still finds the chunks it imports later.
    const files = new BucketDeployment(this, 'Files', {
      ...deployment,
      sources: [appSource],
      exclude: [INDEX_PAGE, RUNTIME_CONFIG_FILE],
      cacheControl: [CacheControl.fromString(hashedFileCaching)],
    });
    // Then the page and the runtime configuration (never stored by a browser), so that a deployment shows at once.
    const pages = new BucketDeployment(this, 'Pages', {
      ...deployment,
      sources: [appSource, Source.jsonData(RUNTIME_CONFIG_FILE, this.runtimeConfig)],
      exclude: ['*'],
      include: [INDEX_PAGE, RUNTIME_CONFIG_FILE],
      cacheControl: [CacheControl.fromString(pageCaching)],
    });
    pages.node.addDependency(files);

    this.acknowledgeNagFindings(deploymentRole, `${app.bucket.bucketArn}/*`);
  }

  // Each finding by its id, so that a new one (another wildcard, another rule) still fails synthesis.
  private acknowledgeNagFindings(deploymentRole: Role, assetObjects: string): void {
    acknowledgeNag(
      this.bucket,
      'AwsSolutions-S1',
      'The bucket holds the public build of the web app and is read by CloudFront alone (origin access control); ' +
        'its server access log would record only CloudFront fetching those files. Requests of people are seen at ' +
        "the API's access log (the API behind /v1/*) and in CloudFront's metrics.",
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: the people are municipal and clinic staff in Germany, but also on a trip or behind a ' +
        "mobile network or VPN whose address geolocates elsewhere; everything but the app's public files needs a " +
        "Cognito sign-in with a second factor, and the API's own endpoint is reachable without CloudFront anyway.",
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR3',
      "No CloudFront access log: its standard log always records each viewer's IP address, personal data that the " +
        'project keeps out of every log; field selection (logging v2) is configured in us-east-1 only. The API behind ' +
        "/v1/* keeps its own access log (ids, status, timings) and CloudFront's metrics count requests and errors.",
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR4',
      "The distribution answers on its cloudfront.net name with CloudFront's default certificate, whose security " +
        "policy CloudFront fixes at TLSv1; browsers that run the app negotiate TLS 1.2 or 1.3. A municipality's own " +
        'domain with an ACM certificate, which allows TLSv1.2_2021, is left for later (README, Deploy).',
    );
    const deploymentReason =
      "CDK's bucket deployment grants its copier S3's read and write action groups (Get*, List*, Abort*, " +
      "DeleteObject*) on the objects of exactly two buckets: CDK's asset bucket, from which it reads the build " +
      'archive, and the app bucket, into which it copies the files. Its function runs only during a deployment.';
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::${nagResourceText(this, this.bucket.arnForObjects('*'))}`,
      `Resource::${nagResourceText(this, assetObjects)}`,
    ]) {
      acknowledgeNag(deploymentRole, `AwsSolutions-IAM5[${finding}]`, deploymentReason);
    }
    // The copier is CDK's, one per stack, found by the role it runs with.
    const copier = Stack.of(this)
      .node.findAll()
      .find((construct) => construct instanceof LambdaFunction && construct.role === deploymentRole);
    if (copier === undefined) throw new Error('WebApp: the bucket deployment created no function');
    acknowledgeNag(
      copier,
      'AwsSolutions-L1',
      "The bucket deployment's function is CDK's own (a Python handler with the AWS CLI layer); its runtime is set " +
        'by aws-cdk-lib, not by this project, and moves on with each CDK upgrade.',
    );
  }

  /** The app's address: the distribution's own domain. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

type MutableSecurityHeaders = {
  -readonly [Key in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[Key];
};

/**
 * The response headers policy's behaviours for a set of headers: CloudFront takes the security headers in fields of
 * their own (and refuses them as custom headers), every other header as a custom one. A value CloudFront cannot
 * express is an error, never dropped.
 */
export function responseHeadersBehaviors(
  headers: Readonly<Record<string, string>>,
): Pick<ResponseHeadersPolicyProps, 'securityHeadersBehavior' | 'customHeadersBehavior'> {
  const security: MutableSecurityHeaders = {};
  const customHeaders: ResponseCustomHeader[] = [];
  const refuse = (name: string, value: string): never => {
    throw new Error(`response headers policy: ${name}: ${value} cannot be expressed`);
  };
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security': {
        const [maxAge, ...flags] = value.split(';').map((part) => part.trim().toLowerCase());
        const seconds = /^max-age=(\d+)$/.exec(maxAge ?? '')?.[1];
        if (seconds === undefined || flags.some((flag) => flag !== 'includesubdomains' && flag !== 'preload')) {
          refuse(name, value);
        }
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(seconds)),
          includeSubdomains: flags.includes('includesubdomains'),
          preload: flags.includes('preload'),
          override: true,
        };
        break;
      }
      case 'x-content-type-options':
        if (value.toLowerCase() !== 'nosniff') refuse(name, value);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const frameOption = { deny: HeadersFrameOption.DENY, sameorigin: HeadersFrameOption.SAMEORIGIN }[
          value.toLowerCase() as 'deny' | 'sameorigin'
        ];
        security.frameOptions = { frameOption: frameOption ?? refuse(name, value), override: true };
        break;
      }
      case 'referrer-policy': {
        const referrerPolicy = Object.values(HeadersReferrerPolicy).find((policy) => policy === value.toLowerCase());
        security.referrerPolicy = { referrerPolicy: referrerPolicy ?? refuse(name, value), override: true };
        break;
      }
      case 'x-xss-protection':
        refuse(name, value);
        break;
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return {
    securityHeadersBehavior: security,
    ...(customHeaders.length > 0 ? { customHeadersBehavior: { customHeaders } } : {}),
  };
}
