// An instance's environment: local endpoints for every AWS service the functions use, no proxy from the developer's
// shell, and outbound HTTP to loopback (local webhook receivers) working from the instance's own process.
import { createServer } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionModel } from '#infra/local/app-model.ts';
import { FunctionPool } from '#infra/local/function-pool.ts';
import { listenOnLoopback } from '#infra/local/loopback-server.ts';
import { functionEnvironment } from '#infra/local/runtime.ts';

const fn: FunctionModel = {
  name: 'notifier',
  arn: 'arn:aws:lambda:eu-central-1:000000000000:function:notifier',
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  timeoutSeconds: 5,
  memorySize: 512,
  environment: { NOTIFICATION_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/Notifications' },
  codeDirectory: path.resolve(import.meta.dirname, 'fixtures', 'function'),
};
const endpoints = {
  dynamodb: 'http://127.0.0.1:8000',
  sqs: 'http://127.0.0.1:9400',
  sqsOrigin: 'http://127.0.0.1:9324',
  secretsManager: 'http://127.0.0.1:9500',
  cognitoIdentityProvider: 'http://127.0.0.1:3000/_local/cognito-idp',
  apiGateway: 'http://127.0.0.1:3000/_local/apigateway',
};
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NODE_USE_ENV_PROXY'];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sets proxy variables in this process (as a developer's shell might) until the test ends. */
function withShellProxy(): void {
  const saved = PROXY_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of PROXY_VARIABLES) process.env[name] = name === 'NODE_USE_ENV_PROXY' ? '1' : 'http://127.0.0.1:9';
  cleanups.push(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe("a function instance's environment", () => {
  it('points DynamoDB, SQS, Secrets Manager, Cognito and API Gateway at the local endpoints', () => {
    const environment = functionEnvironment(fn, endpoints);

    expect(environment).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognitoIdentityProvider,
      AWS_ENDPOINT_URL_APIGATEWAYV2: endpoints.apiGateway,
      NOTIFICATION_QUEUE_URL: 'http://127.0.0.1:9400/000000000000/Notifications',
      LOTSE_RUNTIME: 'local',
    });
  });

  it("carries no proxy settings from the developer's shell and exempts loopback", () => {
    withShellProxy();

    const environment = functionEnvironment(fn, endpoints);

    expect(PROXY_VARIABLES.filter((name) => name in environment)).toEqual([]);
    expect(environment.NO_PROXY?.split(',')).toContain('127.0.0.1');
  });

  it('lets the function POST to a receiver on 127.0.0.1 while the shell has a proxy set', async () => {
    withShellProxy();
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      request.setEncoding('utf8');
      let body = '';
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push(body);
        response.writeHead(204).end();
      });
    });
    const listening = await listenOnLoopback(receiver);
    cleanups.push(() => listening.close());
    const pool = new FunctionPool(fn, {
      maxInstances: 1,
      log: () => {},
      prepare: async (target) => ({ environment: functionEnvironment(target, endpoints), release: async () => {} }),
    });
    cleanups.push(() => pool.stop());

    const outcome = await pool.invoke({
      fetchUrl: `${listening.url}/lotse-events`,
    });

    expect(outcome).toEqual({ ok: true, result: { status: 204, text: '' } });
    expect(received).toEqual(['ping']);
  });
});
