// A small HTTP client for the integration tier: real tokens from the local issuer, real requests (and, for the tests
// that import it from here, the shared polling helper).
import { randomUUID } from 'node:crypto';

export { eventually } from './eventually.ts';

export type TokenRequest =
  | { role: 'referrer'; institutionId: string; allowUnregistered?: boolean }
  | { role: 'office'; officeId: string }
  | { role: 'coordinator' };

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export class Api {
  readonly baseUrl: string;
  readonly #tokens = new Map<string, string>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async token(request: TokenRequest): Promise<string> {
    const cacheKey = JSON.stringify(request);
    const cached = this.#tokens.get(cacheKey);
    if (cached) return cached;
    const response = await this.request('POST', '/_local/token', { body: request });
    if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
    const token = (response.body as { access_token: string }).access_token;
    this.#tokens.set(cacheKey, token);
    return token;
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async as(
    request: TokenRequest,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    return this.request(method, path, { ...options, token: await this.token(request) });
  }

  async submitReferral(
    institutionId: string,
    body: unknown,
    idempotencyKey: string = randomUUID(),
  ): Promise<ApiResponse> {
    return this.as({ role: 'referrer', institutionId }, 'POST', '/v1/referrals', {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }
}
