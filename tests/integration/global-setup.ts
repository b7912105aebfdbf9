// Starts one local runtime (DynamoDB Local, fauxqs, functions, gateway) for the integration tier and stops it after.
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '#infra/local/runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dynamoEndpoint: string;
    sqsEndpoint: string;
    tableName: string;
    personalTableName: string;
    routingQueueUrl: string;
    /** The password of every account the local runtime starts with. */
    localPassword: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runtime = await startLocalRuntime({ port: 0, log: () => {} });
  try {
    const routing = Object.entries(runtime.resources.queues).find(
      ([name]) => /routing/i.test(name) && !/dlq|dead/i.test(name),
    );
    if (!routing) throw new Error(`no routing queue among ${Object.keys(runtime.resources.queues).join(', ')}`);
    project.provide('baseUrl', runtime.url);
    project.provide('dynamoEndpoint', runtime.resources.dynamoEndpoint);
    project.provide('sqsEndpoint', runtime.resources.sqsEndpoint);
    project.provide('tableName', runtime.resources.tableName);
    project.provide('personalTableName', runtime.resources.personalTableName);
    project.provide('routingQueueUrl', routing[1].url);
    project.provide('localPassword', runtime.localPassword);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  return () => runtime.stop();
}
