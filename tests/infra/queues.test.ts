// The routing queue, its dead-letter queue and alarms, and the router's event source mapping.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionNamed, importOf, synthStage } from './synth.ts';

describe('routing queue', () => {
  let stateful: Template;
  let stateless: Template;
  let queueId: string;
  let deadLetterQueueId: string;
  let keyId: string;

  beforeAll(() => {
    ({ stateful, stateless } = synthStage('dev'));
    const queues = stateful.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } });
    [queueId] = Object.keys(queues) as [string];
    const redrive = (queues[queueId] as { Properties: { RedrivePolicy: { deadLetterTargetArn: unknown } } }).Properties
      .RedrivePolicy;
    deadLetterQueueId = (redrive.deadLetterTargetArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    [keyId] = Object.keys(stateful.findResources('AWS::KMS::Key')) as [string];
  });

  it('has one source queue with a dead-letter queue after 5 receives', () => {
    const queues = stateful.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } });

    expect(Object.keys(queues)).toHaveLength(1);
    expect(queues[queueId]).toMatchObject({ Properties: { RedrivePolicy: { maxReceiveCount: 5 } } });
  });

  it('keeps a message invisible for 180 s, six times the router timeout', () => {
    const router = functionNamed(stateless, 'router');

    expect(stateful.findResources('AWS::SQS::Queue')[queueId]).toMatchObject({
      Properties: { VisibilityTimeout: 180 },
    });
    expect(router.resource.Properties.Timeout).toBe(30);
  });

  it('keeps dead letters for 14 days', () => {
    expect(stateful.findResources('AWS::SQS::Queue')[deadLetterQueueId]).toMatchObject({
      Properties: { MessageRetentionPeriod: 14 * 24 * 60 * 60 },
    });
  });

  it('encrypts both queues with the customer-managed key', () => {
    for (const id of [queueId, deadLetterQueueId]) {
      expect(stateful.findResources('AWS::SQS::Queue')[id]).toMatchObject({
        Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      });
    }
  });

  it.each(['source', 'dead-letter'])('denies every non-TLS request on the %s queue', (which) => {
    const id = which === 'source' ? queueId : deadLetterQueueId;

    stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms as soon as the dead-letter queue holds a visible message', () => {
    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueueId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('alarms when the oldest routing message gets old', () => {
    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
  });

  it('feeds the router in batches of 10 with partial batch failures', () => {
    const router = functionNamed(stateless, 'router');

    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: router.logicalId },
      EventSourceArn: importOf(stateful, { 'Fn::GetAtt': [queueId, 'Arn'] }),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});
