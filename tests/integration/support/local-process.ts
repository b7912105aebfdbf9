// Runs `npm start`'s entry point as a child process, the way an operator would, for start-up and shutdown tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether nothing listens on the port (it can be bound on loopback now). */
export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface LocalProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startLocalProcess(env: Record<string, string>): LocalProcess {
  const child = spawn(process.execPath, ['infra/local/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
