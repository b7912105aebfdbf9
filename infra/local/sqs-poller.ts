// An SQS event source mapping, reproduced: long-polls the queue, invokes the function with a batch, deletes what
// succeeded (partial batch responses when the mapping reports item failures) and leaves the rest to reappear.
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
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

/**
 * How Lambda scales an SQS event source mapping on a standard queue: while messages are available it processes five
 * batches at a time, then adds up to 300 concurrent batches per minute as long as messages remain, up to 1,000 or the
 * mapping's maximum concurrency (ScalingConfig.MaximumConcurrency, 2–1,000); the function's reserved concurrency caps
 * the invocations in any case. Locally: five batches at once, then one more every 200 ms (the same 300 per minute),
 * so a mapping capped at 10 is at its maximum within a second of a backlog.
 */
export const MAPPING_SCALING = {
  /** Batches the mapping processes at once as soon as messages are available. */
  initialBatches: 5,
  /** Batches added per scaling tick while messages remain visible (1 per 200 ms = 300 per minute). */
  batchesPerTick: 1,
  tickMs: 200,
  /** Long-polling loops kept while the queue is idle (Lambda's low-traffic optimisation goes as low as 2). */
  idleBatches: 2,
  /** Lambda's ceiling for a mapping without a maximum concurrency. */
  lambdaMaximum: 1000,
} as const;

export type ScalingState = {
  /** Visible messages in the queue (ApproximateNumberOfMessages). */
  readonly depth: number;
  /** Batch loops running now (receiving or waiting for their invocation). */
  readonly inFlight: number;
  /** The mapping's effective maximum concurrency. */
  readonly maximum: number;
  readonly batchSize: number;
};

/**
 * How many more batch loops to start this tick: none while nothing is waiting; otherwise enough for the visible
 * messages (one batch each `batchSize`), at most up to the initial five or one step above what runs, never past
 * the maximum.
 */
export function batchesToStart(state: ScalingState, scaling: typeof MAPPING_SCALING = MAPPING_SCALING): number {
  const { depth, inFlight, maximum } = state;
  if (!(depth > 0) || inFlight >= maximum) return 0;
  const demand = Math.ceil(depth / Math.max(1, Math.min(10, state.batchSize)));
  const ceiling = Math.min(maximum, Math.max(scaling.initialBatches, inFlight + scaling.batchesPerTick));
  return Math.max(0, Math.min(demand, ceiling - inFlight));
}

/**
 * The effective maximum of a mapping: its MaximumConcurrency (Lambda's 1,000 without one), never more than the
 * function's reserved concurrency nor the execution environments the local runtime may start for it.
 */
export function mappingMaximum(
  mapping: Pick<EventSourceMappingModel, 'maximumConcurrency'>,
  limits: { readonly reservedConcurrency?: number; readonly maxInstances?: number },
): number {
  const caps = [
    mapping.maximumConcurrency ?? MAPPING_SCALING.lambdaMaximum,
    limits.reservedConcurrency,
    limits.maxInstances,
  ];
  return Math.max(1, Math.min(...caps.filter((cap): cap is number => typeof cap === 'number' && cap > 0)));
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
  /** The most batches processed at once (see mappingMaximum); default the mapping's maximum concurrency. */
  readonly maximumConcurrency?: number;
  /** Overrides of the scaling numbers (tests). */
  readonly scaling?: Partial<typeof MAPPING_SCALING>;
};

export type Poller = {
  stop(): Promise<void>;
  /** Batch loops running now. */
  readonly running: number;
  /** The most batch loops that ran at once since the start. */
  readonly peak: number;
};

export function startSqsPoller(options: PollerOptions): Poller {
  const { mapping, queueUrl, sqs } = options;
  const scaling = { ...MAPPING_SCALING, ...options.scaling };
  const maximum = options.maximumConcurrency ?? mappingMaximum(mapping, {});
  const idle = Math.min(scaling.idleBatches, maximum);
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

  async function processBatch(messages: Message[]): Promise<void> {
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
  }

  const loops = new Set<Promise<void>>();
  let peak = 0;

  /** A batch loop; one started by scaling out ends at the first empty receive once the idle loops suffice. */
  async function loop(scaledOut: boolean): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const messages = await nextBatch();
        if (messages.length === 0) {
          if (scaledOut && loops.size > idle) return;
          continue;
        }
        await processBatch(messages);
      } catch (error) {
        if (abort.signal.aborted) return;
        options.log(`[${mapping.functionName}] poller error on ${mapping.queueName}: ${String(error)}`);
        await sleep(500);
      }
    }
  }

  function startLoop(scaledOut: boolean): void {
    const running = loop(scaledOut).finally(() => loops.delete(running));
    loops.add(running);
    peak = Math.max(peak, loops.size);
  }

  async function depth(): Promise<number> {
    const response = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      { abortSignal: abort.signal },
    );
    return Number(response.Attributes?.ApproximateNumberOfMessages ?? 0);
  }

  async function scale(): Promise<void> {
    while (!abort.signal.aborted) {
      await sleep(scaling.tickMs);
      if (abort.signal.aborted || loops.size >= maximum) continue;
      try {
        const more = batchesToStart(
          { depth: await depth(), inFlight: loops.size, maximum, batchSize: mapping.batchSize },
          scaling,
        );
        for (let index = 0; index < more && !abort.signal.aborted; index += 1) startLoop(true);
      } catch (error) {
        if (abort.signal.aborted) return;
        options.log(`[${mapping.functionName}] scaling error on ${mapping.queueName}: ${String(error)}`);
      }
    }
  }

  for (let index = 0; index < Math.max(1, idle); index += 1) startLoop(false);
  const scaler = maximum > idle ? scale() : Promise.resolve();
  return {
    get running() {
      return loops.size;
    },
    get peak() {
      return peak;
    },
    async stop() {
      abort.abort();
      await scaler;
      while (loops.size > 0) await Promise.all([...loops]);
    },
  };
}
