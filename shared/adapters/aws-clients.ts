// The AWS SDK clients of a function instance, created once at cold start and reused by every invocation.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lazily } from '#domain/lazily.ts';

// No endpoint or region here: the SDK reads AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS, which
// is how the local runtime points the same bundle at DynamoDB Local and fauxqs.
export const dynamoDocumentClient = createDocumentClient();

/** A document client as the adapters expect it (an operator's tool passes its region). */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    // Optional fields are absent, not null: exactOptionalPropertyTypes records map to items without placeholders.
    marshallOptions: { removeUndefinedValues: true },
  });
}

export const sqsClient = new SQSClient({});

/**
 * An SDK client built on its first request instead of at cold start: for the clients only some requests of a function
 * need (the coordinator's user pool and API audience), so an instance that never sends through one never builds it.
 */
export function builtOnFirstSend<C extends { send: (...args: never[]) => unknown }>(build: () => C): Pick<C, 'send'> {
  const client = lazily(build);
  const send = (...args: Parameters<C['send']>) => client().send(...args);
  return { send: send as C['send'] };
}
