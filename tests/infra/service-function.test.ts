// ServiceFunction's own contract: environment merging, bind methods that refuse to silently overwrite, and the
// secret-prefix binding that refuses what would widen it.
import { rmSync } from 'node:fs';
import { App, type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
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
    reservedConcurrency: 5,
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
    fn.bindTable(table('First'), ['read']);

    expect(() => fn.bindTable(table('Second'), ['read'])).toThrow(/TABLE_NAME is already bound/);
  });

  it('binds a second table under its own variable', () => {
    const { stack, create } = fixture();
    const fn = create();
    const table = (id: string) => new Table(stack, id, { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const first = table('First');
    const second = table('Second');

    fn.bindTable(first, ['read']).bindTable(second, ['put'], { environmentVariable: 'PERSONAL_TABLE_NAME' });

    expect(variablesOf(stack)).toMatchObject({
      TABLE_NAME: { Ref: stack.getLogicalId(first.node.defaultChild as CfnElement) },
      PERSONAL_TABLE_NAME: { Ref: stack.getLogicalId(second.node.defaultChild as CfnElement) },
    });
  });

  it.each([
    [['read'], ['dynamodb:GetItem', 'dynamodb:Query']],
    [['conditionCheck'], ['dynamodb:ConditionCheckItem']],
    [['put'], ['dynamodb:PutItem']],
    [
      ['update', 'read'],
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    ],
    [['delete'], ['dynamodb:DeleteItem']],
    [
      ['read', 'conditionCheck', 'put', 'update', 'delete', 'batchWrite'],
      [
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
    ],
  ] as const)('grants %j on the table as exactly %j', (capabilities, actions) => {
    const { stack, create } = fixture();
    const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });

    create().bindTable(table, capabilities);

    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties
          .PolicyDocument.Statement,
    );
    const granted = statements
      .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
      .filter((action) => action.startsWith('dynamodb:'));
    expect(granted.sort()).toEqual([...actions]);
  });

  it('refuses a table binding without a capability, and an index query without read', () => {
    const { stack, create } = fixture();
    const fn = create();
    const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });

    expect(() => fn.bindTable(table, [])).toThrow(/needs a capability/);
    expect(() => fn.bindTable(table, ['update'], { indexNames: ['GSI1'] })).toThrow(/needs the read capability/);
  });

  it('sets the queue URL variable of a consumer only when asked to', () => {
    const { stack, create } = fixture();
    const fn = create();
    const queue = new Queue(stack, 'Queue');

    fn.bindQueueConsumer(queue, { batchSize: 10, environmentVariable: 'NOTIFICATION_QUEUE_URL' });

    expect(variablesOf(stack)).toMatchObject({
      NOTIFICATION_QUEUE_URL: { Ref: stack.getLogicalId(queue.node.defaultChild as CfnElement) },
    });
  });
});

function variablesOf(stack: Stack): Record<string, unknown> {
  return (
    functionNamed(Template.fromStack(stack), 'referrer').resource.Properties.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;
}
