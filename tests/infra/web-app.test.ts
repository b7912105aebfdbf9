// The web app in the cloud: a private bucket behind CloudFront with origin access control, `/v1/*` forwarded to the
// HTTP API uncached, client routes rewritten to index.html, the local runtime's security headers, and config.json as
// the deployment writes it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseHeadersBehaviors } from '#infra/constructs/web-app.ts';
import { cacheControlOf, webSecurityHeaders } from '../../web/security-headers.ts';
import { type CfnResource, importOf, onlyLogicalId, type SynthesizedStage, synthStage } from './synth.ts';

type Behavior = Record<string, unknown> & { PathPattern?: string; TargetOriginId: string };
type Origin = Record<string, unknown> & { Id: string; DomainName: unknown };
type DistributionConfig = {
  DefaultCacheBehavior: Behavior;
  CacheBehaviors: Behavior[];
  Origins: Origin[];
  CustomErrorResponses?: unknown;
  DefaultRootObject?: string;
};
type Statement = { Effect: string; Principal?: unknown; Action: string | string[]; Condition?: unknown };

const REGION = 'eu-central-1';
const ISSUER_ORIGIN = `https://cognito-idp.${REGION}.amazonaws.com`;
const SIGN_IN_ORIGIN = `https://<UserPoolDomain>.auth.${REGION}.amazoncognito.com`;

function only(synthesized: SynthesizedStage, type: string): { logicalId: string; resource: CfnResource } {
  const logicalId = onlyLogicalId(synthesized.web, type);
  return { logicalId, resource: synthesized.web.toJSON().Resources[logicalId] as CfnResource };
}

function distributionConfig(synthesized: SynthesizedStage): DistributionConfig {
  return only(synthesized, 'AWS::CloudFront::Distribution').resource.Properties
    .DistributionConfig as DistributionConfig;
}

function deployments(synthesized: SynthesizedStage): Record<string, CfnResource> {
  return synthesized.web.findResources('Custom::CDKBucketDeployment') as Record<string, CfnResource>;
}

/**
 * A template value as text: a `Fn::Join` joined, and each of the given CloudFormation values (e.g. an import of the
 * stateful stack) written as its placeholder.
 */
function textOf(value: unknown, placeholders: ReadonlyMap<string, string>): string {
  if (typeof value === 'string') return value;
  const placeholder = placeholders.get(JSON.stringify(value));
  if (placeholder !== undefined) return placeholder;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) throw new Error(`no text for ${JSON.stringify(value)}`);
  return join[1].map((part) => textOf(part, placeholders)).join(join[0]);
}

/** The user pool, its web client and its domain as the web stack imports them, each with its placeholder. */
function identityPlaceholders(synthesized: SynthesizedStage): Map<string, string> {
  const { stateful } = synthesized;
  const imported = (type: string) => JSON.stringify(importOf(stateful, { Ref: onlyLogicalId(stateful, type) }));
  return new Map([
    [imported('AWS::Cognito::UserPool'), '<UserPoolId>'],
    [imported('AWS::Cognito::UserPoolClient'), '<WebClientId>'],
    [imported('AWS::Cognito::UserPoolDomain'), '<UserPoolDomain>'],
  ]);
}

describe('web app hosting (dev)', () => {
  let dev: SynthesizedStage;

  beforeAll(() => {
    dev = synthStage('dev', { nag: false, keepAssembly: true });
  });

  afterAll(() => {
    rmSync(dev.assemblyDirectory, { recursive: true, force: true });
  });

  it('keeps the app bucket private, encrypted and reachable over TLS 1.2 or newer only', () => {
    const bucket = only(dev, 'AWS::S3::Bucket').resource.Properties;
    const statements = only(dev, 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument as {
      Statement: Statement[];
    };

    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    const denials = statements.Statement.filter((statement) => statement.Effect === 'Deny');
    expect(denials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  it('lets CloudFront alone read the bucket, signed by origin access control (no legacy identity)', () => {
    const control = only(dev, 'AWS::CloudFront::OriginAccessControl');
    const distribution = only(dev, 'AWS::CloudFront::Distribution');
    const config = distributionConfig(dev);
    const bucketOrigin = config.Origins.find((origin) => origin.S3OriginConfig !== undefined);
    // In dev the bucket policy also lets CDK's emptier list and delete objects when the stack goes; it reads none.
    const readers = (
      only(dev, 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument as { Statement: Statement[] }
    ).Statement.filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        [statement.Action].flat().some((action) => action === 's3:*' || action.startsWith('s3:GetObject')),
    );

    expect(control.resource.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(bucketOrigin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [control.logicalId, 'Id'] });
    expect(bucketOrigin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(bucketOrigin?.Id);
    expect(Object.keys(dev.web.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity'))).toEqual([]);
    expect(readers).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', expect.arrayContaining([{ Ref: distribution.logicalId }])],
            },
          },
        },
      }),
    ]);
  });

  it('forwards /v1/* to the HTTP API uncached, with every method and every viewer header but Host', () => {
    const config = distributionConfig(dev);
    const api = config.CacheBehaviors.find((behavior) => behavior.PathPattern === '/v1/*');
    const origin = config.Origins.find((candidate) => candidate.Id === api?.TargetOriginId);
    const nestedStack = Object.values(dev.stateless.findResources('AWS::CloudFormation::Stack'))[0] as CfnResource;
    const apiParameter = Object.entries(nestedStack.Properties.Parameters as Record<string, unknown>).find(
      ([, value]) =>
        JSON.stringify(value) === JSON.stringify({ Ref: onlyLogicalId(dev.stateless, 'AWS::ApiGatewayV2::Api') }),
    )?.[0];

    expect(config.CacheBehaviors).toHaveLength(1);
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api?.FunctionAssociations).toBeUndefined();
    expect(apiParameter).toBeDefined();
    expect(origin?.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: apiParameter }, `.execute-api.${REGION}.`, { Ref: 'AWS::URLSuffix' }]],
    });
    expect(origin?.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('answers client routes with index.html through a viewer-request function, not with error responses', () => {
    const config = distributionConfig(dev);
    const rewrite = only(dev, 'AWS::CloudFront::Function');
    const handler = vm.runInNewContext(`${rewrite.resource.Properties.FunctionCode as string}; handler`) as (event: {
      request: { uri: string };
    }) => { uri: string };
    const rewritten = (uri: string) => handler({ request: { uri } }).uri;

    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [rewrite.logicalId, 'FunctionARN'] } },
    ]);
    expect(rewrite.resource.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultRootObject).toBe('index.html');
    for (const route of [
      '/',
      '/anmelden',
      '/anmeldung/rueckkehr',
      '/vermittlungen/neu',
      '/faelle/c-01J8Z/',
      '/eingang',
    ]) {
      expect(rewritten(route)).toBe('/index.html');
    }
    for (const file of [
      '/index.html',
      '/config.json',
      '/app-Y6SONZ4S.js',
      '/chunks/office-QAT2E7HZ.js',
      '/assets/F-B.woff2',
    ]) {
      expect(rewritten(file)).toBe(file);
    }
  });

  it('sends the headers the local runtime serves the app with, and HSTS, on the app and the API alike', () => {
    const policy = only(dev, 'AWS::CloudFront::ResponseHeadersPolicy');
    const { SecurityHeadersConfig: security, CustomHeadersConfig: custom } = policy.resource.Properties
      .ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: { Header: string; Value: string }[] };
    };
    const placeholders = identityPlaceholders(dev);
    const hsts = security.StrictTransportSecurity ?? {};
    const served: Record<string, string> = {
      'content-security-policy': textOf(security.ContentSecurityPolicy?.ContentSecurityPolicy, placeholders),
      'x-content-type-options': 'nosniff',
      'x-frame-options': String(security.FrameOptions?.FrameOption),
      'referrer-policy': String(security.ReferrerPolicy?.ReferrerPolicy),
      ...Object.fromEntries(custom.Items.map((item) => [item.Header, item.Value])),
      'strict-transport-security': `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}`,
    };
    const config = distributionConfig(dev);

    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(served).toEqual(webSecurityHeaders({ connectOrigins: [ISSUER_ORIGIN, SIGN_IN_ORIGIN], https: true }));
    expect(hsts.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(hsts.Preload).toBe(false);
    for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policy.logicalId });
    }
  });

  it('allows no inline or foreign script, no framing, and talks only to its origin and the sign-in endpoints', () => {
    const policy = only(dev, 'AWS::CloudFront::ResponseHeadersPolicy').resource.Properties
      .ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
    };
    const csp = textOf(
      policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
      identityPlaceholders(dev),
    );
    const directives = new Map(
      csp.split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, sources] as const;
      }),
    );

    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", ISSUER_ORIGIN, SIGN_IN_ORIGIN]);
    expect(directives.has('default-src')).toBe(true);
    expect(directives.has('base-uri')).toBe(true);
  });

  it('writes config.json with the issuer, the web client, the sign-in paths, the logout endpoint and the name', () => {
    const pages = Object.values(deployments(dev)).find((resource) =>
      (resource.Properties.Include as string[] | undefined)?.includes('config.json'),
    );
    const markers = (pages?.Properties.SourceMarkers ?? []) as Record<string, unknown>[];
    const index = markers.findIndex((sourceMarkers) => Object.keys(sourceMarkers).length > 0);
    const key = ((pages?.Properties.SourceObjectKeys ?? []) as string[])[index] ?? '';
    const placeholders = identityPlaceholders(dev);
    let content = readFileSync(
      path.join(dev.assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`, 'config.json'),
      'utf8',
    );
    for (const [marker, value] of Object.entries(markers[index] ?? {})) {
      content = content.replaceAll(marker, textOf(value, placeholders));
    }

    expect(JSON.parse(content)).toEqual({
      authority: `https://cognito-idp.${REGION}.amazonaws.com/<UserPoolId>`,
      clientId: '<WebClientId>',
      redirectPath: '/anmeldung/rueckkehr',
      logoutEndpoint: `${SIGN_IN_ORIGIN}/logout`,
      logoutPath: '/',
      municipality: { name: 'Musterstadt' },
    });
  });

  it('deploys the hashed files for a year, then index.html and config.json never stored, pruning nothing', () => {
    const all = Object.entries(deployments(dev));
    const [filesId, files] = all.find(([, resource]) => resource.Properties.Include === undefined) ?? [];
    const [, pages] = all.find(([, resource]) => resource.Properties.Include !== undefined) ?? [];

    expect(all).toHaveLength(2);
    expect(files?.Properties).toMatchObject({
      Exclude: ['index.html', 'config.json'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages?.Properties).toMatchObject({
      Exclude: ['*'],
      Include: ['index.html', 'config.json'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-store' },
    });
    expect(pages?.DependsOn).toContain(filesId);
    // The same build (its first source) goes out through both.
    const firstSource = (deployment: CfnResource | undefined) =>
      ((deployment?.Properties.SourceObjectKeys ?? []) as string[])[0];
    expect(firstSource(pages)).toBeDefined();
    expect(firstSource(pages)).toBe(firstSource(files));
    expect(cacheControlOf('index.html')).toBe('no-store');
    expect(cacheControlOf('chunks/office-QAT2E7HZ.js')).toBe('public, max-age=31536000, immutable');
  });

  it('empties and deletes the bucket with a dev stack', () => {
    const bucket = only(dev, 'AWS::S3::Bucket').resource;

    expect(bucket.DeletionPolicy).toBe('Delete');
    expect(Object.keys(dev.web.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(1);
  });

  it("names the distribution's address as the WebAppUrl output", () => {
    const outputs = dev.stateless.toJSON().Outputs as Record<string, { Value: unknown }>;

    expect(outputs.WebAppUrl?.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), expect.stringMatching(/^Outputs\./)] }]],
    });
  });
});

describe('web app hosting (prod)', () => {
  it('keeps the bucket and its files when the stack goes', () => {
    const prod = synthStage('prod', { nag: false });

    expect(only(prod, 'AWS::S3::Bucket').resource.DeletionPolicy).toBe('Retain');
    expect(Object.keys(prod.web.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
  });
});

describe('response headers policy from a set of headers', () => {
  it('puts the security headers in their own fields and any other header among the custom ones', () => {
    const behaviors = responseHeadersBehaviors({
      'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-opener-policy': 'same-origin',
    });

    expect(behaviors.securityHeadersBehavior?.strictTransportSecurity).toMatchObject({
      includeSubdomains: true,
      preload: true,
    });
    expect(behaviors.securityHeadersBehavior?.strictTransportSecurity?.accessControlMaxAge.toSeconds()).toBe(31536000);
    expect(behaviors.securityHeadersBehavior?.referrerPolicy?.referrerPolicy).toBe('strict-origin-when-cross-origin');
    expect(behaviors.securityHeadersBehavior?.frameOptions?.frameOption).toBe('SAMEORIGIN');
    expect(behaviors.customHeadersBehavior?.customHeaders).toEqual([
      { header: 'cross-origin-opener-policy', value: 'same-origin', override: true },
    ]);
  });

  it.each([
    ['x-frame-options', 'ALLOW-FROM https://example.org'],
    ['x-content-type-options', 'sniff'],
    ['strict-transport-security', 'max-age=forever'],
    ['referrer-policy', 'everywhere'],
    ['x-xss-protection', '1; mode=block'],
  ])('refuses %s: %s, which CloudFront cannot send as written', (name, value) => {
    expect(() => responseHeadersBehaviors({ [name]: value })).toThrow(/cannot be expressed/);
  });
});
