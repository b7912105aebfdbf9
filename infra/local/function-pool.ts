// Runs one function as Lambda does: isolated execution environments (a child process each, own environment), one
// invocation at a time per environment, a few environments on demand, the function's timeout enforced by a kill.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FunctionModel } from './app-model.ts';

const HOST_SCRIPT = fileURLToPath(new URL('./function-host.ts', import.meta.url));

export type InvokeOutcome =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      /** `error`: the handler failed; `timeout`: killed at the function timeout; `crash`: the environment died. */
      readonly kind: 'error' | 'timeout' | 'crash';
      readonly errorType: string;
      readonly errorMessage: string;
    };

export type InstanceEndpoints = {
  /** Environment variables for this instance (template environment with local names, local endpoints). */
  readonly environment: Record<string, string>;
  release(): Promise<void>;
};

export type FunctionPoolOptions = {
  readonly maxInstances: number;
  readonly log: (line: string) => void;
  /** Prepares an instance's environment; `kill` lets a fault injector end this instance at once. */
  readonly prepare: (fn: FunctionModel, kill: () => void) => Promise<InstanceEndpoints>;
};

type Pending = {
  readonly id: string;
  readonly resolve: (outcome: InvokeOutcome) => void;
  readonly timer: NodeJS.Timeout;
};

class Instance {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  busy = false;
  alive = true;
  #pending: Pending | undefined;

  constructor(fn: FunctionModel, endpoints: InstanceEndpoints, log: (line: string) => void) {
    this.child = fork(HOST_SCRIPT, [fn.codeDirectory, fn.handler, fn.arn], {
      cwd: fn.codeDirectory,
      env: endpoints.environment,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => log(`[${fn.name}] ${line}`));
    }
    this.exited = once(this.child, 'exit').then(async () => {
      this.alive = false;
      this.#settle({
        ok: false,
        kind: 'crash',
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${this.#pending?.id ?? '-'} Error: Runtime exited with error: ${
          this.child.signalCode === null ? `exit status ${this.child.exitCode}` : `signal: ${this.child.signalCode}`
        }`,
      });
      await endpoints.release();
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: { type: string; error?: { errorType: string; errorMessage: string } }) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'init-error') {
          const error = message.error ?? { errorType: 'Runtime.ImportModuleError', errorMessage: 'init failed' };
          reject(
            Object.assign(new Error(`${fn.name}: ${error.errorType}: ${error.errorMessage}`), {
              errorType: error.errorType,
            }),
          );
        }
      };
      this.child.on('message', onMessage);
      this.exited.then(() => reject(new Error(`${fn.name}: the execution environment exited during init`)));
    });
    this.ready.catch(() => {});
    this.child.on(
      'message',
      (message: { type: string; id?: string; ok?: boolean; result?: unknown; error?: never }) => {
        if (message.type !== 'result' || message.id !== this.#pending?.id) return;
        if (message.ok === true) this.#settle({ ok: true, result: message.result });
        else {
          const error = (message.error ?? {}) as { errorType?: string; errorMessage?: string };
          this.#settle({
            ok: false,
            kind: 'error',
            errorType: error.errorType ?? 'Error',
            errorMessage: error.errorMessage ?? '',
          });
        }
      },
    );
  }

  #settle(outcome: InvokeOutcome): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  invoke(event: unknown, timeoutSeconds: number): Promise<InvokeOutcome> {
    const id = randomUUID();
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#settle({
          ok: false,
          kind: 'timeout',
          errorType: 'Sandbox.Timedout',
          errorMessage: `${id} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
        });
        this.kill();
      }, timeoutSeconds * 1000);
      this.#pending = { id, resolve, timer };
      this.child.send({ type: 'invoke', id, event, awsRequestId: id, deadlineMs: Date.now() + timeoutSeconds * 1000 });
    });
  }

  kill(): void {
    if (!this.alive) return;
    // Out of service at once, not only when the exit event arrives: nothing may be sent to it any more.
    this.alive = false;
    this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.alive) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.kill(), 2000);
      await this.exited;
      clearTimeout(timer);
    }
    await this.exited;
  }
}

export class FunctionPool {
  readonly fn: FunctionModel;
  readonly #options: FunctionPoolOptions;
  readonly #instances = new Set<Instance>();
  readonly #waiting: ((instance: Instance | undefined) => void)[] = [];
  #starting = 0;
  #stopped = false;

  constructor(fn: FunctionModel, options: FunctionPoolOptions) {
    this.fn = fn;
    this.#options = options;
  }

  /** Starts one environment ahead of the first invocation (a cold start at start-up, not on the first request). */
  async warm(): Promise<void> {
    const instance = await this.#spawn();
    this.#release(instance);
  }

  async invoke(event: unknown): Promise<InvokeOutcome> {
    if (this.#stopped)
      return { ok: false, kind: 'crash', errorType: 'ServiceException', errorMessage: 'runtime is stopping' };
    let instance: Instance;
    try {
      instance = await this.#acquire();
    } catch (error) {
      const errorType = (error as { errorType?: string }).errorType ?? 'Runtime.InitError';
      return {
        ok: false,
        kind: 'error',
        errorType,
        errorMessage: error instanceof Error ? error.message : String(error),
      };
    }
    const outcome = await instance.invoke(event, this.fn.timeoutSeconds);
    this.#release(instance);
    return outcome;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const waiter of this.#waiting.splice(0)) waiter(undefined);
    await Promise.all([...this.#instances].map((instance) => instance.stop()));
  }

  async #spawn(): Promise<Instance> {
    this.#starting += 1;
    try {
      let instance: Instance | undefined;
      const endpoints = await this.#options.prepare(this.fn, () => instance?.kill());
      instance = new Instance(this.fn, endpoints, this.#options.log);
      // Reserved for the invocation that asked for it, so #acquire never hands out an environment still in init.
      instance.busy = true;
      this.#instances.add(instance);
      const started = instance;
      started.exited.then(() => {
        this.#instances.delete(started);
        // A waiting invocation may now start a fresh environment in the freed slot.
        const waiter = this.#waiting.shift();
        if (waiter !== undefined) this.#spawn().then(waiter, () => waiter(undefined));
      });
      await instance.ready;
      return instance;
    } finally {
      this.#starting -= 1;
    }
  }

  async #acquire(): Promise<Instance> {
    for (const instance of this.#instances) {
      if (instance.alive && !instance.busy) {
        instance.busy = true;
        return instance;
      }
    }
    if (this.#instances.size + this.#starting < this.#options.maxInstances) return this.#spawn();
    const instance = await new Promise<Instance | undefined>((resolve) => this.#waiting.push(resolve));
    if (instance === undefined) {
      const reason = this.#stopped ? 'runtime is stopping' : 'no execution environment could be started';
      throw Object.assign(new Error(reason), { errorType: 'ServiceException' });
    }
    return instance;
  }

  #release(instance: Instance): void {
    if (!instance.alive) return;
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) {
      waiter(instance);
      return;
    }
    instance.busy = false;
  }
}
