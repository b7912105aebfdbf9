// Edge stack: the web app's WAF web ACL, in us-east-1 because AWS WAF keeps every web ACL for CloudFront (scope
// CLOUDFRONT) there, whatever region the rest of the deployment is in. It holds rules and nothing else: no personal
// data, no logs, no sampled requests (see infra/constructs/web-app-firewall.ts); the families' data stays in the EU
// region of the stateful stack.
//
// The distribution (the stateless stack's nested Web stack, in the EU region) names the web ACL by its ARN, read from
// this stack's output with Fn::GetStackOutput (a weak cross-region reference). CDK's strong cross-region reference
// would add a custom resource with a Lambda function on each side (an export writer here, a reader in the stateless
// stack) that run only to copy one ARN, and keep a parameter in the EU region's SSM; the protection it buys
// (the web ACL cannot be deleted while in use) WAF gives anyway: it refuses to delete a web ACL that a distribution
// still names. Deploying: this stack first (`cdk deploy --all` orders it), and the account needs `cdk bootstrap` in
// us-east-1 as well.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type AppConfig, CLOUDFRONT_WEB_ACL_REGION, REQUEST_RATE_WINDOW_SECONDS } from '../config.ts';
import { WebAppFirewall } from '../constructs/web-app-firewall.ts';

export type EdgeStackProps = Omit<StackProps, 'env'> & {
  readonly config: AppConfig;
  /** The account (from the CLI), if known; the region is always us-east-1. */
  readonly account?: string;
};

export class EdgeStack extends Stack {
  readonly firewall: WebAppFirewall;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    const { config, account, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      env: { region: CLOUDFRONT_WEB_ACL_REGION, ...(account === undefined ? {} : { account }) },
    });
    this.firewall = new WebAppFirewall(this, 'Firewall', {
      name: `${config.prefix}-web`,
      limits: config.requestRateLimits,
      windowSeconds: REQUEST_RATE_WINDOW_SECONDS,
    });
    new CfnOutput(this, 'WebAclArn', { value: this.firewall.arn, description: "The web app distribution's web ACL" });
  }
}
