// One function instance in its own process: imports the function's bundle, then runs invocations sent by the parent
// over IPC one at a time, as a Lambda execution environment does. Exits when the parent goes away.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type InvokeMessage = {
  readonly type: 'invoke';
  readonly id: string;
  readonly event: unknown;
  readonly awsRequestId: string;
  readonly deadlineMs: number;
};

type HandlerFunction = (event: unknown, context: unknown) => unknown;

const [codeDirectory = '', handlerSetting = '', functionArn = ''] = process.argv.slice(2);
// Lambda sets this in an environment started on demand, as every instance here is; Powertools reports a cold start
// (the `cold_start` log key, the ColdStart metric) only when it is set, and reads it when the bundle is imported.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

function send(message: Record<string, unknown>): void {
  if (process.connected) process.send?.(message);
}

function errorPayload(error: unknown, fallbackType: string) {
  if (error instanceof Error) {
    return {
      errorType: error.name || fallbackType,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: String(error), trace: [] };
}

// The parent stops instances; a Ctrl-C in the terminal reaches the whole process group and must not beat it to it.
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));

let current: string | undefined;
// An unhandled rejection fails the invocation and ends the execution environment, as the Lambda runtime does.
process.on('unhandledRejection', (reason) => {
  if (current !== undefined)
    send({ type: 'result', id: current, ok: false, error: errorPayload(reason, 'Runtime.UnhandledPromiseRejection') });
  process.exit(128);
});

async function loadHandler(): Promise<HandlerFunction> {
  const dot = handlerSetting.lastIndexOf('.');
  const moduleName = handlerSetting.slice(0, dot);
  const exportName = handlerSetting.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs']
    .map((extension) => path.join(codeDirectory, `${moduleName}${extension}`))
    .find((candidate) => existsSync(candidate));
  if (file === undefined)
    throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: 'Runtime.ImportModuleError' });
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${handlerSetting} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return handler as HandlerFunction;
}

function contextFor(message: InvokeMessage) {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: functionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.awsRequestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

async function main(): Promise<void> {
  let handler: HandlerFunction;
  try {
    handler = await loadHandler();
  } catch (error) {
    send({ type: 'init-error', error: errorPayload(error, 'Runtime.ImportModuleError') });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  process.on('message', async (message: InvokeMessage) => {
    if (message.type !== 'invoke') return;
    current = message.id;
    try {
      const result = await handler(message.event, contextFor(message));
      // Lambda returns the JSON serialization of the result; `undefined` becomes null.
      const json = JSON.stringify(result);
      send({
        type: 'result',
        id: message.id,
        ok: true,
        result: json === undefined ? null : (JSON.parse(json) as unknown),
      });
    } catch (error) {
      send({ type: 'result', id: message.id, ok: false, error: errorPayload(error, 'Error') });
    } finally {
      current = undefined;
    }
  });
  send({ type: 'ready' });
}

await main();
