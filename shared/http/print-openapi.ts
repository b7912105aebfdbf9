// Prints the OpenAPI document (`npm run openapi > openapi.json`); the generated file is never committed.
import { buildOpenApiDocument } from './openapi.ts';

// A reader that stops early (`npm run openapi | head`) closes the pipe: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
process.stdout.write(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
