// Where Lotse may send an office's webhooks: the rule for the catalogue's `webhookUrl` and for the addresses a
// delivery resolves. Status events leave the installation, so only public HTTPS endpoints, never Lotse's own network
// (private, link-local and metadata addresses: a request there could read cloud credentials or internal services).
import { hasControlCharacter } from './field-rules.ts';
import { type AddressRange, classifyAddress, describeRange } from './network-address.ts';

/**
 * `local`: the local runtime (`npm start`, the integration tests), where receivers run on the developer's machine: a
 * loopback host is allowed, over plain http too. `cloud`: everywhere else, https to public hosts only.
 */
export type WebhookRuntime = 'cloud' | 'local';

/**
 * The loopback hosts a local receiver listens on over http, as the URL parser normalises them (`LOCALHOST` →
 * `localhost`, `[0:0::1]` → `[::1]`). Deliberately short: over http the event ids and signatures would cross the
 * network in clear text if any other name resolved to a remote machine.
 */
const LOOPBACK_HTTP_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const HTTPS_REQUIRED = 'must be an https URL';
const HTTPS_OR_LOOPBACK_HTTP = 'must be an https URL (http only for a loopback host: 127.0.0.1, localhost or [::1])';

/** The range a URL host names by itself: an address literal's, `loopback` for `localhost` names, else undefined. */
function rangeOfHost(hostname: string): AddressRange | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  return classifyAddress(name);
}

/** Whether a delivery may connect to an address of `range` (a resolved address, or a host literal). */
export function isAllowedRange(range: AddressRange, runtime: WebhookRuntime): boolean {
  return range === 'public' || (range === 'loopback' && runtime === 'local');
}

/** The message refusing an address of `range`. */
export function rangeRefusal(range: Exclude<AddressRange, 'public'>): string {
  return `must not point to ${describeRange(range)}`;
}

/**
 * Why Lotse may not send webhooks to `value` in `runtime`, or undefined when it may. Checked: the scheme (https; http
 * only to a loopback host of the local runtime), no user name or password in the URL, and a host that is not a
 * literal address of a range Lotse never sends to, in any spelling the URL parser accepts (`http://0x7f.1`,
 * `http://2130706433`, `[::ffff:7f00:1]`). A host name is checked again at delivery, against what it resolves to.
 */
export function webhookUrlRefusal(value: string, runtime: WebhookRuntime): string | undefined {
  // The URL parser would silently drop a tab or line break: what was sent would not be what is stored.
  if (hasControlCharacter(value)) return 'must not contain control characters';
  if (!value.isWellFormed()) return 'must not contain unpaired surrogates';
  if (!URL.canParse(value)) return HTTPS_REQUIRED;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return HTTPS_REQUIRED;
  if (url.protocol === 'http:' && !(runtime === 'local' && LOOPBACK_HTTP_HOSTS.has(url.hostname))) {
    return runtime === 'local' ? HTTPS_OR_LOOPBACK_HTTP : HTTPS_REQUIRED;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  const range = rangeOfHost(url.hostname);
  if (range !== undefined && range !== 'public' && !isAllowedRange(range, runtime)) return rangeRefusal(range);
  return undefined;
}
