// The part of Cognito's admin API that the coordinator function's Cognito adapter calls, in the AWS JSON 1.1 protocol
// (POST, X-Amz-Target: AWSCognitoIdentityProviderService.<Action>), served from the local user pool. Errors carry
// Cognito's `__type`, so the SDK in the function raises the same exception classes as against Cognito.
import { randomUUID } from 'node:crypto';
import { isRecord } from '#domain/json-value.ts';
import type { HttpResponse } from './http-api-event.ts';
import {
  type AppClient,
  CognitoError,
  type CognitoErrorType,
  type LocalUserPool,
  type PoolUser,
} from './local-user-pool.ts';

export const COGNITO_CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

type ProtocolErrorType = CognitoErrorType | 'UnknownOperationException' | 'SerializationException';

class ProtocolError extends Error {
  readonly type: ProtocolErrorType;

  constructor(type: ProtocolErrorType, message: string) {
    super(message);
    this.type = type;
  }
}

function answer(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': COGNITO_CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** Cognito's error answer: HTTP 400, the exception's name in `__type` (and in X-Amzn-ErrorType) and a message. */
export function cognitoError(type: ProtocolErrorType, message: string): HttpResponse {
  return answer(400, { __type: type, message }, { 'x-amzn-errortype': type });
}

const seconds = (date: Date) => date.getTime() / 1000;

function attributeList(attributes: Readonly<Record<string, string>>) {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

function userShape(user: PoolUser) {
  return {
    Username: user.username,
    Attributes: attributeList(user.attributes),
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.modifiedAt),
    Enabled: user.enabled,
    // Locally every account signs in with the local password at once; in the cloud an invited person first changes it.
    UserStatus: 'CONFIRMED',
  };
}

function clientShape(pool: LocalUserPool, client: AppClient) {
  return {
    UserPoolId: pool.id,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.secret === undefined ? {} : { ClientSecret: client.secret }),
    AllowedOAuthFlows: [...client.flows],
    AllowedOAuthScopes: [...client.scopes],
    AllowedOAuthFlowsUserPoolClient: client.flows.length > 0,
    CallbackURLs: [...client.callbackUrls],
    LogoutURLs: [...client.logoutUrls],
    AccessTokenValidity: client.accessTokenSeconds / 60,
    IdTokenValidity: client.idTokenSeconds / 60,
    RefreshTokenValidity: client.refreshTokenSeconds / 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    CreationDate: seconds(client.createdAt),
    LastModifiedDate: seconds(client.createdAt),
  };
}

/** The input fields an action reads, checked as Cognito's request validation would. */
class Input {
  readonly #body: Record<string, unknown>;

  constructor(body: Record<string, unknown>) {
    this.#body = body;
  }

  string(name: string): string {
    const value = this.#body[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new ProtocolError('InvalidParameterException', `1 validation error detected: ${name} must not be null`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.#body[name] === undefined ? undefined : this.string(name);
  }

  strings(name: string): string[] {
    const value = this.#body[name] ?? [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new ProtocolError('InvalidParameterException', `${name} must be a list of strings`);
    }
    return value;
  }

  boolean(name: string): boolean {
    const value = this.#body[name] ?? false;
    if (typeof value !== 'boolean') throw new ProtocolError('InvalidParameterException', `${name} must be a boolean`);
    return value;
  }

  attributes(name: string): Record<string, string> {
    const value = this.#body[name] ?? [];
    const attributes: Record<string, string> = {};
    if (!Array.isArray(value)) throw new ProtocolError('InvalidParameterException', `${name} must be a list`);
    for (const item of value) {
      if (!isRecord(item) || typeof item.Name !== 'string' || typeof item.Value !== 'string') {
        throw new ProtocolError('InvalidParameterException', `${name}: each attribute needs Name and Value`);
      }
      attributes[item.Name] = item.Value;
    }
    return attributes;
  }

  /** An access-token validity in seconds, as the client's units give it (Cognito's default unit: hours). */
  accessTokenSeconds(): number | undefined {
    const value = this.#body.AccessTokenValidity;
    if (value === undefined) return undefined;
    const units = isRecord(this.#body.TokenValidityUnits) ? this.#body.TokenValidityUnits.AccessToken : undefined;
    const factor = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[String(units ?? 'hours')];
    if (typeof value !== 'number' || !Number.isInteger(value) || factor === undefined) {
      throw new ProtocolError('InvalidParameterException', 'AccessTokenValidity must be an integer in known units');
    }
    const total = value * factor;
    if (total < 300 || total > 86400) {
      throw new ProtocolError('InvalidParameterException', 'AccessTokenValidity must be between 5 minutes and 1 day');
    }
    return total;
  }
}

type Action = (pool: LocalUserPool, input: Input) => unknown;

const ACTIONS: Record<string, Action> = {
  AdminCreateUser(pool, input) {
    const messageAction = input.optionalString('MessageAction');
    if (messageAction !== undefined && messageAction !== 'SUPPRESS') {
      throw new ProtocolError('InvalidParameterException', `MessageAction ${messageAction} is not supported locally`);
    }
    const mediums = input.strings('DesiredDeliveryMediums');
    const invite = messageAction !== 'SUPPRESS' && (mediums.length === 0 || mediums.includes('EMAIL'));
    const user = pool.createUser(input.string('Username'), input.attributes('UserAttributes'), invite);
    return { User: userShape(user) };
  },
  AdminGetUser(pool, input) {
    const user = pool.user(input.string('Username'));
    if (user === undefined) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    const { Attributes, ...rest } = userShape(user);
    return { ...rest, UserAttributes: Attributes };
  },
  AdminAddUserToGroup(pool, input) {
    pool.addUserToGroup(input.string('Username'), input.string('GroupName'));
    return {};
  },
  AdminDisableUser(pool, input) {
    pool.setUserEnabled(input.string('Username'), false);
    return {};
  },
  AdminEnableUser(pool, input) {
    pool.setUserEnabled(input.string('Username'), true);
    return {};
  },
  AdminUserGlobalSignOut(pool, input) {
    pool.signOutEverywhere(input.string('Username'));
    return {};
  },
  AdminDeleteUser(pool, input) {
    pool.deleteUser(input.string('Username'));
    return {};
  },
  CreateUserPoolClient(pool, input) {
    const accessTokenSeconds = input.accessTokenSeconds();
    const client = pool.createClient({
      clientName: input.string('ClientName'),
      generateSecret: input.boolean('GenerateSecret'),
      flows: input.strings('AllowedOAuthFlows'),
      scopes: input.strings('AllowedOAuthScopes'),
      callbackUrls: input.strings('CallbackURLs'),
      logoutUrls: input.strings('LogoutURLs'),
      ...(accessTokenSeconds === undefined ? {} : { accessTokenSeconds }),
    });
    return { UserPoolClient: clientShape(pool, client) };
  },
  DeleteUserPoolClient(pool, input) {
    pool.deleteClient(input.string('ClientId'));
    return {};
  },
};

/** The actions served (every other one is answered UnknownOperationException). */
export const COGNITO_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/** Answers one request of the JSON 1.1 protocol against the pool. */
export function handleCognitoRequest(
  pool: LocalUserPool,
  request: { readonly method: string; readonly target: string | undefined; readonly body: Buffer },
): HttpResponse {
  try {
    const name = request.target?.startsWith(TARGET_PREFIX) ? request.target.slice(TARGET_PREFIX.length) : undefined;
    const action = name === undefined ? undefined : ACTIONS[name];
    if (request.method !== 'POST' || action === undefined) {
      throw new ProtocolError(
        'UnknownOperationException',
        `unknown operation ${request.target ?? '(no X-Amz-Target)'}`,
      );
    }
    let body: unknown;
    try {
      body = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
    } catch {
      throw new ProtocolError('SerializationException', 'the body is not JSON');
    }
    if (!isRecord(body)) throw new ProtocolError('SerializationException', 'the body must be a JSON object');
    const input = new Input(body);
    const userPoolId = input.string('UserPoolId');
    if (userPoolId !== pool.id) {
      throw new CognitoError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
    }
    return answer(200, action(pool, input));
  } catch (error) {
    if (error instanceof CognitoError || error instanceof ProtocolError) return cognitoError(error.type, error.message);
    throw error;
  }
}
