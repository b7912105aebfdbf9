// The app's runtime configuration, fetched from /config.json at start: one build serves every municipality, and the
// deployment (locally the runtime, in the cloud the stack) says where sign-in happens and whose app this is.

export type RuntimeConfig = {
  /** The OIDC issuer (its discovery document names the endpoints). */
  readonly authority: string;
  readonly clientId: string;
  /** Where sign-in returns, on this origin (registered with the token service). */
  readonly redirectPath: string;
  /** The token service's logout URL (Cognito's discovery names none): called with client_id and logout_uri. */
  readonly logoutEndpoint: string;
  /** Where the logout returns, on this origin (registered with the token service). */
  readonly logoutPath: string;
  readonly municipality: { readonly name: string };
};

function isConfig(value: unknown): value is RuntimeConfig {
  if (typeof value !== 'object' || value === null) return false;
  const config = value as Record<string, unknown>;
  const municipality = config.municipality as Record<string, unknown> | undefined;
  return (
    ['authority', 'clientId', 'redirectPath', 'logoutEndpoint', 'logoutPath'].every(
      (key) => typeof config[key] === 'string',
    ) && typeof municipality?.name === 'string'
  );
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const value: unknown = await response.json();
  if (!isConfig(value)) throw new Error('config.json is incomplete');
  return value;
}
