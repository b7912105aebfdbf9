// Prints the OpenAPI document (`npm run openapi > openapi.json`); the generated file is never committed.
import { buildOpenApiDocument } from './openapi.ts';

process.stdout.write(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
