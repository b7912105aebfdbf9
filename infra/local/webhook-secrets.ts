// The webhook signing secrets the local runtime serves: one per catalogue office, under the secret names the
// template gives the functions (`<WEBHOOK_SECRET_PREFIX><officeId>`), with values from the developer or random, all
// Standard Webhooks secrets (`whsec_` + base64 of random bytes).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { webhookSecretOf, webhookSecretProblem } from '#domain/webhook-signature.ts';
import type { FunctionModel } from './app-model.ts';

export const WEBHOOK_SECRET_PREFIX_VARIABLE = 'WEBHOOK_SECRET_PREFIX';

export class InvalidWebhookSecrets extends Error {}

/** The secret name prefixes the functions are configured with (normally one: the notifier's). */
export function webhookSecretPrefixes(functions: readonly FunctionModel[]): string[] {
  const prefixes = functions
    .map((fn) => fn.environment[WEBHOOK_SECRET_PREFIX_VARIABLE])
    .filter((prefix): prefix is string => typeof prefix === 'string' && prefix !== '');
  return [...new Set(prefixes)];
}

/**
 * Reads a JSON map officeId → `whsec_` secret; `source` names where it came from, for the error message (which never
 * repeats a value).
 */
export function parseWebhookSecrets(text: string, source: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidWebhookSecrets(`${source} must be a JSON object {"<officeId>": "whsec_…"}: not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidWebhookSecrets(`${source} must be a JSON object {"<officeId>": "whsec_…"}`);
  }
  const secrets: Record<string, string> = {};
  for (const [officeId, secret] of Object.entries(value)) {
    if (typeof secret !== 'string') {
      throw new InvalidWebhookSecrets(`${source}: the secret of office ${officeId} must be a string`);
    }
    const problem = webhookSecretProblem(secret);
    if (problem !== undefined) {
      throw new InvalidWebhookSecrets(
        `${source}: the secret of office ${officeId} ${problem} (make one with: echo "whsec_$(openssl rand -base64 32)")`,
      );
    }
    secrets[officeId] = secret;
  }
  return secrets;
}

/** `LOTSE_WEBHOOK_SECRETS` (inline JSON) or `LOTSE_WEBHOOK_SECRETS_FILE` (a JSON file); undefined when neither. */
export function webhookSecretsFromEnvironment(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const inline = env.LOTSE_WEBHOOK_SECRETS;
  if (inline !== undefined && inline !== '') return parseWebhookSecrets(inline, 'LOTSE_WEBHOOK_SECRETS');
  const file = env.LOTSE_WEBHOOK_SECRETS_FILE;
  if (file === undefined || file === '') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidWebhookSecrets(`LOTSE_WEBHOOK_SECRETS_FILE ${file}: ${(error as Error).message}`);
  }
  return parseWebhookSecrets(text, `LOTSE_WEBHOOK_SECRETS_FILE ${file}`);
}

/**
 * The secret of every office: the given ones, and a random `whsec_` secret of 32 bytes (generated at start, so a
 * restart changes it) for each catalogue office without one. Nothing when no function names a secret prefix.
 */
export function webhookSecrets(
  prefixes: readonly string[],
  officeIds: readonly string[],
  given: Readonly<Record<string, string>> = {},
): { readonly byOffice: Record<string, string>; readonly byName: Map<string, string> } {
  if (prefixes.length === 0) return { byOffice: {}, byName: new Map() };
  const byOffice: Record<string, string> = {};
  for (const officeId of officeIds) byOffice[officeId] = given[officeId] ?? webhookSecretOf(randomBytes(32));
  for (const [officeId, secret] of Object.entries(given)) byOffice[officeId] = secret;
  const byName = new Map<string, string>();
  for (const prefix of prefixes) {
    for (const [officeId, secret] of Object.entries(byOffice)) byName.set(`${prefix}${officeId}`, secret);
  }
  return { byOffice, byName };
}
