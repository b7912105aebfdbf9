// The API client: every call carries the bearer token; a problem+json answer becomes an ApiError (its type, its
// field errors by path); 401 tries one refresh and then asks for a new sign-in; a dropped connection is an ApiError of
// kind "network", which the screens offer to retry (a submission with the same Idempotency-Key).
import type { Auth } from './auth.ts';

export type FieldProblem = { readonly path: string; readonly message: string };

export type ApiErrorKind =
  /** No answer: the connection dropped or the server is unreachable. Retry. */
  | 'network'
  /** 401 after a refresh: the session ended; sign in again. */
  | 'signed-out'
  /** Any other problem+json (or non-JSON error) answer. */
  | 'problem';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  /** The problem's type slug (API.md), e.g. `validation`, `child-protection`; `network` / `unauthorized` otherwise. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
  /** Seconds from Retry-After, when the answer named them. */
  readonly retryAfter: number | undefined;
  /** The whole problem document, for members beyond the standard ones (e.g. an import's `import` report). */
  readonly problem: Readonly<Record<string, unknown>>;

  constructor(init: {
    kind: ApiErrorKind;
    status: number;
    type: string;
    title?: string;
    detail?: string;
    errors?: readonly FieldProblem[];
    retryAfter?: number;
    problem?: Readonly<Record<string, unknown>>;
  }) {
    super(init.detail ?? init.title ?? init.type);
    this.kind = init.kind;
    this.status = init.status;
    this.type = init.type;
    this.title = init.title ?? '';
    this.detail = init.detail ?? '';
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter;
    this.problem = init.problem ?? {};
  }

  /** A retry may succeed: no answer, a temporary failure (503), or a request still in flight (409 conflict). */
  get retryable(): boolean {
    return this.kind === 'network' || this.status === 503 || this.status === 502 || this.status === 504;
  }
}

export type ApiAnswer<T> = { readonly status: number; readonly body: T; readonly headers: Headers };

export type RequestOptions = {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  /** The case's version, sent as `If-Match: "<version>"`. */
  readonly ifMatch?: number | string;
  readonly query?: Record<string, string | number | undefined>;
  /** Another representation than JSON (e.g. `text/csv`): the answer's body is then its text. */
  readonly accept?: string;
  readonly signal?: AbortSignal;
};

async function problemOf(response: Response): Promise<ApiError> {
  const retryAfterHeader = response.headers.get('retry-after');
  const retryAfter = retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a gateway's own error page): the status alone tells.
  }
  const errors = Array.isArray(body.errors)
    ? body.errors.flatMap((entry: unknown) => {
        const item = entry as { path?: unknown; message?: unknown };
        return typeof item?.path === 'string' && typeof item.message === 'string'
          ? [{ path: item.path, message: item.message }]
          : [];
      })
    : [];
  return new ApiError({
    kind: 'problem',
    status: response.status,
    type: typeof body.type === 'string' ? body.type : `http-${response.status}`,
    ...(typeof body.title === 'string' ? { title: body.title } : {}),
    ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    errors,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    problem: body,
  });
}

export class Api {
  readonly #auth: Auth;
  /** Called when the session cannot be renewed (the app shows "sign in again"). */
  readonly #onSignedOut: () => void;

  constructor(auth: Auth, onSignedOut: () => void) {
    this.#auth = auth;
    this.#onSignedOut = onSignedOut;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    return this.request<T>('POST', path, options);
  }

  put<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    return this.request<T>('PUT', path, options);
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    const send = async (token: string) => {
      const headers: Record<string, string> = {
        accept: options.accept ?? 'application/json',
        authorization: `Bearer ${token}`,
      };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
      if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
      try {
        return await fetch(url, {
          method,
          headers,
          cache: 'no-store',
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw new ApiError({ kind: 'network', status: 0, type: 'network' });
      }
    };
    const signedOut = () => {
      this.#onSignedOut();
      return new ApiError({ kind: 'signed-out', status: 401, type: 'unauthorized' });
    };
    let token = await this.#auth.accessToken();
    if (token === undefined) throw signedOut();
    let response = await send(token);
    if (response.status === 401) {
      // The token may have expired between the check and the call (or been revoked): one refresh, one retry.
      token = (await this.#auth.refresh()) ? await this.#auth.accessToken() : undefined;
      if (token === undefined) throw signedOut();
      response = await send(token);
      if (response.status === 401) throw signedOut();
    }
    if (!response.ok) throw await problemOf(response);
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : asText(options, response) ? text : JSON.parse(text)) as T,
      headers: response.headers,
    };
  }
}

/** Whether an answer is read as text: another representation than JSON was asked for and given. */
function asText(options: RequestOptions, response: Response): boolean {
  return options.accept !== undefined && !/json/.test(response.headers.get('content-type') ?? '');
}

/** A fresh Idempotency-Key: one per draft, kept for its retries. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
