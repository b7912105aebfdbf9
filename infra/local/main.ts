// `npm start`: the whole system on this machine. PORT (default 3000), LOTSE_CATALOGUE (default: Musterstadt),
// LOTSE_WEBHOOK_KEY (the master key every office's webhook secret is derived from; default: random per start) and
// LOTSE_LOCAL_PASSWORD (the password of every local account; default: random, printed once below).
import path from 'node:path';
import { exampleReferral } from '#domain/example-referral.ts';
import { InvalidCatalogue } from './catalogue-file.ts';
import { COORDINATOR_USERNAME } from './local-identity.ts';
import { startLocalRuntime } from './runtime.ts';
import { InvalidWebhookKey } from './webhook-secrets.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}"`);
const catalogue = process.env.LOTSE_CATALOGUE ? path.resolve(process.env.LOTSE_CATALOGUE) : undefined;

process.stdout.write('Starting Lotse locally (synthesizing the CDK app, DynamoDB Local, fauxqs) …\n');
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({ port, ...(catalogue === undefined ? {} : { cataloguePath: catalogue }) });
} catch (error) {
  if (error instanceof InvalidCatalogue) {
    process.stderr.write(`The catalogue ${error.file} is invalid; nothing was started. Problems:\n`);
    for (const problem of error.problems) process.stderr.write(`  - ${problem.path}: ${problem.message}\n`);
    process.exit(1);
  }
  if (error instanceof InvalidWebhookKey) fail(`${error.message}; nothing was started.`);
  if ((error as { code?: unknown }).code === 'EADDRINUSE') fail(`Port ${port} is in use: set PORT to a free port.`);
  fail(`Lotse could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

const { url, example } = runtime;
// The API's example, in a district of the catalogue that is running (it may not be Musterstadt).
const referral = { ...exampleReferral(new Date()), postalCode: example.postalCode ?? '00000' };
process.stdout.write(
  [
    '',
    `Lotse is running at ${url}  (started in ${(runtime.startupMs / 1000).toFixed(1)} s)`,
    ...(runtime.webApp === undefined
      ? []
      : [
          '',
          `Web app: open ${url}/ in a browser and sign in (Anmelden). Every account has the same password:`,
          process.env.LOTSE_LOCAL_PASSWORD
            ? '  password: the one in LOTSE_LOCAL_PASSWORD'
            : `  password: ${runtime.localPassword}`,
          `  Lotsin (referrer): ${example.institutionId ?? '<institution id>'}   Familienbüro (office): ${example.officeId ?? '<office id>'}   Koordination: ${COORDINATOR_USERNAME}`,
          '  (every institution and office of the catalogue has its account: its id is the user name)',
        ]),
    '',
    `  OpenAPI: ${url}/openapi.json   Health: ${url}/health   Local resources: ${url}/_local/resources`,
    '',
    'Get a token (roles: referrer + institutionId, office + officeId, coordinator):',
    `  TOKEN=$(curl -s -X POST ${url}/_local/token -H 'content-type: application/json' \\`,
    `    -d '{"role":"referrer","institutionId":"${example.institutionId ?? '<institution id>'}"}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    '',
    'Submit a referral:',
    `  curl -i -X POST ${url}/v1/referrals -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    `    -H "idempotency-key: $(date +%s%N)" -d '${JSON.stringify(referral)}'`,
    '',
    `Then GET the Location it answers with the same token, or /v1/cases/<referralId> with an office token`,
    `(e.g. {"role":"office","officeId":"${example.officeId ?? '<office id>'}"}).`,
    '',
    ...(Object.keys(runtime.resources.webhookSecrets).length === 0
      ? []
      : [
          `Webhooks: a receiver at an office's webhookUrl (http://127.0.0.1:<port>/… is allowed locally) verifies the`,
          `Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) with any Standard Webhooks`,
          `library and the office's whsec_ secret from ${url}/_local/resources ("webhookSecrets"; derived from a key`,
          'that is random per start unless LOTSE_WEBHOOK_KEY fixes it). Rotate one office with',
          `  npm run webhook-secret -- --endpoint ${runtime.resources.secretsManagerEndpoint} \\`,
          `    --secret-id ${runtime.resources.webhookSecretArn ?? '<webhook secret ARN>'} --office <officeId> --rotate`,
          '',
        ]),
    'Sign in as a person (the web app does this; locally every account has the same password):',
    `  accounts: ${COORDINATOR_USERNAME} (coordinator), each institution's id (e.g. ${example.institutionId ?? '<institution id>'}), each office's id (e.g. ${example.officeId ?? '<office id>'}), or their e-mail`,
    process.env.LOTSE_LOCAL_PASSWORD
      ? '  password: the one in LOTSE_LOCAL_PASSWORD'
      : `  password: ${runtime.localPassword}   (random for this start; set LOTSE_LOCAL_PASSWORD to choose one)`,
    `  sign-in endpoints: ${url}/_local/issuer/.well-known/openid-configuration   invitations sent: ${url}/_local/mail`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    process.stderr.write(`${signal} again: exiting without waiting\n`);
    process.exit(1);
  }
  stopping = true;
  process.stdout.write(`\n${signal}: stopping …\n`);
  await runtime.stop();
  process.stdout.write('stopped.\n');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
