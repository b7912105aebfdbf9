// `npm run webhook-secret -- …`: an office's webhook signing secret, for handing it over, and the rotations of the
// deployment's one webhook secret (one office: its generation raised; every office: a new master key). Runs with the
// operator's AWS credentials, or against the local runtime's Secrets Manager with --endpoint.
import { randomInt } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  putWebhookSecretVersion,
  readWebhookSecretVersion,
  WEBHOOK_ROTATION_OVERLAP_MS,
} from '#adapters/webhook-secrets.ts';
import {
  officeWebhookSecret,
  type WebhookMasterSecret,
  webhookGenerationOf,
  withMasterKey,
  withOfficeRotated,
} from '#domain/webhook-keys.ts';
import { type CommandIo, readCommandOptions } from './command-options.ts';

/** Exit codes: 0 done; 1 refused (no usable secret, a rotation's overlap still running); 2 wrong usage; 3 AWS failed. */
export const EXIT = { ok: 0, refused: 1, usage: 2, failed: 3 } as const;

const USAGE = `Usage:
  npm run webhook-secret -- --secret-id <WebhookSecretArn> --office <officeId>           print the office's secret
  npm run webhook-secret -- --secret-id <WebhookSecretArn> --office <officeId> --rotate  rotate the office's secret
  npm run webhook-secret -- --secret-id <WebhookSecretArn> --rotate-all                  rotate every office's secret
                            [--force] [--endpoint <local URL>] [--region <EU region, default eu-central-1>]
  WebhookSecretArn is an output of the stack Lotse-<municipality>-<stage>-Stateful. The office's whsec_ secret is
  written to stdout and nothing else (pipe it to wherever it is handed over); notes go to stderr. A rotation puts a
  new version: the notifier signs with the old and the new secret from within 5 minutes for 24 hours. It is refused
  while the previous rotation's 24 hours last (a new version would end that overlap for every office it rotated);
  --force puts it anyway, e.g. for a leaked secret. --endpoint is the local runtime's Secrets Manager
  (secretsManagerEndpoint in /_local/resources). Exit codes: 0 done, 1 refused, 2 usage, 3 AWS request failed.`;

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** As long as the key Secrets Manager generates at deployment (infra/stacks/stateful-stack.ts). */
const MASTER_KEY_LENGTH = 64;
const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/;

export function newWebhookMasterKey(): string {
  return Array.from({ length: MASTER_KEY_LENGTH }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]).join('');
}

export type WebhookSecretIo = CommandIo & { nowMs?: () => number };

export async function runWebhookSecret(args: readonly string[], io: WebhookSecretIo): Promise<number> {
  const options = readCommandOptions(
    args,
    {
      required: ['secret-id'],
      optional: ['office', 'endpoint'],
      flags: ['rotate', 'rotate-all', 'force'],
      usage: USAGE,
    },
    io,
  );
  if (!options) return EXIT.usage;
  const { 'secret-id': secretId, office, endpoint, rotate, 'rotate-all': rotateAll, force, region } = options;
  const usage = (problem: string) => {
    io.stderr(`${problem}\n\n${USAGE}\n`);
    return EXIT.usage;
  };
  if (rotateAll && office !== undefined) return usage('--rotate-all rotates every office: give no --office with it');
  if (!rotateAll && (office === undefined || office.trim() === '')) return usage('missing: --office or --rotate-all');
  if (force && !rotate && !rotateAll) return usage('--force goes with --rotate or --rotate-all');
  if (endpoint !== undefined && !LOOPBACK_URL.test(endpoint)) {
    return usage('--endpoint is for the local runtime: http://127.0.0.1:<port> (the cloud needs none)');
  }

  // The local Secrets Manager checks no signature, so any credentials do.
  const client = new SecretsManagerClient({
    region,
    ...(endpoint !== undefined && { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  try {
    const current = await readWebhookSecretVersion(client, secretId);
    if (current === undefined) {
      io.stderr(`There is no secret ${secretId} (WebhookSecretArn of the stateful stack).\n`);
      return EXIT.refused;
    }
    if (!current.reading.ok) {
      io.stderr(`The webhook secret ${current.reading.problem}; nothing was changed.\n`);
      return EXIT.refused;
    }
    const secret = current.reading.secret;
    if (!rotate && !rotateAll) {
      io.stdout(`${officeWebhookSecret(secret, office as string)}\n`);
      return EXIT.ok;
    }

    const now = (io.nowMs ?? Date.now)();
    const overlapEndsMs = (current.createdMs ?? Number.NEGATIVE_INFINITY) + WEBHOOK_ROTATION_OVERLAP_MS;
    if (!force && now < overlapEndsMs && (await readWebhookSecretVersion(client, secretId, 'AWSPREVIOUS'))) {
      io.stderr(
        `The last rotation's overlap lasts until ${new Date(overlapEndsMs).toISOString()}: a new version now would ` +
          'end it for every office that rotation changed (their receivers would refuse deliveries signed without ' +
          'their previous secret). Rotate after that time, or add --force (e.g. for a leaked secret). Nothing was ' +
          'changed.\n',
      );
      return EXIT.refused;
    }

    const next: WebhookMasterSecret = rotateAll
      ? withMasterKey(secret, newWebhookMasterKey())
      : withOfficeRotated(secret, office as string);
    await putWebhookSecretVersion(client, secretId, next);
    if (rotateAll) {
      io.stderr(
        'Every office has a new secret (a new master key). Within 5 minutes deliveries are signed with the old and ' +
          'the new secrets, for 24 hours; hand each office its new one: npm run webhook-secret -- --secret-id … ' +
          '--office <officeId>\n',
      );
    } else {
      const officeId = office as string;
      io.stdout(`${officeWebhookSecret(next, officeId)}\n`);
      io.stderr(
        `Office ${officeId} has a new secret (generation ${webhookGenerationOf(next, officeId)}). Within 5 minutes ` +
          'its deliveries are signed with the old and the new secret, for 24 hours; hand it over meanwhile.\n',
      );
    }
    return EXIT.ok;
  } catch (error) {
    io.stderr(`AWS request failed: ${error instanceof Error ? error.name : String(error)} (safe to run again)\n`);
    return EXIT.failed;
  } finally {
    client.destroy();
  }
}

if (import.meta.main) {
  process.exitCode = await runWebhookSecret(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
