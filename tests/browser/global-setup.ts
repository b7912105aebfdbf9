// Starts one local runtime (with the web app) for the browser tier and stops it after; checks first that Debian's
// chromium is there, and fails with what to do when it is not (the suite never skips for want of a browser).
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { chromiumPath } from './support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded catalogue's first institution, office and a postal code its first office serves. */
    example: { institutionId: string; officeId: string; postalCode: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new Error(
      `The browser tests need Chromium at ${executable}: install it (Debian: apt-get install -y chromium; .ci/run ` +
        'does this) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  const runtime = await startLocalRuntime({ port: 0, log: () => {} });
  try {
    const routing = Object.entries(runtime.resources.queues).find(
      ([name]) => /routing/i.test(name) && !/dlq|dead/i.test(name),
    );
    const { institutionId, officeId, postalCode } = runtime.example;
    if (institutionId === undefined || officeId === undefined || postalCode === undefined) {
      throw new Error('the seeded catalogue needs an institution, an office and a district with a postal code');
    }
    project.provide('baseUrl', runtime.url);
    project.provide('dynamoEndpoint', runtime.resources.dynamoEndpoint);
    project.provide('sqsEndpoint', runtime.resources.sqsEndpoint);
    project.provide('tableName', runtime.resources.tableName);
    project.provide('personalTableName', runtime.resources.personalTableName);
    project.provide('routingQueueUrl', routing?.[1].url ?? '');
    project.provide('localPassword', runtime.localPassword);
    project.provide('example', { institutionId, officeId, postalCode });
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  return () => runtime.stop();
}
