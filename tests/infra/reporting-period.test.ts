// The coverage report's grid of reporting periods as a deployment setting: months by default, quarters per
// municipality or with `-c reportingPeriod=quarter`, refused with a message otherwise, and carried to the coordinator.
import { rmSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';
import { DEFAULT_MUNICIPALITY_SETTINGS, InvalidDeploymentContext, resolveConfig } from '#infra/config.ts';
import { StatelessStack } from '#infra/stacks/stateless-stack.ts';
import { functionNamed, temporaryOutdir } from './synth.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const outdirs: string[] = [];

function coordinatorEnvironment(context: Record<string, unknown>): Record<string, unknown> {
  const outdir = temporaryOutdir();
  outdirs.push(outdir);
  const app = buildApp({ ...context, ...NO_BUNDLING }, { nag: false, templateValidation: false, outdir });
  const stateless = Template.fromStack(
    app.node.children.find((child) => child instanceof StatelessStack) as StatelessStack,
  );
  const environment = functionNamed(stateless, 'coordinator').resource.Properties.Environment as {
    Variables: Record<string, unknown>;
  };
  return environment.Variables;
}

describe('the reporting period', () => {
  afterEach(() => {
    for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
  });

  it('is the calendar month unless a municipality agreed otherwise', () => {
    expect(DEFAULT_MUNICIPALITY_SETTINGS.reportingPeriod).toBe('month');
    expect(resolveConfig({ municipality: 'beispielstadt', stage: 'dev' }).reportingPeriod).toBe('month');
  });

  it('takes -c reportingPeriod=quarter', () => {
    expect(
      resolveConfig({ municipality: 'beispielstadt', stage: 'dev', reportingPeriod: 'quarter' }).reportingPeriod,
    ).toBe('quarter');
  });

  it.each(['week', 'Quarter', 'quarterly', 3, ''])(
    'refuses %j with a message naming the key and the choices',
    (value) => {
      const context = { municipality: 'beispielstadt', stage: 'dev', reportingPeriod: value };

      expect(() => resolveConfig(context)).toThrow(InvalidDeploymentContext);
      expect(() => resolveConfig(context)).toThrow(
        'reportingPeriod: context "reportingPeriod" must be "month" (calendar months) or "quarter" (calendar quarters)',
      );
    },
  );

  it('reaches the coordinator function as REPORTING_PERIOD', () => {
    expect(coordinatorEnvironment({ municipality: 'beispielstadt', stage: 'dev' }).REPORTING_PERIOD).toBe('month');
    expect(
      coordinatorEnvironment({ municipality: 'beispielstadt', stage: 'dev', reportingPeriod: 'quarter' })
        .REPORTING_PERIOD,
    ).toBe('quarter');
  });
});
