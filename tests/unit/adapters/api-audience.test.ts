import {
  ApiGatewayV2Client,
  GetAuthorizerCommand,
  TooManyRequestsException,
  UpdateAuthorizerCommand,
} from '@aws-sdk/client-apigatewayv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiAudience } from '#adapters/api-audience.ts';
import { TemporaryFailure } from '#domain/errors.ts';

const client = new ApiGatewayV2Client({ region: 'eu-central-1' });
const apiGateway = mockClient(client);
const issuer = 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Pool';
const audience = createApiAudience({
  client,
  apiId: 'api1',
  authorizerId: 'auth1',
  issuer,
  fixedAudience: ['web-client'],
});

afterEach(() => {
  apiGateway.reset();
});

describe('the API audience', () => {
  it("sets the web app's client first and the registered clients sorted, with the issuer", async () => {
    apiGateway.on(GetAuthorizerCommand).resolves({ JwtConfiguration: { Audience: ['web-client'], Issuer: issuer } });
    apiGateway.on(UpdateAuthorizerCommand).resolves({});

    await audience.set(['client-b', 'client-a']);

    expect(apiGateway.commandCalls(UpdateAuthorizerCommand)[0]?.args[0].input).toEqual({
      ApiId: 'api1',
      AuthorizerId: 'auth1',
      JwtConfiguration: { Issuer: issuer, Audience: ['web-client', 'client-a', 'client-b'] },
    });
  });

  it('writes nothing when the audience is already right (every update redeploys the API)', async () => {
    apiGateway
      .on(GetAuthorizerCommand)
      .resolves({ JwtConfiguration: { Audience: ['web-client', 'client-a'], Issuer: issuer } });

    await audience.set(['client-a']);

    expect(apiGateway.commandCalls(UpdateAuthorizerCommand)).toHaveLength(0);
  });

  it('answers throttling as a temporary failure', async () => {
    apiGateway.on(GetAuthorizerCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));

    await expect(audience.set([])).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
