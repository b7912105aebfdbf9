// The SQS poller against the runtime's fauxqs: a visibility the function sets during its invocation holds (the poller
// never resets it), and a message that keeps failing lands in the dead-letter queue after maxReceiveCount.
import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventSourceMappingModel, QueueModel } from '#infra/local/app-model.ts';
import type { InvokeOutcome } from '#infra/local/function-pool.ts';
import { createQueues, LOCAL_ACCOUNT_ID, localQueueUrl, type SqsLocal, startSqsLocal } from '#infra/local/sqs-local.ts';
import { type Poller, startSqsPoller } from '#infra/local/sqs-poller.ts';
import { eventually } from '../../integration/support/eventually.ts';

const REGION = 'eu-central-1';
let sqsLocal: SqsLocal;
let sqs: SQSClient;
let queueCounter = 0;
const pollers: Poller[] = [];

beforeAll(async () => {
  sqsLocal = await startSqsLocal(REGION);
  sqs = new SQSClient({
    endpoint: sqsLocal.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  sqs?.destroy();
  await sqsLocal?.stop();
});

type Queues = { url: string; arn: string; dlqUrl: string };

async function queuePair(visibilityTimeout: number, maxReceiveCount: number): Promise<Queues> {
  queueCounter += 1;
  const name = `notifications-${queueCounter}`;
  const arn = (queue: string) => `arn:aws:sqs:${REGION}:${LOCAL_ACCOUNT_ID}:${queue}`;
  const models: QueueModel[] = [
    { logicalId: 'Dlq', name: `${name}-dlq`, arn: arn(`${name}-dlq`), attributes: {} },
    {
      logicalId: 'Queue',
      name,
      arn: arn(name),
      attributes: { VisibilityTimeout: String(visibilityTimeout) },
      redrive: { deadLetterQueueName: `${name}-dlq`, maxReceiveCount },
    },
  ];
  const urls = await createQueues(sqs, models, (queue) => localQueueUrl(sqsLocal.endpoint, queue));
  return { url: urls.get(name) ?? '', arn: arn(name), dlqUrl: urls.get(`${name}-dlq`) ?? '' };
}

function poll(queues: Queues, invoke: (records: SQSRecord[]) => Promise<InvokeOutcome>): void {
  const mapping: EventSourceMappingModel = {
    functionName: 'notifier',
    queueName: queues.url.slice(queues.url.lastIndexOf('/') + 1),
    queueArn: queues.arn,
    batchSize: 10,
    reportBatchItemFailures: true,
  };
  pollers.push(
    startSqsPoller({
      mapping,
      queueUrl: queues.url,
      sqs,
      region: REGION,
      invoke: (event) => invoke(event.Records),
      log: () => {},
      waitTimeSeconds: 1,
    }),
  );
}

const failAll = (records: SQSRecord[]): InvokeOutcome => ({
  ok: true,
  result: { batchItemFailures: records.map((record) => ({ itemIdentifier: record.messageId })) },
});

async function send(queues: Queues, body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queues.url, MessageBody: body }));
}

async function visibleIn(url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0);
}

describe('the SQS poller and the queue', () => {
  it('leaves a backoff set by the function on a reported failure in place', async () => {
    const queues = await queuePair(1, 5);
    const receives = new Map<string, number>();
    const handled = new Set<string>();
    poll(queues, async (records) => {
      for (const record of records) {
        receives.set(record.body, (receives.get(record.body) ?? 0) + 1);
        if (record.body === 'with-backoff') {
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queues.url,
              ReceiptHandle: record.receiptHandle,
              VisibilityTimeout: 30,
            }),
          );
        }
        handled.add(record.body);
      }
      return failAll(records);
    });

    await send(queues, 'with-backoff');
    await eventually(() => (handled.has('with-backoff') ? true : undefined), { what: 'the first delivery' });
    // A message without a backoff, received after the first one was handled, comes back after the queue's visibility
    // timeout (1 s): had the poller reset the first one's visibility, it would have come back before.
    await send(queues, 'without-backoff');
    await eventually(() => ((receives.get('without-backoff') ?? 0) >= 2 ? true : undefined), {
      what: 'the redelivery of the message without a backoff',
    });

    expect(receives.get('with-backoff')).toBe(1);
  });

  it('redelivers a reported failure after the queue visibility timeout when the function sets none', async () => {
    const queues = await queuePair(1, 5);
    let invocations = 0;
    poll(queues, async (records) => {
      invocations += 1;
      return failAll(records);
    });

    await send(queues, '{"eventId":"c1:2"}');

    await eventually(() => (invocations > 1 ? true : undefined), { what: 'a redelivery' });
    expect(invocations).toBeGreaterThan(1);
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount receives', async () => {
    const queues = await queuePair(1, 3);
    const receiveCounts: string[] = [];
    poll(queues, async (records) => {
      for (const record of records) {
        receiveCounts.push(record.attributes.ApproximateReceiveCount);
        // A short backoff, as the notifier sets a longer one.
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queues.url,
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
      return failAll(records);
    });

    await send(queues, '{"eventId":"c1:2"}');

    await eventually(async () => ((await visibleIn(queues.dlqUrl)) === 1 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the message in the dead-letter queue',
    });
    expect(receiveCounts).toEqual(['1', '2', '3']);
    expect(await visibleIn(queues.url)).toBe(0);
  });
});
