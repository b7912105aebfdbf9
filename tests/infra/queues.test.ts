// The routing and notification queues, their dead-letter queues and alarms, and the consumers' event source mappings.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dataIdsOf,
  functionNamed,
  importOf,
  type QueueName,
  queueIdsOf,
  type SynthesizedStage,
  synthStage,
} from './synth.ts';

const QUEUES = [
  { name: 'routing', consumer: 'router', consumerTimeout: 30, visibilityTimeout: 180, maxReceiveCount: 5 },
  { name: 'notification', consumer: 'notifier', consumerTimeout: 30, visibilityTimeout: 180, maxReceiveCount: 8 },
] as const satisfies readonly { name: QueueName; [key: string]: unknown }[];

describe('queues', () => {
  let synthesized: SynthesizedStage;
  let stateful: Template;
  let stateless: Template;
  let keyId: string;

  beforeAll(() => {
    synthesized = synthStage('dev');
    ({ stateful, stateless } = synthesized);
    keyId = dataIdsOf(synthesized).key;
  });

  const queueResource = (id: string) => stateful.findResources('AWS::SQS::Queue')[id];

  it('has exactly two source queues, each with its own dead-letter queue', () => {
    const sources = stateful.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } });
    const ids = QUEUES.map(({ name }) => queueIdsOf(synthesized, name));

    expect(Object.keys(sources).sort()).toEqual(ids.map(({ queueId }) => queueId).sort());
    stateful.resourceCountIs('AWS::SQS::Queue', 4);
    expect(new Set(ids.map(({ deadLetterQueueId }) => deadLetterQueueId)).size).toBe(2);
  });

  describe.each(QUEUES)('$name queue', ({ name, consumer, consumerTimeout, visibilityTimeout, maxReceiveCount }) => {
    let queueId: string;
    let deadLetterQueueId: string;

    beforeAll(() => {
      ({ queueId, deadLetterQueueId } = queueIdsOf(synthesized, name));
    });

    it(`moves a message to its dead-letter queue after ${maxReceiveCount} receives`, () => {
      expect(queueResource(queueId)).toMatchObject({
        Properties: {
          RedrivePolicy: { maxReceiveCount, deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueueId, 'Arn'] } },
        },
      });
    });

    it(`keeps a message invisible for ${visibilityTimeout} s, six times the ${consumer} timeout`, () => {
      expect(queueResource(queueId)).toMatchObject({ Properties: { VisibilityTimeout: visibilityTimeout } });
      expect(functionNamed(stateless, consumer).resource.Properties.Timeout).toBe(consumerTimeout);
      expect(visibilityTimeout).toBeGreaterThanOrEqual(6 * consumerTimeout);
    });

    it('keeps dead letters for 14 days', () => {
      expect(queueResource(deadLetterQueueId)).toMatchObject({
        Properties: { MessageRetentionPeriod: 14 * 24 * 60 * 60 },
      });
    });

    it('encrypts both queues with the customer-managed key', () => {
      for (const id of [queueId, deadLetterQueueId]) {
        expect(queueResource(id)).toMatchObject({ Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } });
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

    it(`feeds the ${consumer} in batches of 10 with partial batch failures`, () => {
      const fn = functionNamed(stateless, consumer);

      const mappings = stateless.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { EventSourceArn: importOf(stateful, { 'Fn::GetAtt': [queueId, 'Arn'] }) },
      });

      expect(Object.values(mappings)).toEqual([
        expect.objectContaining({
          Properties: expect.objectContaining({
            FunctionName: { Ref: fn.logicalId },
            BatchSize: 10,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          }),
        }),
      ]);
    });
  });

  it('has one event source mapping per queue and no other', () => {
    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
  });

  it('alarms when the oldest routing message gets old', () => {
    const { queueId } = queueIdsOf(synthesized, 'routing');

    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
  });

  it('has no age alarm on the notification queue (a down receiver ages messages through the backoff)', () => {
    const { queueId } = queueIdsOf(synthesized, 'notification');

    const ageAlarms = stateful.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      },
    });

    expect(Object.keys(ageAlarms)).toEqual([]);
  });

  it('publishes the notification queue URLs for operators', () => {
    const { queueId, deadLetterQueueId } = queueIdsOf(synthesized, 'notification');

    stateful.hasOutput('NotificationQueueUrl', { Value: { Ref: queueId } });
    stateful.hasOutput('NotificationDeadLetterQueueUrl', { Value: { Ref: deadLetterQueueId } });
  });
});
