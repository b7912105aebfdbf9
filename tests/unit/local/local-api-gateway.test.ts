// The local API Gateway management API as the AWS SDK sees it: GetAuthorizer and UpdateAuthorizer over the local JWT
// authorizers (REST-JSON), an update changing the audience the local gateway checks at once, and API Gateway's errors.
import { Readable } from 'node:stream';
import {
  ApiGatewayV2Client,
  BadRequestException,
  GetAuthorizerCommand,
  NotFoundException,
  UpdateAuthorizerCommand,
} from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { handleApiGatewayRequest, type LocalAuthorizer, localAuthorizers } from '#infra/local/local-api-gateway.ts';

const ISSUER = 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AuthUserPool1';
const PREFIX = '/_local/apigateway';

function authorizers() {
  return localAuthorizers([
    { id: 'Authorizer1', apiId: 'HttpApi1', name: 'CognitoAuthorizer', audiences: ['local-WebClient'], issuer: ISSUER },
  ]);
}

type Sent = { method: string; path: string };

/** An SDK client whose requests the local API answers in process, below the endpoint's path as the gateway does. */
function clientOf(state: ReadonlyMap<string, LocalAuthorizer>, sent: Sent[] = []) {
  return new ApiGatewayV2Client({
    region: 'eu-central-1',
    endpoint: `http://127.0.0.1:3000${PREFIX}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { method: string; path: string; body?: string | Uint8Array }) {
        sent.push({ method: request.method, path: request.path });
        const body =
          request.body instanceof Uint8Array
            ? Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength)
            : Buffer.from(request.body ?? '');
        const answer = handleApiGatewayRequest(state, {
          method: request.method,
          path: request.path.slice(PREFIX.length),
          body,
        });
        return {
          response: { statusCode: answer.statusCode, headers: answer.headers, body: Readable.from([answer.body]) },
        };
      },
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const ids = { ApiId: 'HttpApi1', AuthorizerId: 'Authorizer1' };

describe('the local API Gateway management API through the AWS SDK', () => {
  it('reads an authorizer with its audience and issuer, under the endpoint path', async () => {
    const sent: Sent[] = [];

    const authorizer = await clientOf(authorizers(), sent).send(new GetAuthorizerCommand(ids));

    expect(sent).toEqual([{ method: 'GET', path: `${PREFIX}/v2/apis/HttpApi1/authorizers/Authorizer1` }]);
    expect(authorizer).toMatchObject({
      AuthorizerId: 'Authorizer1',
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: ['local-WebClient'], Issuer: ISSUER },
    });
  });

  it('updates the audience the local authorizer checks', async () => {
    const state = authorizers();

    await clientOf(state).send(
      new UpdateAuthorizerCommand({
        ...ids,
        JwtConfiguration: { Issuer: ISSUER, Audience: ['local-WebClient', 'kis'] },
      }),
    );

    expect(state.get('Authorizer1')?.audiences).toEqual(['local-WebClient', 'kis']);
  });

  it('raises NotFoundException for an unknown authorizer or another API', async () => {
    const client = clientOf(authorizers());

    const errors = await Promise.all([
      rejection(client.send(new GetAuthorizerCommand({ ...ids, AuthorizerId: 'nope' }))),
      rejection(client.send(new GetAuthorizerCommand({ ...ids, ApiId: 'OtherApi' }))),
    ]);

    for (const error of errors) expect(error).toBeInstanceOf(NotFoundException);
  });

  it('raises BadRequestException for a change it does not reproduce', async () => {
    const error = await rejection(clientOf(authorizers()).send(new UpdateAuthorizerCommand({ ...ids, Name: 'x' })));

    expect(error).toBeInstanceOf(BadRequestException);
  });
});
