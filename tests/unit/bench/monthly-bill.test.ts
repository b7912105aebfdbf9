// The monthly bill's arithmetic: fixed parts counted from templates, variable parts from measured units, the table.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASSUMPTIONS,
  countStack,
  type MeasuredUnits,
  monthlyBill,
  monthlyBillSection,
  officesFor,
  type StackCounts,
} from '../../bench/monthly-bill.ts';
import { PRICES } from '../../bench/prices.ts';
import { buildReport, renderMarkdown, renderText, type SectionResult } from '../../bench/report.ts';
import { sum } from '../../bench/stats.ts';

const COUNTS: StackCounts = {
  kmsKeys: 2,
  generatedSecrets: 2,
  alarms: 3,
  webAcls: 1,
  wafRules: 3,
  queueMappings: 2,
  catalogueOffices: 3,
};
const UNITS: MeasuredUnits = {
  apiRequests: 8,
  invocations: 10,
  gbSeconds: 0.5,
  readUnits: 20,
  writeUnits: 76,
  sqsRequests: 9,
  logBytes: 4_000,
  secretsRequests: 0.1,
};
const SMALL = { name: 'small town', referralsPerYear: 300, accounts: 10 };
const CITY = { name: 'city', referralsPerYear: 3_000, accounts: 60 };

const lineOf = (bill: ReturnType<typeof monthlyBill>, prefix: string) => {
  const found = bill.lines.find((entry) => entry.part.startsWith(prefix));
  if (found === undefined) throw new Error(`no line ${prefix}`);
  return found;
};

describe('the monthly bill', () => {
  it('totals its lines, each quantity times unit price', () => {
    const bill = monthlyBill(CITY, COUNTS, UNITS);

    for (const entry of bill.lines) expect(entry.monthly).toBeCloseTo(entry.quantity * entry.unitPrice, 10);
    expect(bill.total).toBeCloseTo(
      bill.lines.reduce((total, entry) => total + entry.monthly, 0),
      10,
    );
  });

  it('prices the measured units per referral times the referrals of a month', () => {
    const bill = monthlyBill(CITY, COUNTS, UNITS);
    const writes = lineOf(bill, 'DynamoDB writes (referrals)');

    expect(bill.referralsPerMonth).toBe(250);
    expect(writes.quantity).toBe(76 * 250);
    expect(writes.monthly).toBeCloseTo(76 * 250 * PRICES.dynamodb.perWriteRequestUnit, 10);
    expect(monthlyBill(CITY, COUNTS, UNITS).referralsPart).toBeCloseTo(
      10 * monthlyBill(SMALL, COUNTS, UNITS).referralsPart,
      10,
    );
  });

  it('bills the generated secrets only (body hash, webhook), however many offices: their keys are derived', () => {
    expect(officesFor(SMALL, COUNTS)).toBe(3);
    expect(officesFor(CITY, COUNTS)).toBe(60 / ASSUMPTIONS.accountsPerOffice);

    for (const size of [SMALL, CITY, { name: 'large city', referralsPerYear: 30_000, accounts: 400 }]) {
      const secrets = lineOf(monthlyBill(size, COUNTS, UNITS), 'Secrets Manager:');
      expect(secrets.quantity).toBe(2);
      expect(secrets.monthly).toBeCloseTo(2 * PRICES.secretsManager.perSecretMonth, 10);
    }
    expect(lineOf(monthlyBill(CITY, COUNTS, UNITS), 'Secrets Manager:').part).toMatch(/12 offices' keys derived/);
  });

  it("offers no webhook secret alternative any more: deriving the offices' keys is the design", () => {
    const bill = monthlyBill(CITY, COUNTS, UNITS);

    expect(bill.alternatives.map((alternative) => alternative.change).join(' ')).not.toMatch(/webhook/);
  });

  it('bills the fixed parts whatever the referrals: keys with a rotated version, alarms, web ACL and rules', () => {
    const none = monthlyBill({ name: 'empty', referralsPerYear: 0, accounts: 0 }, COUNTS, UNITS);

    expect(lineOf(none, 'KMS keys').monthly).toBe(2 * 2 * PRICES.kms.perKeyMonth);
    expect(lineOf(none, 'CloudWatch alarms').monthly).toBeCloseTo(3 * PRICES.cloudWatchLogs.perAlarmMonth, 10);
    expect(lineOf(none, 'WAF web ACL').monthly).toBe(PRICES.waf.perWebAclMonth);
    expect(lineOf(none, 'WAF rules').monthly).toBe(3 * PRICES.waf.perRuleMonth);
    expect(none.referralsPart).toBe(0);
    expect(none.total).toBeGreaterThan(0);
  });

  it('counts machine clients and Cognito users from the accounts', () => {
    const bill = monthlyBill({ name: 'large city', referralsPerYear: 30_000, accounts: 400 }, COUNTS, UNITS);

    expect(lineOf(bill, 'Cognito monthly active users').quantity).toBe(400);
    expect(lineOf(bill, 'Cognito machine clients').quantity).toBe(400 / ASSUMPTIONS.accountsPerMachineClient);
  });
});

describe('the stack count', () => {
  const directories: string[] = [];
  afterAll(async () => {
    await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
  });

  it('counts billed resources over every template, nested stacks included, and the web ACL’s rules', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'lotse-bill-'));
    directories.push(directory);
    const template = (resources: Record<string, unknown>) => JSON.stringify({ Resources: resources });
    await writeFile(
      path.join(directory, 'A.template.json'),
      template({
        K1: { Type: 'AWS::KMS::Key' },
        K2: { Type: 'AWS::KMS::Key' },
        S: { Type: 'AWS::SecretsManager::Secret' },
        A1: { Type: 'AWS::CloudWatch::Alarm' },
      }),
    );
    await writeFile(
      path.join(directory, 'B.nested.template.json'),
      template({ A2: { Type: 'AWS::CloudWatch::Alarm' }, M: { Type: 'AWS::Lambda::EventSourceMapping' } }),
    );
    await writeFile(
      path.join(directory, 'Edge.template.json'),
      template({ W: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}, {}] } } }),
    );
    await writeFile(path.join(directory, 'manifest.json'), template({ X: { Type: 'AWS::CloudWatch::Alarm' } }));

    expect(await countStack(directory, 3)).toEqual({
      kmsKeys: 2,
      generatedSecrets: 1,
      alarms: 2,
      webAcls: 1,
      wafRules: 3,
      queueMappings: 1,
      catalogueOffices: 3,
    });
  });
});

describe('the monthly bill section', () => {
  const cost: SectionResult = {
    id: '5',
    title: 'Cost per 1,000 referrals',
    floor: '',
    rows: [],
    notes: [],
    details: {
      referrals: 4,
      totals: {
        apiRequests: 32,
        invocations: 40,
        gbSeconds: 2,
        readUnits: 80,
        writeUnits: 304,
        sqsRequests: 36,
        logBytes: 16_000,
        secretsRequests: 0.4,
      },
    },
    durationMs: 1,
  };

  it('judges only the city against the target and tables every size with its total', () => {
    const section = monthlyBillSection(cost, COUNTS);
    const city = section.rows.find((row) => row.measure.includes('city (3,000'));
    const bills = (section.details as { bills: ReturnType<typeof monthlyBill>[] }).bills;

    expect(section.rows).toHaveLength(3);
    expect(city?.verdict).toBe(city !== undefined && city.figure <= 10 ? 'MET' : 'NOT MET');
    expect(section.rows.filter((row) => row.verdict === 'INFO')).toHaveLength(2);
    expect(bills[1]?.lines.find((entry) => entry.part.startsWith('DynamoDB writes'))?.quantity).toBe(76 * 250);
    expect(section.tables).toHaveLength(3);
    expect(
      section.tables?.[1]?.rows.some((row) => row[0] === 'Total' && row[5] === `$${bills[1]?.total.toFixed(2)}`),
    ).toBe(true);
  });

  it('renders the bill tables in the Markdown and the console report', () => {
    const report = buildReport([monthlyBillSection(cost, COUNTS)], { size: 'smoke', command: 'x', startedAt: 0 });

    expect(renderMarkdown(report)).toContain('| Part | Kind | Quantity | Unit | Unit price | Monthly |');
    expect(renderText(report)).toMatch(/Monthly bill, city: 3,000 referrals a year/);
  });
});

describe('the alternatives to the design', () => {
  it('sums the single changes into one line, without the one-rule change the web ACL’s removal takes along', () => {
    const bill = monthlyBill(CITY, COUNTS, UNITS);
    const single = bill.alternatives.filter((alternative) => alternative.change !== 'all of the above together');
    const together = bill.alternatives.find((alternative) => alternative.change === 'all of the above together');
    const noWaf = single.find((alternative) => alternative.change.startsWith('no WAF web ACL'));
    const oneRule = single.find((alternative) => alternative.change.startsWith('one rate-based rule'));

    expect(noWaf?.saving).toBeCloseTo(
      sum(bill.lines.filter((line) => line.part.startsWith('WAF')).map((line) => line.monthly)),
      10,
    );
    expect(together?.saving).toBeCloseTo(
      single.reduce((total, alternative) => total + alternative.saving, 0) - (oneRule?.saving ?? 0),
      10,
    );
    const machine = single.find((alternative) => alternative.change.startsWith('machine clients'));
    expect(machine?.saving).toBeCloseTo(
      PRICES.cognito.perM2mClientMonth + ASSUMPTIONS.tokensPerMachineClientMonth * PRICES.cognito.perM2mTokenRequest,
      10,
    );
    const small = monthlyBill(
      { ...SMALL, accounts: 4 },
      { ...COUNTS, kmsKeys: 1, wafRules: 1, catalogueOffices: 1 },
      UNITS,
    );
    expect(small.alternatives.map((alternative) => alternative.change)).toEqual([noWaf?.change]);
  });
});
