// A minimal Secrets Manager on loopback: `GetSecretValue` over the AWS JSON 1.1 protocol, for the secrets the local
// runtime knows (the webhook signing secrets, and the stacks' generated secrets under the ARNs the template gives the
// functions). Functions reach it through AWS_ENDPOINT_URL_SECRETS_MANAGER.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readAll } from './loopback-server.ts';

export type SecretsManagerLocal = { readonly endpoint: string; close(): Promise<void> };

type StoredSecret = {
  readonly arn: string;
  readonly name: string;
  readonly value: string;
  readonly versionId: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  readonly createdDate: number;
};

/** A secret the template names by its ARN (a generated secret): served under exactly that ARN and its name. */
export type SecretWithArn = { readonly name: string; readonly arn: string; readonly value: string };

type Answer = { readonly statusCode: number; readonly body: Record<string, unknown>; readonly errorType?: string };

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Secrets Manager appends a dash and six random characters to the name in a secret's ARN. */
function arnSuffix(): string {
  return [...randomBytes(6)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

function failure(errorType: string, message: string): Answer {
  return { statusCode: 400, errorType, body: { __type: errorType, message } };
}

/** Builds the store and answers one request; separate from the server so that it can be reasoned about alone. */
export function createSecretsStore(
  secrets: ReadonlyMap<string, string>,
  region: string,
  accountId: string,
  withArns: readonly SecretWithArn[] = [],
) {
  const createdDate = Date.now() / 1000;
  const byName = new Map<string, StoredSecret>();
  for (const [name, value] of secrets) {
    byName.set(name, {
      arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${arnSuffix()}`,
      name,
      value,
      versionId: randomUUID(),
      createdDate,
    });
  }
  for (const { name, arn, value } of withArns) {
    if (byName.has(name)) throw new Error(`the local Secrets Manager has two secrets named ${name}`);
    byName.set(name, { arn, name, value, versionId: randomUUID(), createdDate });
  }
  // SecretId may be the name, the full ARN or the ARN without its random suffix.
  const find = (secretId: string): StoredSecret | undefined => {
    const named = byName.get(secretId);
    if (named !== undefined) return named;
    for (const secret of byName.values()) {
      if (secret.arn === secretId || secret.arn.slice(0, secret.arn.lastIndexOf('-')) === secretId) return secret;
    }
    return undefined;
  };

  return {
    answer(target: string | undefined, body: string): Answer {
      if (target !== 'secretsmanager.GetSecretValue') {
        return failure('UnknownOperationException', `the local Secrets Manager supports only GetSecretValue`);
      }
      let input: { SecretId?: unknown; VersionId?: unknown; VersionStage?: unknown };
      try {
        input = (JSON.parse(body === '' ? '{}' : body) ?? {}) as typeof input;
      } catch {
        return failure('SerializationException', 'the request body is not JSON');
      }
      if (typeof input.SecretId !== 'string' || input.SecretId === '') {
        return failure('InvalidParameterException', 'SecretId is required');
      }
      const secret = find(input.SecretId);
      const versionMatches =
        (input.VersionId === undefined || input.VersionId === secret?.versionId) &&
        (input.VersionStage === undefined || input.VersionStage === 'AWSCURRENT');
      if (secret === undefined || !versionMatches) {
        return failure('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      }
      return {
        statusCode: 200,
        body: {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: secret.value,
          VersionId: secret.versionId,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: secret.createdDate,
        },
      };
    },
  };
}

/**
 * Serves `secrets` (name → SecretString) and `withArns` on 127.0.0.1 at a free port. Requests are not
 * signature-checked.
 */
export async function startSecretsManagerLocal(
  secrets: ReadonlyMap<string, string>,
  region: string,
  accountId: string,
  withArns: readonly SecretWithArn[] = [],
): Promise<SecretsManagerLocal> {
  const store = createSecretsStore(secrets, region, accountId, withArns);
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const body = (await readAll(request)).toString('utf8');
      const target = request.headers['x-amz-target'];
      const answer =
        request.method === 'POST'
          ? store.answer(typeof target === 'string' ? target : undefined, body)
          : failure('UnknownOperationException', 'the AWS JSON protocol uses POST');
      const payload = Buffer.from(JSON.stringify(answer.body));
      response.writeHead(answer.statusCode, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(payload.length),
        'x-amzn-requestid': randomUUID(),
        ...(answer.errorType === undefined ? {} : { 'x-amzn-errortype': answer.errorType }),
      });
      response.end(payload);
    } catch {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  });
  const { url, close } = await listenOnLoopback(server);
  return { endpoint: url, close };
}
