// The prose of the OpenAPI document: what the API decides and does beyond any one route, and the texts of its answers.
import { NOTIFICATION_TYPES } from '#domain/domain-events.ts';
import { HSDS_TAXONOMIES } from '#domain/hsds.ts';
import { scopeOf } from '#domain/identity.ts';
import {
  WEBHOOK_ID_HEADER,
  WEBHOOK_ROTATION_OVERLAP_HOURS,
  WEBHOOK_SECRET_MAX_BYTES,
  WEBHOOK_SECRET_MIN_BYTES,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
  WEBHOOK_TIMESTAMP_HEADER,
} from '#domain/webhook-signature.ts';
import { INBOX_DEFAULT_LIMIT, REFERRALS_DEFAULT_LIMIT } from './api-schemas.ts';
import { IMPORT_MAX_BODY_BYTES, MAX_BODY_BYTES } from './json-body.ts';
import { RETRY_AFTER_SECONDS } from './problem.ts';
import { PROPAGATION_NOTE, type ProblemStatus, ROUTES, type RouteSpec, routeKeyOf } from './routes.ts';

// Routes named in the prose by their route key (method and path), so that each path is written once, in the table.
const key = Object.fromEntries(Object.entries(ROUTES).map(([id, route]) => [id, routeKeyOf(route)])) as Record<
  keyof typeof ROUTES,
  string
>;

/** `info.description`; routes refer to its sections by their headings ("Catalogue import", "Coverage report"). */
export const API_DESCRIPTION = `Lotse routes referrals of families from referring institutions to the municipal family office of their
district, with ranked offer proposals. Errors are RFC 9457 problem details (\`application/problem+json\`) whose
\`type\` is one of the slugs of the Problem schema.

Decisions where the contract is silent:
- \`${key.submitReferral}\` checks in this order: registered institution (403); \`childProtectionConcern: true\` (422
  \`child-protection\`, before any other field rule, so a declared concern always leads to the Jugendamt and nothing
  of the body is stored); body and Idempotency-Key field rules together (400, the header reported at path
  \`Idempotency-Key\`); consent (422 \`consent-required\`); postal code (422 \`outside-service-area\`); idempotency.
- A missing body answers 400 \`validation\` (path \`\`); malformed JSON 400 \`validation\` (path \`\`).
- Idempotency-Key records are kept 24 hours; the body hash is taken over canonical JSON (key order and whitespace
  do not matter).
- An id in a path that cannot be an id (longer than 128 characters) answers 404 like any unknown id.
- A case not yet routed is visible to coordinators only; offices get 404 until it is assigned to them, and again
  once it leaves them (declined, or escalated because its response deadline passed).

## Retries
Retry a request whose answer was any 5xx — \`500\` (API Gateway's own \`{"message":"Internal Server Error"}\`: the
function failed unexpectedly or timed out), \`502\`, \`503\` \`unavailable\`, \`504\` — or that got no answer at all (a
dropped connection, a client-side timeout): the request may or may not have taken effect. Wait \`Retry-After\` seconds
after a 503 (${RETRY_AFTER_SECONDS}); otherwise back off (e.g. 1, 2, 4, 8 … seconds with jitter, up to a few minutes).
- A submission (\`${key.submitReferral}\`) is retried with the **same** \`Idempotency-Key\` and the same body: it
  creates at most one case, and answers the original 202 when the first attempt succeeded; 409 \`conflict\` means the
  first attempt is still in flight (retry later). A new key would create a second case.
- A change of a case is retried with the same \`If-Match\`: a 412 on the retry can mean that the first attempt
  succeeded; read the case and decide again.
- Reads, \`PUT\` and \`DELETE\` are idempotent and can be repeated as they are.
4xx answers are not retried unchanged (but 409 \`conflict\` of a submission in flight).

## Cases: conditional requests
Every case answer carries \`ETag: "<version>"\`. Each state change (\`accept\`, \`decline\`, \`start\`, \`close\`,
\`assign\`) requires \`If-Match: "<version>"\` (compared strongly: a weak \`W/"<version>"\` or \`*\` never matches) and
is checked in this order, each check answering before the next runs and nothing changing on any of them: 404 (no such case, or not the caller's) → 400 (body) → 428
\`precondition-failed\` (no If-Match) → 412 \`precondition-failed\` (another version) → 409 \`conflict\` (the
state machine forbids the action). A change is one conditional write on the version that also appends its history
event, so of concurrent changes based on the same version exactly one succeeds; the others get 412. Allowed:
routed → accepted (accept) | escalated (decline); accepted → in-progress (start); accepted or in-progress → closed
(close); escalated → routed (assign). \`opened\` is an event, not a status: the first read of a routed case by its
office records it once (a new version), which also stops the case's response deadline.

## Inbox
\`${key.listCases}\` lists urgent cases first, then oldest first. \`limit\` 1–100 (default ${INBOX_DEFAULT_LIMIT});
\`status\` filters while paging until the page is full (one request reads a bounded number of index pages, so a
page of a sparse status may hold fewer items while \`nextCursor\` is not null). \`nextCursor\` is opaque; pass it
back unchanged as \`cursor\` with the same \`officeId\`: a cursor of another listing answers 400 at path
\`cursor\`. Unknown query parameters answer 400. Inbox items carry no personal data.

## Referrals of an institution
\`${key.listReferrals}\` lists the caller's institution's referrals, newest first, each as the single referral shows
it without its milestones (the same \`feedback\` consent rule for \`status\`, \`outcome\` and \`updatedAt\`). \`limit\`
1–100 (default ${REFERRALS_DEFAULT_LIMIT}); \`status\` is the referrer-visible status. Paging is as in the inbox: an
opaque \`nextCursor\`, a cursor of another listing answers 400 at path \`cursor\`, and a page of a rare status may
hold fewer items while \`nextCursor\` is not null. \`referrerReference\` is shown to the submitting institution only
(never in a case, a webhook or a report) and is erased with the family's personal data.

## Response deadlines and retention
A routed case not opened by its office within the municipality's working days by urgency (defaults: urgent 1,
soon 3, routine 5; weekends and NRW public holidays excluded, Europe/Berlin time) becomes \`escalated\` with reason
\`deadline\` and leaves the office. Personal data of a closed case is deleted after the retention period (default
180 days); the anonymised case (status, outcome, history without personal data) remains, with
\`personalData: "erased"\`.

## Withdrawal
\`${key.withdrawReferral}\` cancels the case (→ \`withdrawn\`) from any status but \`closed\`
(409) and erases the family's personal data in the same transaction: the referral, office notes, and the
submission's idempotency record (the same Idempotency-Key then creates a new referral). Withdrawing again answers
202 again. The office that held the case is notified (\`referral.withdrawn\`) and keeps seeing the anonymised case.

## Catalogue
Coordinators edit offers, family offices and referring institutions one by one (\`PUT\`/\`DELETE\`), or import a
whole catalogue document or HSDS 3.0/3.1 service list (\`${key.importCatalogue}\`), and export it again
(\`${key.exportCatalogue}\`, an import of the export reports every entry \`unchanged\`). Offices may read offers.
${PROPAGATION_NOTE}

## Catalogue import
The body is either a catalogue document (an object with \`municipality\`, as \`${key.exportCatalogue}\` answers) or an
Open Referral HSDS 3.0/3.1 service list (a JSON array of services, or \`{ "services": [...] }\` as
\`${key.exportCatalogue}?format=hsds\` answers); anything else is 400. Up to ${IMPORT_MAX_BODY_BYTES} bytes (5 MiB; 2,000 offers
and more) in one request.

Entries are created or replaced by id; entries not in the body stay as they are (use DELETE to remove them). Every
entry is checked before anything is written: its schema (HSDS: the mapping below), a repeated id (the later entry is
rejected), the municipality id (must be this installation's), postal codes belonging to one district only, districts
served by one office only, and districts that exist — all against the catalogue as it will be after the import.
Without \`partial=true\` a single rejected entry rejects the import: 422 \`validation\` with the report in the
member \`import\` and nothing written. With \`partial=true\` the valid entries are written and the rejected ones
reported. Entries equal to the stored ones are reported \`unchanged\` and not written; the others are written in
BatchWriteItem chunks of 25 (not atomic as a whole: repeating an import that failed midway converges).
Report ids of documents are kind-qualified (\`municipality:musterstadt\`, \`district:nord\`, \`office:fb-nord\`,
\`institution:klinik-mitte\`, \`offer:elterncafe-nord\`); HSDS entries by the offer id
they are imported as (the \`lotse-id\` attribute's value, else the service id).

HSDS mapping: the offer id is the \`value\` of the attribute whose \`taxonomy_term.taxonomy\` is \`lotse-id\` (the export
writes it), else the service \`id\`; \`name\`;
\`status\` \`active\` → active, \`inactive\`/\`defunct\`/\`temporarily closed\` → inactive;
\`organization.name\`; \`languages[].code\` (ISO 639-1); \`service_areas[].uri\` → district id (\`urn:lotse:district:<id>\`
or the last path segment of an http(s) URL; none = the whole municipality; an unknown district rejects the service);
\`attributes[].taxonomy_term\` with taxonomy \`${HSDS_TAXONOMIES.needs}\` (need codes; unknown codes reject the service),
\`${HSDS_TAXONOMIES.modes}\` (modes, default \`on-site\`) and \`${HSDS_TAXONOMIES.lifePhases}\` (life phases); without
life-phase attributes, \`minimum_age\`/\`maximum_age\` (years, read as [min, max)) give the phases whose age band overlaps;
HSDS 3.1 \`capacities[0]\` \`{ available, maximum }\` → capacity (the older name \`service_capacity[0]\` is read when
\`capacities\` is absent). ${PROPAGATION_NOTE}

HSDS export (\`${key.exportCatalogue}?format=hsds\`): every \`id\` (service, organization, language, service area,
attribute, taxonomy term, capacity, unit) is a UUIDv5 in the municipality's namespace named by the offer id and the
nested object, so repeated exports agree and two municipalities never share an id; the offer id stays visible as the
\`value\` of an attribute of taxonomy \`lotse-id\` (HSDS lists identifiers for organizations only); capacity is HSDS
3.1 \`capacities\`: one entry in the unit \`Plätze\` (\`identifier\` \`places\`) whose \`updated\` is the time of the
export. Importing the export reports every offer \`unchanged\`, and exporting again answers the same document but
for \`updated\`.

## Coverage report
Anonymised counts by district × life phase × need × referring-institution type, from aggregates kept as
cases change (never computed from cases on request; they carry no personal data, survive the erasure of withdrawn
cases and are never decremented). A referral counts in every cell of its life phases × needs: cells overlap, so
totals over cells are not numbers of referrals. Days are the UTC days the referrals were received. Per cell:
\`received\`; \`routed\` (routed to the district's office by the router); \`unmatched\` (routed without any eligible
offer — the gap); a referral escalated because no office serves its district counts as received only; \`accepted\` (by
the office); \`connected\` (closed with outcome \`connected\`); \`medianHoursToFirstAction\`: the upper bound of the
histogram bucket (1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336 hours, \`inf\`) holding the median time from receipt to the
first office action (opening, accepting or declining, whichever came first).

Reporting periods: the municipality's fixed grid of calendar months (default) or calendar quarters (deployment setting
\`reportingPeriod\`). \`from\`/\`to\` (inclusive; default the last 30 days, today included) are widened to whole periods:
\`from\` to the first day of its period, \`to\` to the last day of its period. The answer names the grid (\`grid\`) and the
periods it covers (\`periods\`: \`{ id, from, to }\`, ids \`2026-11\` or \`2026-Q4\`), and \`from\`/\`to\` are the widened range. At
most one year of whole periods (12 months or 4 quarters); \`to\` may lie in the current period (its counts still grow)
but not after it (400).

Suppression that holds against differencing: no combination of answers — any ranges, subtracted from each other, a
total minus its parts — reveals a number from 1 to 4 of cases in a cell and period. Every count is kept per cell and
period; a count is published for a range only if, in every period of the range, it is 0 or at least 5 and so is its
difference to each count it is nested in or that is nested in it (received ⊇ routed ⊇ unmatched; received ⊇
accepted ⊇ connected); otherwise it is \`null\`. A cell whose \`received\` is \`null\` has every count and the median
\`null\`. The median is published only when the number of first office actions is 0 or at least 5 in every period (it is
also \`null\` while no office acted). \`childProtectionRefusals\`: one entry \`{ period, count }\` per period covered, \`null\`
when 1 to 4. \`Accept: text/csv\` answers the cells as a CSV for people's spreadsheets (UTF-8 with a byte-order mark, a
header row of German column names, the German label of every code, a count not published as \`nicht ausgewiesen\`, an
unknown median empty, one beyond 336 hours as \`> 336\`); programs read the JSON, which keeps the codes.

## Webhooks (notifications to family offices)
An office's \`webhookUrl\` is an \`https\` URL (plain \`http\` only to a loopback receiver of the local runtime) without
userinfo, whose host is not an address of a private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local
(169.254/16, fe80::/10, with the cloud metadata endpoints), shared (100.64/10) or unspecified range, in any spelling
(IPv4-mapped IPv6, hexadecimal or octal IPv4): \`${key.putOffice}\` and the import refuse it with 400 \`validation\` at
the field's path. At every delivery the host name is resolved and the delivery is refused (a failed delivery, retried)
when any of its addresses is in those ranges; the connection goes to the address that was checked.
An office with a \`webhookUrl\` in the catalogue receives these events: ${NOTIFICATION_TYPES.map((type) => `\`${type}\``).join(', ')}.
\`case.routed\` goes to the office that got the case (routing or assignment); \`case.escalated\` (no office for the
district, or a missed response deadline) to the office that held the case until then (none when it never reached
one); the others to the office that holds the case. A decline notifies nobody: the declining office knows.
Delivery: \`POST <webhookUrl>\` with \`content-type: application/json\`, a 5-second timeout, and the body exactly
\`{"id":"<caseId>:<seq>","type":"case.routed","caseId":"<caseId>","occurredAt":"<RFC 3339>"}\` — ids only; fetch
the case with your own credentials. Each event type and its body is listed under \`webhooks\`.
Signatures follow the Standard Webhooks specification, so any Standard Webhooks library verifies a delivery (e.g. npm
\`standardwebhooks\`: \`new Webhook(secret).verify(rawBody, headers)\`). Headers: \`${WEBHOOK_ID_HEADER}\` (the event
id, equal to the body's \`id\`, the same in every attempt), \`${WEBHOOK_TIMESTAMP_HEADER}\` (Unix seconds of this
attempt) and \`${WEBHOOK_SIGNATURE_HEADER}\` (\`v1,<base64 HMAC-SHA256>\` over \`<id>.<timestamp>.<raw body>\`; two
space-separated signatures, of the new and of the previous secret, for ${WEBHOOK_ROTATION_OVERLAP_HOURS} hours after the office's
secret was rotated). The office's secret is \`whsec_\` followed by the base64 of ${WEBHOOK_SECRET_MIN_BYTES} to
${WEBHOOK_SECRET_MAX_BYTES} random bytes; the decoded bytes are the HMAC key. Verify the raw body bytes as received, compare
in constant time, and reject a timestamp more than ${WEBHOOK_SIGNATURE_TOLERANCE_SECONDS} seconds from your clock (replay
protection). Any 2xx acknowledges; anything else (or a timeout) is retried with growing backoff (up to 15 minutes
apart) and, after the configured attempts, parked for the operators. Redirects are never followed: a 3xx is a failed
delivery like any other. Delivery is at-least-once and unordered: deduplicate by \`${WEBHOOK_ID_HEADER}\`.`;

/** The three Standard Webhooks headers of every delivery, as the OpenAPI document's `webhooks` describe them. */
export const WEBHOOK_HEADER_DESCRIPTIONS = {
  [WEBHOOK_ID_HEADER]:
    "The event id `<caseId>:<seq>`, equal to the body's `id`; the same in every attempt: deduplicate by it. Never contains a `.`.",
  [WEBHOOK_TIMESTAMP_HEADER]: `Unix time in whole seconds of this attempt (every retry is signed afresh). Reject one more than ${WEBHOOK_SIGNATURE_TOLERANCE_SECONDS} seconds from your clock.`,
  [WEBHOOK_SIGNATURE_HEADER]: `\`v1,<base64 HMAC-SHA256>\` keyed with the bytes the office's \`whsec_\` secret encodes, over \`<webhook-id>.<webhook-timestamp>.<raw body>\`; during a rotation two of them, space-separated (new secret, then previous, for ${WEBHOOK_ROTATION_OVERLAP_HOURS} hours). One matching signature suffices.`,
} as const;

/** What each notification type tells the office (the OpenAPI document's `webhooks`). */
export const WEBHOOK_EVENT_DESCRIPTIONS: Readonly<Record<(typeof NOTIFICATION_TYPES)[number], string>> = {
  'case.routed': 'A case was routed or assigned to your office.',
  'case.escalated':
    'A case your office held went to the coordinator (a missed response deadline); no longer yours to act on.',
  'case.accepted': 'Your office accepted the case.',
  'case.closed': 'Your office closed the case with an outcome.',
  'referral.withdrawn':
    "The referrer withdrew the referral and the family's personal data is erased: delete any copy you hold and ignore later events of the case.",
};

export const WEBHOOK_RESPONSE_DESCRIPTIONS = {
  '2XX': 'Acknowledged: answer within 5 seconds and do the work afterwards.',
  default: `Anything else (or no answer within 5 seconds, or a redirect) is a failed delivery, retried after 30 s, 60 s, 120 s … up to 15 minutes apart, then parked for the operators.`,
} as const;

export const TAG_DESCRIPTIONS: Readonly<Record<RouteSpec['tag'], string>> = {
  referrals: 'Role referrer.',
  cases: 'Roles office, coordinator.',
  catalogue: 'Role coordinator; offices may read offers; every role reads the districts.',
  reports: 'Role coordinator.',
  accounts: "Role coordinator: people's accounts and systems' clients.",
};

export const BEARER_AUTH_DESCRIPTION = `Access token of the municipality's user pool. Scopes: \`${scopeOf('referrer')}\` (with claim \`institution_id\`), \`${scopeOf('office')}\` (with claim \`office_id\`), \`${scopeOf('coordinator')}\`. Each operation lists the scopes it admits (any one suffices).`;

/** The text of a problem status where a route gives none of its own; 503 applies to every route. */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemStatus | 503, string>> = {
  400: '`validation`: one entry in `errors` per violated field (`path` dot-separated); unknown fields are rejected.',
  403: '`forbidden`: the caller may not act on this resource.',
  404: '`not-found`: no such resource, or it belongs to someone else (indistinguishable on purpose).',
  409: '`conflict`: the request conflicts with the current state of the resource.',
  412: '`precondition-failed`: `If-Match` names another version than the current one.',
  413: `\`payload-too-large\`: the body exceeds ${MAX_BODY_BYTES} bytes (32 KiB).`,
  415: '`unsupported-media-type`: the body is not `application/json` (UTF-8).',
  422: '`validation`: the request is well-formed but cannot be processed.',
  428: '`precondition-failed`: the `If-Match` header is missing.',
  503: `\`unavailable\`: a temporary backend failure; retry after \`Retry-After\` seconds (${RETRY_AFTER_SECONDS}) with the same request (a submission: the same \`Idempotency-Key\`).`,
};

/** API Gateway answers these itself (its JWT authorizer before any function runs; a failed function), with its own body. */
export const GATEWAY_DESCRIPTIONS = {
  500: 'API Gateway: the function failed unexpectedly (an error, its timeout). Body `{"message":"Internal Server Error"}`, not a problem, with no details. The request may or may not have taken effect: retry it as under "Retries" (a submission with the same `Idempotency-Key`).',
  401: 'API Gateway (JWT authorizer): the token is missing, expired or invalid. Body `{"message":"Unauthorized"}`, not a problem.',
  403: 'API Gateway (JWT authorizer): the token has none of the operation\'s scopes. Body `{"message":"Forbidden"}`, not a problem.',
} as const;
