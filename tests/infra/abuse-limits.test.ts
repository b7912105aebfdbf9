// Abuse limits from the synthesized templates: the web app's WAF web ACL in us-east-1 with its per-address rate rules,
// its association with the distribution (read across regions from the edge stack's output), each function's
// reserved concurrency and the queue consumers' polling bound, and the synthesis-time check against the account quota.
import { rmSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';
import {
  DEFAULT_REQUEST_RATE_LIMITS,
  DEFAULT_RESERVED_CONCURRENCY,
  type FunctionName,
  InvalidDeploymentContext,
  LAMBDA_UNRESERVED_MINIMUM,
  resolveConfig,
} from '#infra/config.ts';
import {
  functionNamed,
  MUNICIPALITY,
  onlyLogicalId,
  type SynthesizedStage,
  synthStage,
  temporaryOutdir,
} from './synth.ts';

type Statement = Record<string, unknown>;
type WebAclRule = {
  Name: string;
  Priority: number;
  Action: Record<string, unknown>;
  Statement: {
    RateBasedStatement: {
      AggregateKeyType: string;
      Limit: number;
      EvaluationWindowSec: number;
      ScopeDownStatement: Statement;
    };
  };
  VisibilityConfig: { SampledRequestsEnabled: boolean; CloudWatchMetricsEnabled: boolean };
};
type WebAcl = {
  Scope: string;
  DefaultAction: Record<string, unknown>;
  VisibilityConfig: { SampledRequestsEnabled: boolean };
  Rules: WebAclRule[];
};

/** A request as WAF sees it, to evaluate the scope-down statements the template holds (the subset they use). */
type Request = { readonly method: string; readonly path: string };

function matches(statement: Statement, request: Request): boolean {
  if ('AndStatement' in statement) {
    return (statement.AndStatement as { Statements: Statement[] }).Statements.every((inner) => matches(inner, request));
  }
  if ('OrStatement' in statement) {
    return (statement.OrStatement as { Statements: Statement[] }).Statements.some((inner) => matches(inner, request));
  }
  if ('NotStatement' in statement)
    return !matches((statement.NotStatement as { Statement: Statement }).Statement, request);
  if ('ByteMatchStatement' in statement) {
    const byteMatch = statement.ByteMatchStatement as {
      FieldToMatch: { UriPath?: object; Method?: object };
      PositionalConstraint: string;
      SearchString: string;
      TextTransformations: { Type: string }[];
    };
    expect(byteMatch.TextTransformations).toEqual([{ Priority: 0, Type: 'NONE' }]);
    const value = byteMatch.FieldToMatch.UriPath !== undefined ? request.path : request.method;
    if (byteMatch.PositionalConstraint === 'EXACTLY') return value === byteMatch.SearchString;
    if (byteMatch.PositionalConstraint === 'STARTS_WITH') return value.startsWith(byteMatch.SearchString);
  }
  throw new Error(`statement not understood by the test: ${JSON.stringify(statement)}`);
}

const STATELESS_FUNCTIONS = ['intake', 'referrer', 'office', 'router', 'sweeper', 'notifier', 'coordinator'] as const;

describe('abuse limits (prod)', () => {
  let synthesized: SynthesizedStage;
  let webAclId: string;
  let webAcl: WebAcl;

  beforeAll(() => {
    synthesized = synthStage('prod', { nag: false });
    webAclId = onlyLogicalId(synthesized.edge, 'AWS::WAFv2::WebACL');
    webAcl = (synthesized.edge.findResources('AWS::WAFv2::WebACL')[webAclId] as { Properties: WebAcl }).Properties;
  });

  describe('the web ACL', () => {
    it('lives in a stack of its own in us-east-1, with scope CLOUDFRONT, and holds nothing but the web ACL', () => {
      const resourceTypes = Object.values(synthesized.edge.toJSON().Resources as Record<string, { Type: string }>).map(
        (resource) => resource.Type,
      );

      expect(synthesized.edgeStack.region).toBe('us-east-1');
      expect(synthesized.edgeStack.stackName).toBe(`Lotse-${MUNICIPALITY}-prod-Edge`);
      expect(resourceTypes.filter((type) => type !== 'AWS::CDK::Metadata')).toEqual(['AWS::WAFv2::WebACL']);
      expect(webAcl.Scope).toBe('CLOUDFRONT');
      expect(webAcl.DefaultAction).toEqual({ Allow: {} });
    });

    it('keeps no request: no sampled requests and no logging configuration (addresses and tokens stay out of us-east-1)', () => {
      expect(webAcl.VisibilityConfig.SampledRequestsEnabled).toBe(false);
      for (const rule of webAcl.Rules) {
        expect(rule.VisibilityConfig).toMatchObject({ SampledRequestsEnabled: false, CloudWatchMetricsEnabled: true });
      }
      synthesized.edge.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    });

    it('blocks a client address above each limit per five minutes, with the configured numbers', () => {
      const rules = Object.fromEntries(
        webAcl.Rules.map((rule) => [
          rule.Name,
          {
            action: rule.Action,
            key: rule.Statement.RateBasedStatement.AggregateKeyType,
            limit: rule.Statement.RateBasedStatement.Limit,
            window: rule.Statement.RateBasedStatement.EvaluationWindowSec,
          },
        ]),
      );

      expect(rules).toEqual({
        ApiWritesPerAddress: { action: { Block: {} }, key: 'IP', limit: 300, window: 300 },
        ApiReadsPerAddress: { action: { Block: {} }, key: 'IP', limit: 3000, window: 300 },
        FilesPerAddress: { action: { Block: {} }, key: 'IP', limit: 3000, window: 300 },
      });
      expect(DEFAULT_REQUEST_RATE_LIMITS).toEqual({ apiWrites: 300, apiReads: 3000, files: 3000 });
      expect(webAcl.Rules.map((rule) => rule.Priority)).toEqual([0, 1, 2]);
    });

    it('counts each request against exactly one rule: API writes, API reads, or the app files', () => {
      const counting = (request: Request) =>
        webAcl.Rules.filter((rule) => matches(rule.Statement.RateBasedStatement.ScopeDownStatement, request)).map(
          (rule) => rule.Name,
        );

      expect(counting({ method: 'POST', path: '/v1/referrals' })).toEqual(['ApiWritesPerAddress']);
      expect(counting({ method: 'PUT', path: '/v1/offers/familienhebammen' })).toEqual(['ApiWritesPerAddress']);
      expect(counting({ method: 'DELETE', path: '/v1/accounts/a1' })).toEqual(['ApiWritesPerAddress']);
      expect(counting({ method: 'GET', path: '/v1/cases/c1' })).toEqual(['ApiReadsPerAddress']);
      expect(counting({ method: 'HEAD', path: '/v1/cases' })).toEqual(['ApiReadsPerAddress']);
      expect(counting({ method: 'GET', path: '/' })).toEqual(['FilesPerAddress']);
      expect(counting({ method: 'GET', path: '/app-ABC123.js' })).toEqual(['FilesPerAddress']);
      expect(counting({ method: 'GET', path: '/eingang/c1' })).toEqual(['FilesPerAddress']);
      expect(counting({ method: 'POST', path: '/v1' })).toEqual(['FilesPerAddress']);
    });

    it('adds no managed rule group (the common rule set would refuse API bodies above 8 KB)', () => {
      expect(JSON.stringify(webAcl.Rules)).not.toContain('ManagedRuleGroupStatement');
    });
  });

  describe("the distribution's association", () => {
    it("names the edge stack's web ACL by its ARN, read across regions from the edge stack's output", () => {
      const outputs = synthesized.edge.toJSON().Outputs as Record<string, { Value: unknown }>;
      const distribution = Object.values(synthesized.web.findResources('AWS::CloudFront::Distribution'))[0] as {
        Properties: { DistributionConfig: { WebACLId: { 'Fn::GetStackOutput': Record<string, string> } } };
      };
      const reference = distribution.Properties.DistributionConfig.WebACLId['Fn::GetStackOutput'];

      expect(reference).toMatchObject({ StackName: `Lotse-${MUNICIPALITY}-prod-Edge`, Region: 'us-east-1' });
      expect(outputs[reference.OutputName ?? '']?.Value).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    });

    it('deploys the stateless stack after the edge stack, and carries the ARN with no custom resource', () => {
      expect(synthesized.statelessStack.dependencies).toContain(synthesized.edgeStack);
      for (const template of [synthesized.edge, synthesized.stateless, synthesized.web]) {
        expect(Object.keys(template.findResources('Custom::CrossRegionExportWriter'))).toEqual([]);
        expect(Object.keys(template.findResources('Custom::CrossRegionExportReader'))).toEqual([]);
      }
    });
  });

  describe('reserved concurrency', () => {
    it.each(STATELESS_FUNCTIONS)('reserves the configured concurrency for %s', (name) => {
      const { resource } = functionNamed(synthesized.stateless, name);

      expect(resource.Properties.ReservedConcurrentExecutions).toBe(DEFAULT_RESERVED_CONCURRENCY[name]);
    });

    it('reserves the configured concurrency for the token trigger', () => {
      const { resource } = functionNamed(synthesized.stateful, 'token');

      expect(resource.Properties.ReservedConcurrentExecutions).toBe(DEFAULT_RESERVED_CONCURRENCY.token);
    });

    it('polls each queue no faster than its consumer may run', () => {
      for (const name of ['router', 'notifier'] as const) {
        const { logicalId } = functionNamed(synthesized.stateless, name);

        synthesized.stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: logicalId },
          ScalingConfig: { MaximumConcurrency: DEFAULT_RESERVED_CONCURRENCY[name] },
        });
      }
    });

    it('leaves 100 executions of an established account (quota 1,000) unreserved', () => {
      const reserved = [synthesized.stateless, synthesized.stateful].flatMap((template) =>
        Object.values(
          template.findResources('AWS::Lambda::Function', {
            Properties: { ReservedConcurrentExecutions: Match.anyValue() },
          }),
        ).map((fn) => (fn as { Properties: { ReservedConcurrentExecutions: number } }).Properties),
      );
      const total = reserved.reduce((sum, props) => sum + props.ReservedConcurrentExecutions, 0);

      expect(reserved).toHaveLength(Object.keys(DEFAULT_RESERVED_CONCURRENCY).length);
      expect(total).toBe(107);
      expect(total + LAMBDA_UNRESERVED_MINIMUM).toBeLessThanOrEqual(1000);
    });
  });
});

describe('limits per municipality', () => {
  const context = { municipality: 'beispielstadt', stage: 'dev' };

  it('takes the agreed limits of a municipality, the defaults for the rest', () => {
    const config = resolveConfig(context, {
      beispielstadt: { requestRateLimits: { apiWrites: 600 }, reservedConcurrency: { intake: 40 } },
    });

    expect(config.requestRateLimits).toEqual({ apiWrites: 600, apiReads: 3000, files: 3000 });
    expect(config.reservedConcurrency).toEqual({ ...DEFAULT_RESERVED_CONCURRENCY, intake: 40 });
  });

  it.each([
    [{ requestRateLimits: { apiWrites: 5 } }, /requestRateLimits\.apiWrites: a whole number of requests from 10/],
    [{ requestRateLimits: { files: 2.5e9 } }, /requestRateLimits\.files/],
    [{ reservedConcurrency: { router: 0 } }, /reservedConcurrency\.router: a whole number of at least 1/],
    [{ reservedConcurrency: { office: 2.5 } }, /reservedConcurrency\.office/],
  ])('refuses the agreed limits %j naming the setting', (agreed, message) => {
    expect(() => resolveConfig(context, { beispielstadt: agreed })).toThrow(InvalidDeploymentContext);
    expect(() => resolveConfig(context, { beispielstadt: agreed })).toThrow(message);
  });

  it('accepts reservations that leave exactly 100 of the account quota unreserved', () => {
    const total = Object.values(DEFAULT_RESERVED_CONCURRENCY).reduce((sum, reserved) => sum + reserved, 0);

    expect(resolveConfig({ ...context, accountConcurrencyQuota: String(total + 100) }).accountConcurrencyQuota).toBe(
      total + 100,
    );
    expect(() => resolveConfig({ ...context, accountConcurrencyQuota: String(total + 99) })).toThrow(
      InvalidDeploymentContext,
    );
  });

  it("refuses at synthesis, with what to do, a new account's quota of 10", () => {
    const outdir = temporaryOutdir();
    const build = () =>
      buildApp(
        { ...context, accountConcurrencyQuota: '10', 'aws:cdk:bundling-stacks': [] },
        { nag: false, templateValidation: false, outdir },
      );

    expect(build).toThrow(
      /functions reserve 107 concurrent executions .* must be at least 207, but it is 10 .*Service Quotas.*"Concurrent executions"/s,
    );
    rmSync(outdir, { recursive: true, force: true });
  });

  it('refuses reservations an account quota cannot hold when a municipality raises them', () => {
    const generous = Object.fromEntries(Object.keys(DEFAULT_RESERVED_CONCURRENCY).map((name) => [name, 120])) as Record<
      FunctionName,
      number
    >;

    expect(() => resolveConfig(context, { beispielstadt: { reservedConcurrency: generous } })).toThrow(
      /reserve 960 concurrent executions .* at least 1060, but it is 1000/,
    );
  });
});
