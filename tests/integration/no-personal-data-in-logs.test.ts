// No personal data in any log line: the whole closed loop (submit, route, the office reads, accepts, starts and closes,
// a webhook delivered, the referrer reads; a second referral withdrawn) and its error paths run with distinctive
// personal values against a runtime of this file's own, and every line every function wrote (stdout and stderr of
// each execution environment, handed to the runtime's `log`) is searched for each of them.
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, listenOnLoopback } from '#infra/local/loopback-server.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { Api, eventually } from './support/api.ts';
import { act, type CaseView, clinic, office, readCase, waitForStatus } from './support/cases.ts';
import { isoDate, referralBody, yearsAgo } from './support/referrals.ts';

/** Every line the runtime's `log` received: each function's output as `[<function>] <line>`, and the runtime's own. */
const lines: string[] = [];
const webhookTypes: { caseId: unknown; type: unknown; verified: boolean }[] = [];
let receiver: LoopbackServer;
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
let api: Api;
let workDirectory: string;

beforeAll(async () => {
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on('end', () => {
      // As an office's receiver would: its own secret (the runtime's random one), the raw body, the headers.
      const officeId = (request.url ?? '').split('/').pop() ?? '';
      let verified = false;
      try {
        new Webhook(runtime.resources.webhookSecrets[officeId] ?? '').verify(
          raw,
          request.headers as Record<string, string>,
        );
        verified = true;
      } catch {}
      const body = JSON.parse(raw) as Record<string, unknown>;
      webhookTypes.push({ caseId: body.caseId, type: body.type, verified });
      response.writeHead(verified ? 204 : 401).end();
    });
  });
  receiver = await listenOnLoopback(server);
  const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as {
    offices: { id: string; webhookUrl?: string }[];
  };
  for (const entry of catalogue.offices) entry.webhookUrl = `${receiver.url}/lotse-events/${entry.id}`;
  workDirectory = mkdtempSync(join(tmpdir(), 'lotse-log-privacy-'));
  const cataloguePath = join(workDirectory, 'catalogue.json');
  writeFileSync(cataloguePath, JSON.stringify(catalogue));
  runtime = await startLocalRuntime({
    port: 0,
    cataloguePath,
    webApp: false,
    log: (line) => {
      lines.push(line);
    },
  });
  api = new Api(runtime.url);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  await receiver?.close();
  if (workDirectory !== undefined) rmSync(workDirectory, { recursive: true, force: true });
});

/** Personal values no code or fixture of the project contains, each recognisable in any log line. */
function distinctiveValues() {
  const marker = `Qvx${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const digits = (count: number) =>
    `${randomInt(1, 10)}${String(randomInt(0, 10 ** (count - 1))).padStart(count - 1, '0')}`;
  const contactPhone = `+49 170 ${digits(8)}`;
  const referrerPhone = `+49 231 ${digits(7)}`;
  const birthDate = yearsAgo(2, randomInt(20, 300));
  const expectedBirthDate = isoDate(randomInt(100, 160));
  const values = {
    contactName: `Familie ${marker}`,
    contactPhone,
    contactEmail: `${marker.toLowerCase()}@familie.example`,
    bestTime: `nach 15 Uhr ${marker}b`,
    referrerName: `Lotsin ${marker}r`,
    referrerPhone,
    referrerEmail: `${marker.toLowerCase()}.lotsin@klinik.example`,
    note: `Notiz ${marker}n: Mutter hat Sorgen`,
    referrerReference: `AZ-${marker}-2026`,
    birthDate,
    expectedBirthDate,
  };
  // How else a value could show up: the marker alone, a phone number without its spaces, a date the German way.
  const german = (date: string) => date.split('-').reverse().join('.');
  const needles = [
    marker,
    ...Object.values(values),
    contactPhone.replaceAll(' ', ''),
    referrerPhone.replaceAll(' ', ''),
    contactPhone.replace(/\D/g, '').slice(2),
    german(birthDate),
    german(expectedBirthDate),
  ];
  return { marker, values, needles };
}

function distinctiveReferral(values: ReturnType<typeof distinctiveValues>['values']): Record<string, unknown> {
  const body = referralBody();
  return {
    ...body,
    referrer: { name: values.referrerName, phone: values.referrerPhone, email: values.referrerEmail },
    contact: {
      ...(body.contact as object),
      name: values.contactName,
      phone: values.contactPhone,
      email: values.contactEmail,
      bestTime: values.bestTime,
    },
    children: [{ birthDate: values.birthDate }, { expectedBirthDate: values.expectedBirthDate }],
    note: values.note,
    referrerReference: values.referrerReference,
  };
}

/** The lines holding any of the needles (compared without case). */
function linesWith(needles: readonly string[]): string[] {
  const lowered = needles.map((needle) => needle.toLowerCase());
  return lines.filter((line) => lowered.some((needle) => line.toLowerCase().includes(needle)));
}

/** Resolves once no new line has arrived for a while: output written just before an answer has been read. */
async function outputSettled(): Promise<void> {
  let seen = -1;
  let since = Date.now();
  await eventually(
    () => {
      if (lines.length !== seen) {
        seen = lines.length;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= 1000 ? true : undefined;
    },
    { what: 'the functions to stop writing', intervalMs: 100 },
  );
}

const referrer = { role: 'referrer', institutionId: clinic } as const;

describe('log lines of every function', () => {
  it('carry none of the personal values of a referral through the whole closed loop', async () => {
    const { values, needles } = distinctiveValues();
    const firstLine = lines.length;

    const submitted = await api.submitReferral(clinic, distinctiveReferral(values));
    expect(submitted.status, submitted.text).toBe(202);
    const caseId = (submitted.body as { referralId: string }).referralId;
    const routed = await waitForStatus(api, caseId, 'routed');
    const who = office(routed.officeId);
    const inbox = await api.as(who, 'GET', '/v1/cases?status=routed');
    const opened = await api.as(who, 'GET', `/v1/cases/${caseId}`);
    expect([inbox.status, opened.status]).toEqual([200, 200]);
    expect(opened.text).toContain(values.contactName);
    const openedVersion = Number(opened.headers.get('etag')?.replaceAll('"', ''));
    const accepted = (await act(api, who, caseId, 'accept', { version: openedVersion })).body as CaseView;
    expect(accepted.status).toBe('accepted');
    const started = (await act(api, who, caseId, 'start', { version: accepted.version })).body as CaseView;
    const closed = await act(api, who, caseId, 'close', { version: started.version, body: { outcome: 'connected' } });
    expect(closed.status, closed.text).toBe(200);
    await eventually(
      () => {
        const types = webhookTypes.filter((hook) => hook.caseId === caseId).map((hook) => hook.type);
        return ['case.routed', 'case.accepted', 'case.closed'].every((type) => types.includes(type)) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the webhooks of the closed case' },
    );
    const view = await api.as(referrer, 'GET', `/v1/referrals/${caseId}`);
    const list = await api.as(referrer, 'GET', '/v1/referrals');
    expect([view.status, list.status]).toEqual([200, 200]);

    const second = await api.submitReferral(clinic, distinctiveReferral(values));
    const secondId = (second.body as { referralId: string }).referralId;
    await waitForStatus(api, secondId, 'routed');
    await api.as(office(routed.officeId), 'GET', `/v1/cases/${secondId}`);
    const withdrawn = await api.as(referrer, 'POST', `/v1/referrals/${secondId}/withdraw`, {
      body: { reason: 'consent-withdrawn' },
    });
    expect(withdrawn.status, withdrawn.text).toBe(202);
    await eventually(
      () =>
        webhookTypes.some((hook) => hook.caseId === secondId && hook.type === 'referral.withdrawn') ? true : undefined,
      { timeoutMs: 30_000, what: 'the webhook of the withdrawal' },
    );
    // Every delivery verified with the office's secret by a Standard Webhooks library, as its receiver would.
    expect(webhookTypes.filter((hook) => !hook.verified)).toEqual([]);
    expect((await readCase(api, secondId)).status).toBe('withdrawn');
    await outputSettled();

    // The capture is real: every function the loop ran has written lines during this test, and they name the case.
    const written = lines.slice(firstLine);
    for (const name of ['intake', 'router', 'office', 'referrer', 'notifier']) {
      expect(
        written.some((line) => line.startsWith(`[${name}] `)),
        `lines of ${name}`,
      ).toBe(true);
    }
    expect(written.some((line) => line.includes(caseId))).toBe(true);
    expect(linesWith(needles)).toEqual([]);
  });

  it('carry none of them when a request that holds them is refused', async () => {
    const { values, needles } = distinctiveValues();
    const firstLine = lines.length;
    const valid = distinctiveReferral(values);
    const routed = await waitForStatus(
      api,
      ((await api.submitReferral(clinic, referralBody())).body as { referralId: string }).referralId,
      'routed',
    );

    const refused = [
      // Field problems next to the values: a bad e-mail address made of them, a birth date in the future.
      await api.submitReferral(clinic, {
        ...valid,
        contact: { ...(valid.contact as object), email: `${values.contactName}@` },
        children: [{ birthDate: values.expectedBirthDate }],
      }),
      // An unknown field holding a personal value (the answer names the field by its path, never the value).
      await api.submitReferral(clinic, { ...valid, familienname: values.contactName }),
      // A phone number that is no phone number.
      await api.submitReferral(clinic, { ...valid, contact: { ...(valid.contact as object), phone: values.note } }),
      // Malformed JSON around the values.
      await api.request('POST', '/v1/referrals', {
        rawBody: `{"contact": {"name": "${values.contactName}", "phone": "${values.contactPhone}"`,
        token: await api.token(referrer),
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      }),
      // The family's values in an office's decline note, with a reason that does not exist.
      await act(api, office(routed.officeId), routed.caseId, 'decline', {
        version: routed.version,
        body: { reason: values.contactName, note: values.note },
      }),
      // And in a withdrawal's reason.
      await api.as(referrer, 'POST', `/v1/referrals/${routed.caseId}/withdraw`, { body: { reason: values.note } }),
    ];
    await outputSettled();

    expect(refused.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400]);
    for (const answer of refused) {
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(needles.filter((needle) => answer.text.toLowerCase().includes(needle.toLowerCase()))).toEqual([]);
    }
    const written = lines.slice(firstLine);
    expect(written.some((line) => line.startsWith('[intake] '))).toBe(true);
    expect(linesWith(needles)).toEqual([]);
  });
});
