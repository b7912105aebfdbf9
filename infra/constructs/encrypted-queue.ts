// An SQS queue with its dead-letter queue, both KMS-encrypted and TLS-only, and the alarms that watch them.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export type EncryptedQueueProps = {
  readonly encryptionKey: IKey;
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
  readonly deadLetterRetention: Duration;
  /** RETAIN in prod: messages in flight (and dead letters awaiting redrive) survive a stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** Alarm when the dead-letter queue holds more than this many visible messages (0: any message alarms). */
  readonly deadLetterMessagesAbove: number;
  /** Alarm when the oldest message on the source queue is at least this old (omit for no age alarm). */
  readonly maxMessageAge?: Duration;
};

export class EncryptedQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly ageAlarm: Alarm | undefined;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const common = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
    };

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...common,
      retentionPeriod: props.deadLetterRetention,
    });
    this.queue = new Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: props.visibilityTimeout,
      // Keep a message long enough for the dead-letter path to be reached even after every retry.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    // A message on the dead-letter queue is work that failed every retry: somebody has to look and redrive it.
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `Messages on ${id} dead-letter queue: inspect, fix, then redrive them to the source queue.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: props.deadLetterMessagesAbove,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.ageAlarm =
      props.maxMessageAge === undefined
        ? undefined
        : new Alarm(this, 'AgeAlarm', {
            alarmDescription: `Oldest message on ${id} queue is older than expected: its consumer is failing or throttled.`,
            metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }),
            threshold: props.maxMessageAge.toSeconds(),
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluationPeriods: 3,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          });
  }
}
