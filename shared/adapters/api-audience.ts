// The HTTP API's JWT authorizer audience: the web app's client id (fixed by the stack) plus every registered system's
// client id (set at run time, as systems are registered and deleted).
import { ApiGatewayV2Client, GetAuthorizerCommand, UpdateAuthorizerCommand } from '@aws-sdk/client-apigatewayv2';
import type { ApiAudience } from '#application/ports.ts';
import { builtOnFirstSend } from './aws-clients.ts';
import { translateAwsError } from './aws-errors.ts';

export type ApiAudienceOptions = {
  readonly client: Pick<ApiGatewayV2Client, 'send'>;
  readonly apiId: string;
  readonly authorizerId: string;
  /** The user pool's issuer URL: UpdateAuthorizer replaces the whole JWT configuration. */
  readonly issuer: string;
  /** Client ids the stack puts in the audience (the web app's); always kept first. */
  readonly fixedAudience: readonly string[];
};

export function createApiAudience(options: ApiAudienceOptions): ApiAudience {
  return {
    // Read first and write only a change: every update of an auto-deployed API is a new deployment.
    async set(clientIds) {
      const audience = [...new Set([...options.fixedAudience, ...[...clientIds].sort()])];
      const ids = { ApiId: options.apiId, AuthorizerId: options.authorizerId };
      try {
        const current = await options.client.send(new GetAuthorizerCommand(ids));
        const now = current.JwtConfiguration?.Audience ?? [];
        if (now.length === audience.length && now.every((id, index) => id === audience[index])) return;
        await options.client.send(
          new UpdateAuthorizerCommand({
            ...ids,
            JwtConfiguration: { Issuer: options.issuer, Audience: audience },
          }),
        );
      } catch (error) {
        throw translateAwsError(error, 'update API audience');
      }
    },
  };
}

/** The variables ServiceFunction.bindApiAudience sets (parsed by the function's config schema). */
export type ApiAudienceEnvironment = {
  readonly API_ID: string;
  readonly API_AUTHORIZER_ID: string;
  readonly API_AUTHORIZER_ISSUER: string;
  readonly API_FIXED_AUDIENCE: readonly string[];
};

/**
 * The audience of a function instance: its own client (the SDK reads AWS_ENDPOINT_URL_APIGATEWAYV2 locally), built
 * with its first request, not at cold start (the coordinator needs it only when a client is registered or deleted).
 */
export function apiAudienceOf(environment: ApiAudienceEnvironment): ApiAudience {
  return createApiAudience({
    client: builtOnFirstSend(() => new ApiGatewayV2Client({})),
    apiId: environment.API_ID,
    authorizerId: environment.API_AUTHORIZER_ID,
    issuer: environment.API_AUTHORIZER_ISSUER,
    fixedAudience: environment.API_FIXED_AUDIENCE,
  });
}
