// The app entry: deployment context validation, stack names and region.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '#infra/build-app.ts';
import { InvalidDeploymentContext, resolveConfig } from '#infra/config.ts';
import { StatefulStack } from '#infra/stacks/stateful-stack.ts';
import { StatelessStack } from '#infra/stacks/stateless-stack.ts';
import { temporaryOutdir } from './synth.ts';

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
    expect(resolveConfig({ municipality: 'bad-muenstereifel', stage: 'prod' })).toMatchObject({
      municipality: 'bad-muenstereifel',
      stage: 'prod',
      prefix: 'Lotse-bad-muenstereifel-prod',
    });
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

  it('names the stacks after municipality and stage', () => {
    const app = build({ municipality: 'beispielstadt', stage: 'prod' });

    const names = app.node.children
      .filter((child) => child instanceof StatefulStack || child instanceof StatelessStack)
      .map((stack) => (stack as StatefulStack | StatelessStack).stackName);

    expect(names).toEqual(['Lotse-beispielstadt-prod-Stateful', 'Lotse-beispielstadt-prod-Stateless']);
  });

  it('deploys to eu-central-1 unless CDK_DEFAULT_REGION says otherwise', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', undefined);
    const defaultApp = build({ municipality: 'beispielstadt', stage: 'dev' });
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-1');
    const otherApp = build({ municipality: 'beispielstadt', stage: 'dev' });

    const regionOf = (app: ReturnType<typeof buildApp>) =>
      (app.node.children.find((child) => child instanceof StatefulStack) as StatefulStack).region;

    expect(regionOf(defaultApp)).toBe('eu-central-1');
    expect(regionOf(otherApp)).toBe('eu-west-1');
  });
});
