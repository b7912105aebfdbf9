// SQS on loopback: fauxqs in this process, bound to 127.0.0.1 only (its startFauxqs() binds every interface), and
// the queues of the assembly created with their attributes and redrive policies.
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import type { QueueModel } from './app-model.ts';

export type SqsLocal = { readonly endpoint: string; stop(): Promise<void> };

/** fauxqs's account id: part of every queue URL and ARN it makes. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export async function startSqsLocal(region: string): Promise<SqsLocal> {
  const app = buildApp({ logger: false, defaultRegion: region });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await app.close();
    },
  };
}

/**
 * The URL clients use for a queue: on the endpoint's own origin, because the SDK sends a request to the QueueUrl's
 * host when it differs from the endpoint's. fauxqs finds a queue by the URL's last path segment, whatever the host.
 */
export function localQueueUrl(origin: string, queueName: string): string {
  return `${origin}/${LOCAL_ACCOUNT_ID}/${queueName}`;
}

/**
 * Creates queues, dead-letter targets first so that every redrive policy names an existing queue, and reads each
 * one back through the URL the runtime will use (its ARN and redrive policy must be the template's).
 */
export async function createQueues(
  client: SQSClient,
  queues: readonly QueueModel[],
  urlOf: (queueName: string) => string,
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const create = async (queue: QueueModel, path: readonly string[]): Promise<void> => {
    if (urls.has(queue.name)) return;
    if (path.includes(queue.name)) throw new Error(`redrive cycle: ${[...path, queue.name].join(' → ')}`);
    const target = queue.redrive === undefined ? undefined : byName.get(queue.redrive.deadLetterQueueName);
    if (queue.redrive !== undefined && target === undefined) {
      throw new Error(
        `queue ${queue.name}: dead-letter queue ${queue.redrive.deadLetterQueueName} is not in the assembly`,
      );
    }
    if (target !== undefined) await create(target, [...path, queue.name]);
    const attributes: Record<string, string> = { ...queue.attributes };
    if (queue.redrive !== undefined && target !== undefined) {
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: target.arn,
        maxReceiveCount: String(queue.redrive.maxReceiveCount),
      });
    }
    await client.send(new CreateQueueCommand({ QueueName: queue.name, Attributes: attributes }));
    const url = urlOf(queue.name);
    const { Attributes: actual = {} } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'RedrivePolicy'] }),
    );
    const redrive =
      actual.RedrivePolicy === undefined
        ? undefined
        : (JSON.parse(actual.RedrivePolicy) as { deadLetterTargetArn?: string });
    if (actual.QueueArn !== queue.arn || redrive?.deadLetterTargetArn !== target?.arn) {
      throw new Error(`queue ${queue.name}: created as ${JSON.stringify(actual)}, expected ARN ${queue.arn}`);
    }
    urls.set(queue.name, url);
  };
  for (const queue of queues) await create(queue, []);
  return urls;
}
