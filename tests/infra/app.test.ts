// The app entry: deployment context validation (including the deadline and retention overrides), stack names, the
// EU-only region.
import { rmSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '#infra/build-app.ts';
import { InvalidDeploymentContext, resolveConfig } from '#infra/config.ts';
import { StatefulStack } from '#infra/stacks/stateful-stack.ts';
import { StatelessStack } from '#infra/stacks/stateless-stack.ts';
import { functionNamed, temporaryOutdir } from './synth.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const outdirs: string[] = [];

function build(context: Record<string, unknown>): ReturnType<typeof buildApp> {
  const outdir = temporaryOutdir();
  outdirs.push(outdir);
  return buildApp({ ...context, ...NO_BUNDLING }, { nag: false, templateValidation: false, outdir });
}

describe('deployment context', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
  });

  it('accepts a lowercase municipality id and a known stage', () => {
    expect(
      resolveConfig({ municipality: 'bad-muenstereifel', stage: 'prod', webAppOrigin: 'https://lotse.example.de' }),
    ).toMatchObject({
      municipality: 'bad-muenstereifel',
      stage: 'prod',
      prefix: 'Lotse-bad-muenstereifel-prod',
      webAppOrigin: 'https://lotse.example.de',
    });
  });

  it("returns sign-in to the local runtime in dev and to the municipality's own origin in prod", () => {
    expect(resolveConfig({ municipality: 'musterstadt', stage: 'dev' }).webAppOrigin).toBe('http://localhost:3000');
    expect(resolveConfig({ municipality: 'musterstadt', stage: 'prod' }).webAppOrigin).toBe(
      'https://lotse.musterstadt.example',
    );
  });

  it.each([
    [{ municipality: 'beispielstadt', stage: 'prod' }, /webAppOrigin.*required for beispielstadt in stage prod/],
    [{ municipality: 'musterstadt', stage: 'prod', webAppOrigin: 'http://lotse.example.de' }, /https origin/],
    [{ municipality: 'musterstadt', stage: 'prod', webAppOrigin: 'https://lotse.example.de/app' }, /without a path/],
    [{ municipality: 'musterstadt', stage: 'dev', webAppOrigin: 'lotse' }, /webAppOrigin/],
  ])('refuses a web app origin sign-in could not safely return to: %j', (context, message) => {
    expect(() => resolveConfig(context)).toThrow(InvalidDeploymentContext);
    expect(() => resolveConfig(context)).toThrow(message);
  });

  it.each([
    [{ municipality: undefined, stage: 'dev' }, /municipality/],
    [{ municipality: 'Musterstadt', stage: 'dev' }, /municipality/],
    [{ municipality: 'muster stadt', stage: 'dev' }, /municipality/],
    [{ municipality: 'musterstadt', stage: 'staging' }, /stage/],
    [{ municipality: 'musterstadt', stage: undefined }, /stage/],
  ])('rejects %j naming the bad key', (context, message) => {
    expect(() => resolveConfig(context)).toThrow(InvalidDeploymentContext);
    expect(() => resolveConfig(context)).toThrow(message);
  });

  it('names the municipality in the web app by its agreed display name, or by its id without one', () => {
    expect(resolveConfig({ municipality: 'musterstadt', stage: 'dev' }).displayName).toBe('Musterstadt');
    expect(resolveConfig({ municipality: 'beispielstadt', stage: 'dev' }).displayName).toBe('beispielstadt');
  });

  it('gives a municipality without own settings the default deadlines and retention', () => {
    expect(resolveConfig({ municipality: 'beispielstadt', stage: 'dev' })).toMatchObject({
      responseDeadlineDays: { urgent: 1, soon: 3, routine: 5 },
      retentionDays: 180,
      openCaseRetentionDays: 365,
    });
  });

  it('takes the retention of never-closed cases from the context and hands both retentions to the sweeper', () => {
    const config = resolveConfig({ municipality: 'musterstadt', stage: 'dev', openCaseRetentionDays: '400' });
    expect(config.openCaseRetentionDays).toBe(400);
  });

  it.each([
    ['as the CLI passes them (strings)', '{"urgent":2,"soon":4,"routine":10}', '90'],
    ['as cdk.json passes them (JSON values)', { urgent: 2, soon: 4, routine: 10 }, 90],
  ])('takes deadline and retention overrides %s', (_how, responseDeadlineDays, retentionDays) => {
    expect(
      resolveConfig({ municipality: 'musterstadt', stage: 'prod', responseDeadlineDays, retentionDays }),
    ).toMatchObject({ responseDeadlineDays: { urgent: 2, soon: 4, routine: 10 }, retentionDays: 90 });
  });

  it.each([
    [{ responseDeadlineDays: '{"urgent":1,' }, /responseDeadlineDays: expected a JSON object/],
    [{ responseDeadlineDays: '{"urgent":1,"soon":3}' }, /responseDeadlineDays\.routine/],
    [{ responseDeadlineDays: '{"urgent":0,"soon":3,"routine":5}' }, /responseDeadlineDays\.urgent/],
    [{ responseDeadlineDays: '{"urgent":1.5,"soon":3,"routine":5}' }, /responseDeadlineDays\.urgent/],
    [{ responseDeadlineDays: '{"urgent":1,"soon":3,"routine":5,"later":9}' }, /responseDeadlineDays/],
    [{ retentionDays: '0' }, /retentionDays: at least 1 day/],
    [{ retentionDays: '90.5' }, /retentionDays: a whole number of days/],
    [{ retentionDays: 'ninety' }, /retentionDays: a whole number of days/],
    [{ retentionDays: 5000 }, /retentionDays: at most 3650 days/],
    [{ openCaseRetentionDays: '0' }, /openCaseRetentionDays: at least 1 day/],
  ])('rejects the override %j naming the bad key', (override, message) => {
    const context = { municipality: 'musterstadt', stage: 'dev', ...override };

    expect(() => resolveConfig(context)).toThrow(InvalidDeploymentContext);
    expect(() => resolveConfig(context)).toThrow(message);
  });

  it('passes context overrides on to the functions that apply them', () => {
    const app = build({
      municipality: 'beispielstadt',
      stage: 'dev',
      responseDeadlineDays: '{"routine":7,"urgent":2,"soon":4}',
      retentionDays: '30',
    });
    const stateless = Template.fromStack(
      app.node.children.find((child) => child instanceof StatelessStack) as StatelessStack,
    );
    const variables = (name: string) =>
      (functionNamed(stateless, name).resource.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;

    expect(variables('office')).toMatchObject({
      RESPONSE_DEADLINE_DAYS: '{"urgent":2,"soon":4,"routine":7}',
      RETENTION_DAYS: '30',
    });
    expect(variables('router').RESPONSE_DEADLINE_DAYS).toBe('{"urgent":2,"soon":4,"routine":7}');
  });

  it('refuses to build an app with an invalid override', () => {
    expect(() => build({ municipality: 'beispielstadt', stage: 'dev', retentionDays: '-1' })).toThrow(
      InvalidDeploymentContext,
    );
  });

  it('names the stacks after municipality and stage', () => {
    const app = build({ municipality: 'beispielstadt', stage: 'prod', webAppOrigin: 'https://lotse.beispielstadt.de' });

    const names = app.node.children
      .filter((child) => child instanceof StatefulStack || child instanceof StatelessStack)
      .map((stack) => (stack as StatefulStack | StatelessStack).stackName);

    expect(names).toEqual(['Lotse-beispielstadt-prod-Stateful', 'Lotse-beispielstadt-prod-Stateless']);
  });

  const regionsOf = (app: ReturnType<typeof buildApp>) =>
    app.node.children
      .filter((child) => child instanceof StatefulStack || child instanceof StatelessStack)
      .map((stack) => (stack as StatefulStack | StatelessStack).region);

  it('deploys to eu-central-1 by default', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', undefined);

    expect(resolveConfig({ municipality: 'beispielstadt', stage: 'dev' }).region).toBe('eu-central-1');
    expect(regionsOf(build({ municipality: 'beispielstadt', stage: 'dev' }))).toEqual(['eu-central-1', 'eu-central-1']);
  });

  it('ignores the CDK_DEFAULT_REGION the CLI sets from the caller profile', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', 'us-east-1');

    expect(regionsOf(build({ municipality: 'beispielstadt', stage: 'dev' }))).toEqual(['eu-central-1', 'eu-central-1']);
  });

  it('takes the EU region named in the context', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', 'us-east-1');

    expect(regionsOf(build({ municipality: 'beispielstadt', stage: 'dev', region: 'eu-west-1' }))).toEqual([
      'eu-west-1',
      'eu-west-1',
    ]);
  });

  it.each(['us-east-1', 'eu-central-2', 'eu-west-2', 'EU-CENTRAL-1', 42])('refuses the region %j', (region) => {
    const context = { municipality: 'beispielstadt', stage: 'dev', region };
    const message =
      'region: context "region" must be an EU region (one of eu-central-1, eu-west-1, eu-west-3, eu-north-1, ' +
      "eu-south-1, eu-south-2): families' special-category data (GDPR Art. 9) stays in the EU";

    expect(() => resolveConfig(context)).toThrow(InvalidDeploymentContext);
    expect(() => resolveConfig(context)).toThrow(message);
    expect(() => build(context)).toThrow(message);
  });
});
