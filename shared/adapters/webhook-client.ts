// Posts a signed webhook to an office's endpoint and reports how it answered; logs nothing. Sends only where the
// webhook URL rules allow (shared/domain/webhook-url.ts): the host is resolved once, every address it resolves to is
// checked, and the connection goes to the checked address, so a DNS answer that changes between check and connect
// (DNS rebinding) cannot redirect a delivery into Lotse's own network.
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from '#domain/network-address.ts';
import { isAllowedRange, rangeRefusal, type WebhookRuntime, webhookUrlRefusal } from '#domain/webhook-url.ts';

/**
 * What one POST achieved: the receiver answered with `status` (a redirect is an answer too, never followed), it
 * could not be reached in time, or Lotse refused to send there (`reason`: the rule, never the URL).
 */
export type WebhookPostResult =
  | { kind: 'answered'; status: number }
  | { kind: 'unreachable'; reason: 'timeout' | 'network'; code?: string }
  | { kind: 'refused'; reason: string };

export interface WebhookRequest {
  url: string;
  /** The exact bytes that were signed; sent unchanged. */
  body: string;
  headers: Record<string, string>;
}

export interface WebhookClient {
  post(request: WebhookRequest): Promise<WebhookPostResult>;
}

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface WebhookClientOptions {
  timeoutMs?: number;
  /** `local`: loopback receivers allowed (the local runtime). Default: the cloud's rules. */
  runtime?: WebhookRuntime;
  /** Every address of a host name (default: the system resolver, as the connection would use it). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

const DEFAULT_TIMEOUT_MS = 5_000;

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/** The URL host as an address (`[::1]` → `::1`), or undefined for a host name. */
function literalAddress(hostname: string): ResolvedAddress | undefined {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (classifyAddress(bare) === undefined) return undefined;
  return { address: bare, family: bare.includes(':') ? 6 : 4 };
}

/** A name lookup that answers `target` whatever name it is asked for; TLS still checks the URL's name. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
}

/**
 * One POST with Node's own HTTP client (nothing to load at start-up or at the first delivery): a connection of its
 * own (no pool) to the checked address, the URL's name for TLS (SNI and certificate), redirects never followed.
 * Resolves with the status once the answer's head has arrived; the answer's body is discarded.
 */
function postOnce(
  url: URL,
  request: Pick<WebhookRequest, 'body' | 'headers'>,
  target: ResolvedAddress,
  timeoutMs: number,
): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: pinnedLookup(target),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (answer) => {
        resolve(answer.statusCode ?? 0);
        answer.resume();
        answer.on('error', () => undefined);
        answer.destroy();
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

type Destination = { ok: true; target: ResolvedAddress } | { ok: false; result: WebhookPostResult };

/** Where a delivery to `url` may connect: the first address of its host, once all of them are allowed. */
async function destinationOf(
  url: URL,
  runtime: WebhookRuntime,
  resolve: NonNullable<WebhookClientOptions['resolve']>,
): Promise<Destination> {
  const literal = literalAddress(url.hostname);
  let addresses: ResolvedAddress[];
  try {
    addresses = literal ? [literal] : await resolve(url.hostname);
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, result: { kind: 'unreachable', reason: 'network', ...(code ? { code } : {}) } };
  }
  for (const { address } of addresses) {
    const range = classifyAddress(address);
    // An answer that is no address at all is not sent to either.
    if (range === undefined) return { ok: false, result: { kind: 'refused', reason: 'resolves to no IP address' } };
    if (!isAllowedRange(range, runtime) && range !== 'public') {
      return { ok: false, result: { kind: 'refused', reason: `resolves to an address that ${rangeRefusal(range)}` } };
    }
  }
  const [target] = addresses;
  if (target === undefined) return { ok: false, result: { kind: 'unreachable', reason: 'network', code: 'ENOTFOUND' } };
  return { ok: true, target };
}

/**
 * Never throws for a receiver's failure: the caller decides about retries. The result carries a status, an error
 * code or a refusal's rule, never the URL (its path or query may hold a receiver's token), the body or the answer.
 */
export function createWebhookClient(options: WebhookClientOptions = {}): WebhookClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const runtime = options.runtime ?? 'cloud';
  const resolve = options.resolve ?? systemResolve;
  return {
    async post({ url, body, headers }) {
      const refusal = webhookUrlRefusal(url, runtime);
      if (refusal !== undefined) return { kind: 'refused', reason: `the webhook URL ${refusal}` };
      const destination = await destinationOf(new URL(url), runtime, resolve);
      if (!destination.ok) return destination.result;
      try {
        // A redirect would re-send a signed payload to a host the catalogue never named: 3xx counts as a failure.
        const status = await postOnce(new URL(url), { body, headers }, destination.target, timeoutMs);
        return { kind: 'answered', status };
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
