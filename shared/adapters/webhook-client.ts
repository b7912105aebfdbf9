// Posts a signed webhook to an office's endpoint (HTTPS in the cloud) and reports how it answered; logs nothing.

/** What one POST achieved: the receiver answered with `status`, or it could not be reached in time. */
export type WebhookPostResult =
  | { kind: 'answered'; status: number }
  | { kind: 'unreachable'; reason: 'timeout' | 'network'; code?: string };

export interface WebhookRequest {
  url: string;
  /** The exact bytes that were signed; sent unchanged. */
  body: string;
  headers: Record<string, string>;
}

export interface WebhookClient {
  post(request: WebhookRequest): Promise<WebhookPostResult>;
}

const DEFAULT_TIMEOUT_MS = 5_000;

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Never throws for a receiver's failure: the caller decides about retries. The result carries a status or an error
 * code, never the URL (its query string may hold a receiver's token), the body or the receiver's answer.
 */
export function createWebhookClient(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): WebhookClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async post({ url, body, headers }) {
      try {
        // Looked up per call, not captured: the global may be instrumented after this client was created.
        const response = await (options.fetch ?? fetch)(url, {
          method: 'POST',
          headers,
          body,
          // A redirect would re-send a signed payload to a host the catalogue never named: 3xx counts as a failure.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        // The answer's body is of no interest; releasing it frees the connection for the next delivery.
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'answered', status: response.status };
      } catch (error) {
        if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
          return { kind: 'unreachable', reason: 'timeout' };
        }
        const code = errorCode(error);
        return { kind: 'unreachable', reason: 'network', ...(code ? { code } : {}) };
      }
    },
  };
}
