// ServiceFunction's own contract: environment merging and bind methods that refuse to silently overwrite.
import { rmSync } from 'node:fs';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceFunction, type ServiceFunctionProps } from '#infra/constructs/service-function.ts';
import { functionNamed, temporaryOutdir } from './synth.ts';

const outdirs: string[] = [];

function fixture(environment?: Record<string, string>): { stack: Stack; create: () => ServiceFunction } {
  const outdir = temporaryOutdir();
  outdirs.push(outdir);
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Fixture', { env: { region: 'eu-central-1' } });
  const props: ServiceFunctionProps = {
    name: 'referrer',
    defaults: {
      municipality: 'musterstadt',
      stage: 'dev',
      logLevel: 'INFO',
      logRetention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
      logEncryptionKey: new Key(stack, 'Key'),
    },
    timeout: Duration.seconds(10),
    memorySize: 512,
    ...(environment === undefined ? {} : { environment }),
  };
  return { stack, create: () => new ServiceFunction(stack, 'Referrer', props) };
}

describe('ServiceFunction', () => {
  afterEach(() => {
    for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
  });

  it("merges the caller's environment with the common variables", () => {
    const { stack, create } = fixture({ FEATURE_FLAG: 'on' });

    create();

    const variables = (
      functionNamed(Template.fromStack(stack), 'referrer').resource.Properties.Environment as {
        Variables: Record<string, string>;
      }
    ).Variables;
    expect(variables).toMatchObject({ FEATURE_FLAG: 'on', POWERTOOLS_SERVICE_NAME: 'lotse', STAGE: 'dev' });
  });

  it('refuses a caller variable that would replace a common one', () => {
    const { create } = fixture({ STAGE: 'prod' });

    expect(create).toThrow(/STAGE is set for you/);
  });

  it('refuses to bind a second table to the same variable', () => {
    const { stack, create } = fixture();
    const fn = create();
    const table = (id: string) => new Table(stack, id, { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    fn.bindTable(table('First'), 'read');

    expect(() => fn.bindTable(table('Second'), 'read')).toThrow(/TABLE_NAME is already bound/);
  });
});
