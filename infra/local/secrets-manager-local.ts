// A minimal Secrets Manager on loopback over the AWS JSON 1.1 protocol, for the secrets the local runtime knows (the
// stacks' generated secrets under the ARNs the template gives the functions, among them the webhook secret):
// `GetSecretValue` of the AWSCURRENT and AWSPREVIOUS versions with their CreatedDate, and `PutSecretValue`, which
// makes a new AWSCURRENT version and the replaced one AWSPREVIOUS, as a webhook secret's rotation does. Functions reach
// it through AWS_ENDPOINT_URL_SECRETS_MANAGER; a developer with `aws --endpoint-url`.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readAll } from './loopback-server.ts';

export type SecretsManagerLocal = {
  readonly endpoint: string;
  /** The AWSCURRENT value of a secret (by name or ARN), as a GetSecretValue now would answer it. */
  currentValue(secretId: string): string | undefined;
  close(): Promise<void>;
};

type SecretVersion = {
  readonly value: string;
  readonly versionId: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  readonly createdDate: number;
};

type StoredSecret = {
  readonly arn: string;
  readonly name: string;
  current: SecretVersion;
  previous: SecretVersion | undefined;
};

/** A secret the template names by its ARN (a generated secret): served under exactly that ARN and its name. */
export type SecretWithArn = { readonly name: string; readonly arn: string; readonly value: string };

type Answer = { readonly statusCode: number; readonly body: Record<string, unknown>; readonly errorType?: string };

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const OPERATIONS = ['GetSecretValue', 'PutSecretValue'] as const;

/** Secrets Manager appends a dash and six random characters to the name in a secret's ARN. */
function arnSuffix(): string {
  return [...randomBytes(6)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

function failure(errorType: string, message: string): Answer {
  return { statusCode: 400, errorType, body: { __type: errorType, message } };
}

const notFound = () => failure('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

type Input = {
  SecretId?: unknown;
  VersionId?: unknown;
  VersionStage?: unknown;
  SecretString?: unknown;
  ClientRequestToken?: unknown;
};

/**
 * Builds the store and answers one request; separate from the server so that it can be reasoned about alone.
 * `nowMs`: the clock that dates the versions.
 */
export function createSecretsStore(
  secrets: ReadonlyMap<string, string>,
  region: string,
  accountId: string,
  withArns: readonly SecretWithArn[] = [],
  nowMs: () => number = Date.now,
) {
  const version = (value: string, versionId: string = randomUUID()): SecretVersion => ({
    value,
    versionId,
    createdDate: nowMs() / 1000,
  });
  const byName = new Map<string, StoredSecret>();
  for (const [name, value] of secrets) {
    const arn = `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${arnSuffix()}`;
    byName.set(name, { arn, name, current: version(value), previous: undefined });
  }
  for (const { name, arn, value } of withArns) {
    if (byName.has(name)) throw new Error(`the local Secrets Manager has two secrets named ${name}`);
    byName.set(name, { arn, name, current: version(value), previous: undefined });
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
  const stagesOf = (secret: StoredSecret, of: SecretVersion) => [of === secret.current ? 'AWSCURRENT' : 'AWSPREVIOUS'];

  function getSecretValue(secret: StoredSecret, input: Input): Answer {
    const byStage =
      input.VersionStage === undefined || input.VersionStage === 'AWSCURRENT'
        ? secret.current
        : input.VersionStage === 'AWSPREVIOUS'
          ? secret.previous
          : undefined;
    const chosen =
      input.VersionId === undefined
        ? byStage
        : [secret.current, secret.previous].find((v) => v?.versionId === input.VersionId);
    // Both given: they must name the same version.
    if (chosen === undefined || (input.VersionStage !== undefined && chosen !== byStage)) return notFound();
    return {
      statusCode: 200,
      body: {
        ARN: secret.arn,
        Name: secret.name,
        SecretString: chosen.value,
        VersionId: chosen.versionId,
        VersionStages: stagesOf(secret, chosen),
        CreatedDate: chosen.createdDate,
      },
    };
  }

  function putSecretValue(secret: StoredSecret, input: Input): Answer {
    if (typeof input.SecretString !== 'string' || input.SecretString === '') {
      return failure('InvalidParameterException', 'the local Secrets Manager takes a non-empty SecretString only');
    }
    const token = input.ClientRequestToken;
    if (token !== undefined && (typeof token !== 'string' || token.length < 32 || token.length > 64)) {
      return failure('InvalidParameterException', 'ClientRequestToken must be 32 to 64 characters');
    }
    const answer = () => ({
      statusCode: 200,
      body: { ARN: secret.arn, Name: secret.name, VersionId: secret.current.versionId, VersionStages: ['AWSCURRENT'] },
    });
    // A retried put (same token) changes nothing; the same token with another value is an error, as in AWS.
    const existing = [secret.current, secret.previous].find((v) => token !== undefined && v?.versionId === token);
    if (existing !== undefined) {
      if (existing.value !== input.SecretString) {
        return failure('ResourceExistsException', 'a version with this ClientRequestToken has another value');
      }
      return answer();
    }
    secret.previous = secret.current;
    secret.current = version(input.SecretString, typeof token === 'string' ? token : undefined);
    return answer();
  }

  return {
    currentValue(secretId: string): string | undefined {
      return find(secretId)?.current.value;
    },
    answer(target: string | undefined, body: string): Answer {
      const operation = OPERATIONS.find((name) => target === `secretsmanager.${name}`);
      if (operation === undefined) {
        return failure('UnknownOperationException', `the local Secrets Manager supports only ${OPERATIONS.join(', ')}`);
      }
      let input: Input;
      try {
        input = (JSON.parse(body === '' ? '{}' : body) ?? {}) as Input;
      } catch {
        return failure('SerializationException', 'the request body is not JSON');
      }
      if (typeof input.SecretId !== 'string' || input.SecretId === '') {
        return failure('InvalidParameterException', 'SecretId is required');
      }
      const secret = find(input.SecretId);
      if (secret === undefined) return notFound();
      return operation === 'GetSecretValue' ? getSecretValue(secret, input) : putSecretValue(secret, input);
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
  return { endpoint: url, currentValue: (secretId) => store.currentValue(secretId), close };
}
