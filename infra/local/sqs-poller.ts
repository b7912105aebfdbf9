// An SQS event source mapping, reproduced: long-polls the queue, invokes the function with a batch, deletes what
// succeeded (partial batch responses when the mapping reports item failures) and leaves the rest to reappear.
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { EventSourceMappingModel } from './app-model.ts';
import type { InvokeOutcome } from './function-pool.ts';

export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {}) as [string, MessageAttributeValue][]) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined ? {} : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'AIDALOCAL',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId === undefined ? {} : { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId === undefined
        ? {}
        : { MessageDeduplicationId: attributes.MessageDeduplicationId }),
      ...(attributes.SequenceNumber === undefined ? {} : { SequenceNumber: attributes.SequenceNumber }),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes === undefined ? {} : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  } as SQSRecord;
}

/**
 * The records Lambda deletes after an invocation. A failed invocation deletes none. With ReportBatchItemFailures,
 * every record except the reported ones — unless the response is malformed (an identifier that is empty or not in
 * the batch), which fails the whole batch; an empty or null response means all succeeded.
 */
export function recordsToDelete(
  records: readonly SQSRecord[],
  outcome: InvokeOutcome,
  reportBatchItemFailures: boolean,
): SQSRecord[] {
  if (!outcome.ok) return [];
  if (!reportBatchItemFailures) return [...records];
  const result = outcome.result;
  if (result === null || result === undefined || typeof result !== 'object') return [...records];
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [...records];
  if (!Array.isArray(failures)) return [];
  const ids = new Set(records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !ids.has(id)) return [];
    failed.add(id);
  }
  return records.filter((record) => !failed.has(record.messageId));
}

export type PollerOptions = {
  readonly mapping: EventSourceMappingModel;
  readonly queueUrl: string;
  readonly sqs: SQSClient;
  readonly region: string;
  readonly invoke: (event: { Records: SQSRecord[] }) => Promise<InvokeOutcome>;
  readonly log: (line: string) => void;
  /** Long-poll wait per receive; short, so that stopping is quick. */
  readonly waitTimeSeconds?: number;
  /** Parallel poll loops (Lambda runs several pollers per mapping). */
  readonly concurrency?: number;
};

export type Poller = { stop(): Promise<void> };

export function startSqsPoller(options: PollerOptions): Poller {
  const { mapping, queueUrl, sqs } = options;
  const abort = new AbortController();
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  async function nextBatch(): Promise<Message[]> {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, mapping.batchSize),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return response.Messages ?? [];
  }

  async function loop(): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const messages = await nextBatch();
        if (messages.length === 0) continue;
        const records = messages.map((message) => toSqsRecord(message, mapping.queueArn, options.region));
        const outcome = await options.invoke({ Records: records });
        if (!outcome.ok) {
          options.log(
            `[${mapping.functionName}] batch of ${records.length} failed (${outcome.errorType}); messages return after the visibility timeout`,
          );
        }
        const done = recordsToDelete(records, outcome, mapping.reportBatchItemFailures);
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
            }),
          );
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        options.log(`[${mapping.functionName}] poller error on ${mapping.queueName}: ${String(error)}`);
        await sleep(500);
      }
    }
  }

  const loops = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => loop());
  return {
    async stop() {
      abort.abort();
      await Promise.all(loops);
    },
  };
}
