// The web app's AWS WAF web ACL (scope CLOUDFRONT): per-client-address rate limits on the distribution that serves the
// app and forwards `/v1/*` to the HTTP API, so that one misbehaving caller cannot run up the municipality's account.
//
// What it deliberately leaves out:
// - The AWS managed common rule set. Its body rules would refuse requests the API must take: SizeRestrictions_BODY
//   blocks bodies above 8 KB (the API takes JSON up to 32 KiB), CrossSiteScripting_BODY and GenericRFI_BODY inspect
//   the free text and addresses people send (a referral's note, offer descriptions, an office's webhook URL). Its
//   other rules guard against file-path and server-script attacks on origins this distribution does not have: a
//   private bucket of built files and an API that checks every field against its schema. No local runtime can run
//   WAF to prove a rule harmless, so none is added on trust.
// - Sampled requests and WAF logging: both keep whole requests (client address, headers with the bearer token, the
//   path with case ids) in us-east-1, outside the EU. Only the CloudWatch counts per rule are kept.
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { RequestRateLimits } from '../config.ts';

/** The prefix of the API's paths behind the distribution (web-app.ts's `/v1/*` behaviour). */
export const API_PATH_PREFIX = '/v1/';

export type WebAppFirewallProps = {
  /** The web ACL's name and the prefix of its metric names (e.g. `Lotse-musterstadt-prod-web`). */
  readonly name: string;
  readonly limits: RequestRateLimits;
  /** Seconds the limits count over: 60, 120, 300 or 600. */
  readonly windowSeconds: number;
};

/** One rate-based rule: its name, the requests it counts, and the limit of its kind. */
type RateRule = {
  readonly name: string;
  readonly limit: keyof RequestRateLimits;
  readonly scope: CfnWebACL.StatementProperty;
};

const TEXT_TRANSFORMATION_NONE = [{ priority: 0, type: 'NONE' }];

function pathStartsWith(prefix: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: TEXT_TRANSFORMATION_NONE,
    },
  };
}

function methodIs(method: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { method: {} },
      positionalConstraint: 'EXACTLY',
      searchString: method,
      textTransformations: TEXT_TRANSFORMATION_NONE,
    },
  };
}

const isApi = pathStartsWith(API_PATH_PREFIX);
const isRead: CfnWebACL.StatementProperty = { orStatement: { statements: [methodIs('GET'), methodIs('HEAD')] } };

/** The three disjoint kinds of request, each counted per client address against its own limit. */
export const RATE_RULES: readonly RateRule[] = [
  {
    name: 'ApiWritesPerAddress',
    limit: 'apiWrites',
    scope: { andStatement: { statements: [isApi, { notStatement: { statement: isRead } }] } },
  },
  { name: 'ApiReadsPerAddress', limit: 'apiReads', scope: { andStatement: { statements: [isApi, isRead] } } },
  { name: 'FilesPerAddress', limit: 'files', scope: { notStatement: { statement: isApi } } },
];

export class WebAppFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAppFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      description: 'Lotse web app and API: requests per client address',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: RATE_RULES.map((rule, priority) => ({
        name: rule.name,
        priority,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: props.limits[rule.limit],
            evaluationWindowSec: props.windowSeconds,
            scopeDownStatement: rule.scope,
          },
        },
        visibilityConfig: visibility(`${props.name}-${rule.name}`),
      })),
    });
  }

  /** The ARN the distribution names as its web ACL (CloudFront takes the ARN of a WAFv2 web ACL). */
  get arn(): string {
    return this.webAcl.attrArn;
  }
}
