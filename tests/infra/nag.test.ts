// cdk-nag AwsSolutions over every stack of both stages: zero unacknowledged findings, and only reasoned acknowledgements.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';
import type { Stage } from '#infra/config.ts';
import { StatefulStack } from '#infra/stacks/stateful-stack.ts';
import { MUNICIPALITY, type SynthesizedStage, synthStage, temporaryOutdir } from './synth.ts';

type Finding = { rule: string; path: string };

function findings(synthesized: SynthesizedStage): Finding[] {
  const report = new AwsSolutionsChecks().validateScope(synthesized.app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({ rule: violation.ruleName, path: resource.constructPath ?? '?' })),
  );
}

function acknowledgements(synthesized: SynthesizedStage): { rule: string; path: string; reason: string }[] {
  return synthesized.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({
          rule: rule.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );
}

const FUNCTION_ROLES = ['Intake', 'Referrer', 'Office', 'Router', 'Sweeper', 'Notifier', 'Coordinator'];
// X-Ray only: the notifier's webhook secret is one secret named by its ARN, no wildcard below a prefix any more.
const statelessAcknowledgements = (stage: Stage): Finding[] =>
  FUNCTION_ROLES.map((fn) => ({
    rule: 'AwsSolutions-IAM5[Resource::*]',
    path: `Lotse-${MUNICIPALITY}-${stage}-Stateless/${fn}/Role`,
  }));
// The web app's hosting (the stateless stack's nested stack): the app bucket's and the distribution's reviewed
// findings, and the wildcards and runtime of CDK's bucket deployment, which copies the build at deployment.
const webAcknowledgements = (stage: Stage): Finding[] => {
  const web = `Lotse-${MUNICIPALITY}-${stage}-Stateless/Web`;
  return [
    { rule: 'AwsSolutions-S1', path: `${web}/App/Bucket` },
    // CFR2 (no WAF) is gone: the edge stack's web ACL guards the distribution.
    ...['CFR1', 'CFR3', 'CFR4'].map((rule) => ({
      rule: `AwsSolutions-${rule}`,
      path: `${web}/App/Distribution`,
    })),
    ...[
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::<AppBucket6ECB8645.Arn>/*',
      'Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-eu-central-1/*',
    ].map((finding) => ({ rule: `AwsSolutions-IAM5[${finding}]`, path: `${web}/App/DeploymentRole` })),
    { rule: 'AwsSolutions-L1', path: `${web}/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C` },
  ];
};
// The token trigger lives with the user pool; its role has the same X-Ray acknowledgement as every function's.
const tokenTriggerAcknowledgement = (stage: Stage): Finding => ({
  rule: 'AwsSolutions-IAM5[Resource::*]',
  path: `Lotse-${MUNICIPALITY}-${stage}-Stateful/TokenTrigger/Role`,
});
// The key of the idempotency records' body hashes is never rotated (a new key would refuse the retries of a day).
const bodyHashSecretAcknowledgement = (stage: Stage): Finding => ({
  rule: 'AwsSolutions-SMG4',
  path: `Lotse-${MUNICIPALITY}-${stage}-Stateful/BodyHashSecret`,
});
// The webhook secret is rotated by operations (npm run webhook-secret), not by a rotation function.
const webhookSecretAcknowledgement = (stage: Stage): Finding => ({
  rule: 'AwsSolutions-SMG4',
  path: `Lotse-${MUNICIPALITY}-${stage}-Stateful/WebhookSecret`,
});
const EXPECTED_ACKNOWLEDGEMENTS: Record<Stage, Finding[]> = {
  dev: [
    { rule: 'AwsSolutions-DDB3', path: `Lotse-${MUNICIPALITY}-dev-Stateful/Table` },
    { rule: 'AwsSolutions-DDB3', path: `Lotse-${MUNICIPALITY}-dev-Stateful/PersonalTable` },
    tokenTriggerAcknowledgement('dev'),
    bodyHashSecretAcknowledgement('dev'),
    webhookSecretAcknowledgement('dev'),
    ...statelessAcknowledgements('dev'),
    ...webAcknowledgements('dev'),
  ],
  prod: [
    tokenTriggerAcknowledgement('prod'),
    bodyHashSecretAcknowledgement('prod'),
    webhookSecretAcknowledgement('prod'),
    ...statelessAcknowledgements('prod'),
    ...webAcknowledgements('prod'),
  ],
};

describe.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions, %s stage', (stage) => {
  let synthesized: SynthesizedStage;

  beforeAll(() => {
    synthesized = synthStage(stage, { nag: false });
  });

  it('reports no unacknowledged finding on any stack', () => {
    expect(findings(synthesized)).toEqual([]);
  });

  it('acknowledges exactly the reviewed findings', () => {
    const acknowledged = acknowledgements(synthesized).map(({ rule, path: constructPath }) => ({
      rule,
      path: constructPath,
    }));

    expect(acknowledged).toEqual(expect.arrayContaining(EXPECTED_ACKNOWLEDGEMENTS[stage]));
    expect(acknowledged).toHaveLength(EXPECTED_ACKNOWLEDGEMENTS[stage].length);
  });

  it('gives every acknowledgement a specific reason', () => {
    for (const { reason } of acknowledgements(synthesized)) expect(reason.length).toBeGreaterThan(60);
  });

  it("explains why the body hash key is not rotated: the replays of the records' 24 hours", () => {
    const rotation = acknowledgements(synthesized).find(
      ({ rule, path }) => rule === 'AwsSolutions-SMG4' && path.endsWith('/BodyHashSecret'),
    );

    expect(rotation?.reason).toMatch(/24 hours/);
    expect(rotation?.reason).toMatch(/422/);
  });

  it('explains why the webhook secret has no rotation function: operations rotate it and hand the offices theirs', () => {
    const rotation = acknowledgements(synthesized).find(
      ({ rule, path }) => rule === 'AwsSolutions-SMG4' && path.endsWith('/WebhookSecret'),
    );

    expect(rotation?.reason).toMatch(/npm run webhook-secret/);
    expect(rotation?.reason).toMatch(/24 hours/);
  });

  it('acknowledges no wildcard on Secrets Manager', () => {
    expect(acknowledgements(synthesized).filter(({ rule }) => rule.includes(':secret:'))).toEqual([]);
  });
});

describe('cdk-nag wiring', () => {
  it('lets `npm run synth` (nag and CloudFormation template validation on) finish without any violation', () => {
    const outdir = temporaryOutdir();
    const app = buildApp({ municipality: MUNICIPALITY, stage: 'prod', 'aws:cdk:bundling-stacks': [] }, { outdir });

    const assembly = app.synth();
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    rmSync(outdir, { recursive: true, force: true });

    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('fails synthesis when a stack gains a non-compliant resource', () => {
    const outdir = temporaryOutdir();
    const app = buildApp(
      { municipality: MUNICIPALITY, stage: 'dev', 'aws:cdk:bundling-stacks': [] },
      { templateValidation: false, outdir },
    );
    const stateful = app.node.children.find((child) => child instanceof StatefulStack) as StatefulStack;
    new Queue(stateful, 'UnencryptedQueueWithoutDeadLetters');

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
    rmSync(outdir, { recursive: true, force: true });
  });
});
