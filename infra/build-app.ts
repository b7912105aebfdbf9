// Builds the whole CDK app for one municipality and stage; used by infra/app.ts, the infra tests and the local runtime.
import { readFileSync } from 'node:fs';
import { App, type AppProps, ReferenceStrength, Stack } from 'aws-cdk-lib';
import { resolveConfig } from './config.ts';
import { addNagChecks } from './nag.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export type BuildAppOptions = {
  /** Where to write the cloud assembly (default: the CLI's outdir, or a temporary directory). */
  readonly outdir?: string;
  /** Run the cdk-nag AwsSolutions pack during synthesis (default true). */
  readonly nag?: boolean;
  /**
   * Run CDK's built-in CloudFormation template validation (default true). It costs seconds per synthesis, so
   * tests that assert on resources turn it off; `npm run synth` and the cdk-nag test keep it.
   */
  readonly templateValidation?: boolean;
};

/**
 * The feature flags in cdk.json's context (`@aws-cdk/...`). The CDK CLI passes them to infra/app.ts itself; the infra
 * tests and the local runtime build the app without the CLI, so they apply them here and synthesize the same
 * templates as `cdk synth`/`cdk deploy` do.
 */
export function cdkJsonFeatureFlags(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return Object.fromEntries(Object.entries(cdkJson.context ?? {}).filter(([key]) => key.startsWith('@aws-cdk')));
}

/**
 * `context` is merged over the CDK CLI context and cdk.json's feature flags; it must yield `municipality` and
 * `stage`, and may set `region` (an EU region, default eu-central-1) and override `responseDeadlineDays` (JSON) and
 * `retentionDays` (see infra/config.ts). Pass `{ 'aws:cdk:bundling-stacks': [] }` in it to synthesize without bundling
 * the functions.
 */
export function buildApp(context: Record<string, unknown> = {}, options: BuildAppOptions = {}): App {
  const props: AppProps = {
    // Strong references (Fn::ImportValue): the stateful stack cannot be deleted while the stateless one uses it
    // (cdk.json says so too, over the recommended "weak").
    context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...cdkJsonFeatureFlags(), ...context },
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    ...(options.templateValidation === false ? { builtinCloudFormationValidation: false } : {}),
  };
  const app = new App(props);
  const config = resolveConfig({
    municipality: app.node.tryGetContext('municipality'),
    stage: app.node.tryGetContext('stage'),
    region: app.node.tryGetContext('region'),
    webAppOrigin: app.node.tryGetContext('webAppOrigin'),
    responseDeadlineDays: app.node.tryGetContext('responseDeadlineDays'),
    retentionDays: app.node.tryGetContext('retentionDays'),
    openCaseRetentionDays: app.node.tryGetContext('openCaseRetentionDays'),
    reportingPeriod: app.node.tryGetContext('reportingPeriod'),
    accountConcurrencyQuota: app.node.tryGetContext('accountConcurrencyQuota'),
  });
  // The region comes from the validated context alone: CDK_DEFAULT_REGION (set by the CLI from the caller's
  // profile, e.g. us-east-1) must not move special-category data out of the EU. The account may come from the CLI.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const env = {
    region: config.region,
    ...(account === undefined ? {} : { account }),
  };
  const tags = { 'lotse:municipality': config.municipality, 'lotse:stage': config.stage };

  const stateful = new StatefulStack(app, `${config.prefix}-Stateful`, {
    env,
    config,
    tags,
    stackName: `${config.prefix}-Stateful`,
    description: `Lotse ${config.municipality} (${config.stage}): key, table, queues, user pool`,
    terminationProtection: config.deletionProtection,
  });
  // The web ACL of the web app's distribution, in us-east-1 as WAF requires for CloudFront (see edge-stack.ts).
  const edge = new EdgeStack(app, `${config.prefix}-Edge`, {
    ...(account === undefined ? {} : { account }),
    config,
    tags,
    stackName: `${config.prefix}-Edge`,
    description: `Lotse ${config.municipality} (${config.stage}): the web app's WAF web ACL (CloudFront, us-east-1)`,
  });
  new StatelessStack(app, `${config.prefix}-Stateless`, {
    env,
    config,
    stateful,
    // Read from the edge stack's output (Fn::GetStackOutput): no custom resources to carry one ARN across regions.
    webAclArn: Stack.consumeReference(edge.firewall.arn, ReferenceStrength.WEAK),
    tags,
    stackName: `${config.prefix}-Stateless`,
    description: `Lotse ${config.municipality} (${config.stage}): functions, HTTP API, schedules`,
  });

  if (options.nag ?? true) addNagChecks(app);
  return app;
}
