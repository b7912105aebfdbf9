// Section 7, the monthly bill of one deployment: the fixed parts of the stack (keys, secrets, alarms, the user pool,
// the web ACL, storage and backups, the sweeper's schedule, the web app's hosting) counted from the synthesized
// template and the seeded catalogue, plus section 5's measured per-referral units times the referrals of a month, for
// three sizes of municipality. Every price comes from prices.ts; every assumption is a named constant below.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MUNICIPALITY_SETTINGS, FUNCTION_SETTINGS } from '#infra/config.ts';
import { PRICES, PRICES_MONTHLY_AS_OF, PRICES_REGION } from './prices.ts';
import type { Row, SectionResult, Table } from './report.ts';
import { verdict } from './report.ts';
import { sum } from './stats.ts';

export const MONTHLY_TARGET_CITY = 10;
const GIB = 2 ** 30;
const DAYS_PER_MONTH = 365.25 / 12;
const MINUTES_PER_MONTH = DAYS_PER_MONTH * 24 * 60;

export type DeploymentSize = { readonly name: string; readonly referralsPerYear: number; readonly accounts: number };

export const DEPLOYMENT_SIZES: readonly DeploymentSize[] = [
  { name: 'small town', referralsPerYear: 300, accounts: 10 },
  { name: 'city', referralsPerYear: 3_000, accounts: 60 },
  { name: 'large city', referralsPerYear: 30_000, accounts: 400 },
];

/** What the bill assumes where nothing measures it; each figure is quoted in the section's notes. */
export const ASSUMPTIONS = {
  /** One office per this many accounts: a Familienbüro or counselling team (its webhook key costs nothing). */
  accountsPerOffice: 5,
  /** One machine client (an institution's system using the client-credentials grant) per this many accounts. */
  accountsPerMachineClient: 50,
  /** Tokens a machine client requests a month: it caches each for its hour, 10 working hours on 21 days. */
  tokensPerMachineClientMonth: 210,
  /** Working days an account uses the web app in a month, one session each. */
  sessionsPerAccountMonth: 20,
  /** Files a session fetches through CloudFront (index.html, scripts, stylesheet, fonts; the browser caches the rest). */
  fileRequestsPerSession: 10,
  /** Bytes a session transfers: a first load (~100 KiB of gzip JS and CSS, two font faces) as an upper bound. */
  fileBytesPerSession: 1_000_000,
  /** API requests a session makes beyond the closed loop's (inbox pages, catalogue, accounts, polling). */
  apiRequestsPerSession: 30,
  /** Bytes of an API response through CloudFront, on average. */
  apiBytesPerRequest: 2_000,
  /** Share of file requests that miss CloudFront's cache and GET from S3. */
  fileCacheMissShare: 0.1,
  /** The built web app in S3. */
  webAppBytes: 2_000_000,
  /** Bytes of items a referral keeps in the tables, indexes included (case, personal items, history, counters). */
  storedBytesPerReferral: 8_000,
  /** Months a referral stays open before it is closed and its retention period starts. */
  openMonthsPerReferral: 1,
  /** Months logs are kept (the prod stage's log retention: three months). */
  logRetentionMonths: 3,
  /** Lambda's platform lines (START, END, REPORT) per invocation, which the local runtime does not produce. */
  platformLogBytesPerInvocation: 350,
  /** The sweeper's billed duration per scheduled run, on an idle-to-small table. */
  sweeperMsPerRun: 100,
  /** Lambda's SQS event source mapping keeps at least this many pollers long-polling (20 s) an idle queue. */
  idlePollersPerMapping: 5,
  /** Years the deployment has run: each yearly key rotation adds a billed key version, for the first two. */
  yearsDeployed: 1,
} as const;

/** The stack's countable parts, from the synthesized templates and the seeded catalogue. */
export type StackCounts = {
  readonly kmsKeys: number;
  readonly generatedSecrets: number;
  readonly alarms: number;
  readonly webAcls: number;
  readonly wafRules: number;
  readonly queueMappings: number;
  readonly catalogueOffices: number;
};

/** Per referral through the closed loop, as section 5 measured it. */
export type MeasuredUnits = {
  readonly apiRequests: number;
  readonly invocations: number;
  readonly gbSeconds: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly sqsRequests: number;
  readonly logBytes: number;
  readonly secretsRequests: number;
};

export type BillLine = {
  readonly part: string;
  readonly kind: 'fixed' | 'use' | 'referrals';
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
};

export type Alternative = { readonly change: string; readonly saving: number; readonly total: number };

export type MonthlyBill = {
  readonly size: DeploymentSize;
  readonly referralsPerMonth: number;
  readonly offices: number;
  readonly machineClients: number;
  readonly lines: BillLine[];
  readonly total: number;
  readonly referralsPart: number;
  readonly alternatives: Alternative[];
};

export function officesFor(size: DeploymentSize, counts: Pick<StackCounts, 'catalogueOffices'>): number {
  return Math.max(counts.catalogueOffices, Math.round(size.accounts / ASSUMPTIONS.accountsPerOffice));
}

export function monthlyBill(size: DeploymentSize, counts: StackCounts, perReferral: MeasuredUnits): MonthlyBill {
  const a = ASSUMPTIONS;
  const referrals = size.referralsPerYear / 12;
  const offices = officesFor(size, counts);
  const machineClients = Math.floor(size.accounts / a.accountsPerMachineClient);
  const sessions = size.accounts * a.sessionsPerAccountMonth;
  const fileRequests = sessions * a.fileRequestsPerSession;
  const browsingApi = sessions * a.apiRequestsPerSession;
  const loopApi = perReferral.apiRequests * referrals;
  const edgeRequests = fileRequests + browsingApi + loopApi;
  const transferGb = (sessions * a.fileBytesPerSession + (browsingApi + loopApi) * a.apiBytesPerRequest) / GIB;
  const sweeperRuns = MINUTES_PER_MONTH;
  const sweeperGb = FUNCTION_SETTINGS.sweeper.memorySize / 1024;
  // A browsing request costs what the closed loop's average invocation costs (the office function dominates both).
  const gbSecondsPerInvocation = perReferral.invocations > 0 ? perReferral.gbSeconds / perReferral.invocations : 0;
  const readUnitsPerInvocation = perReferral.invocations > 0 ? perReferral.readUnits / perReferral.invocations : 0;
  const loopLogBytes = (perReferral.logBytes + perReferral.invocations * a.platformLogBytesPerInvocation) * referrals;
  const otherLogBytes = (browsingApi + sweeperRuns) * a.platformLogBytesPerInvocation;
  const ingestedGb = (loopLogBytes + otherLogBytes) / GIB;
  const retainedMonths = DEFAULT_MUNICIPALITY_SETTINGS.retentionDays / DAYS_PER_MONTH + a.openMonthsPerReferral;
  const tableGb = (referrals * retainedMonths * a.storedBytesPerReferral) / GIB;
  const keyVersions = counts.kmsKeys * (1 + Math.min(2, a.yearsDeployed));
  // The offices' webhook keys are derived from the one webhook secret: however many offices, no secret of their own.
  const secrets = counts.generatedSecrets;
  const idleReceives = counts.queueMappings * a.idlePollersPerMapping * 3 * MINUTES_PER_MONTH;
  const P = PRICES;

  const line = (part: string, kind: BillLine['kind'], quantity: number, unit: string, unitPrice: number): BillLine => ({
    part,
    kind,
    quantity,
    unit,
    unitPrice,
    monthly: quantity * unitPrice,
  });
  const lines: BillLine[] = [
    line(
      'KMS keys (main, personal table) incl. rotated versions',
      'fixed',
      keyVersions,
      'key-month',
      P.kms.perKeyMonth,
    ),
    line(
      `Secrets Manager: ${counts.generatedSecrets} generated secrets (body hash, webhook; ${offices} offices' keys derived)`,
      'fixed',
      secrets,
      'secret-month',
      P.secretsManager.perSecretMonth,
    ),
    line('CloudWatch alarms', 'fixed', counts.alarms, 'alarm-month', P.cloudWatchLogs.perAlarmMonth),
    line('Cognito monthly active users (Plus)', 'fixed', size.accounts, 'MAU', P.cognito.perPlusMau),
    line('Cognito machine clients', 'fixed', machineClients, 'client-month', P.cognito.perM2mClientMonth),
    line(
      'Cognito machine token requests',
      'use',
      machineClients * a.tokensPerMachineClientMonth,
      'token',
      P.cognito.perM2mTokenRequest,
    ),
    line('WAF web ACL', 'fixed', counts.webAcls, 'ACL-month', P.waf.perWebAclMonth),
    line('WAF rules', 'fixed', counts.wafRules, 'rule-month', P.waf.perRuleMonth),
    line('WAF requests inspected', 'use', edgeRequests, 'request', P.waf.perRequest),
    line('CloudFront HTTPS requests (files + API)', 'use', edgeRequests, 'request', P.cloudFront.perHttpsRequest),
    line('CloudFront transfer out', 'use', transferGb, 'GB', P.cloudFront.perGbOut),
    line('S3 web app storage', 'fixed', a.webAppBytes / GIB, 'GB-month', P.s3.perGbMonth),
    line('S3 GET (CloudFront misses)', 'use', fileRequests * a.fileCacheMissShare, 'request', P.s3.perGetRequest),
    line('API Gateway requests (web app use)', 'use', browsingApi, 'request', P.apiGateway.perHttpRequest),
    line('Lambda requests (web app use)', 'use', browsingApi, 'request', P.lambda.perRequest),
    line('Lambda duration (web app use)', 'use', browsingApi * gbSecondsPerInvocation, 'GB-s', P.lambda.perGbSecondArm),
    line(
      'DynamoDB reads (web app use)',
      'use',
      browsingApi * readUnitsPerInvocation,
      'RRU',
      P.dynamodb.perReadRequestUnit,
    ),
    line('EventBridge schedule (sweeper, every minute)', 'fixed', sweeperRuns, 'invocation', 0),
    line('Lambda requests (sweeper)', 'fixed', sweeperRuns, 'request', P.lambda.perRequest),
    line(
      'Lambda duration (sweeper)',
      'fixed',
      sweeperRuns * (a.sweeperMsPerRun / 1000) * sweeperGb,
      'GB-s',
      P.lambda.perGbSecondArm,
    ),
    line('SQS idle polling (event source mappings)', 'fixed', idleReceives, 'request', P.sqs.perRequest),
    line('CloudWatch Logs ingestion', 'use', ingestedGb, 'GB', P.cloudWatchLogs.perGbIngested),
    line(
      'CloudWatch Logs storage',
      'use',
      ingestedGb * a.logRetentionMonths,
      'GB-month',
      P.cloudWatchLogs.perGbMonthStored,
    ),
    line('DynamoDB storage', 'use', tableGb, 'GB-month', P.dynamodbStorage.perGbMonth),
    line('DynamoDB point-in-time recovery', 'use', tableGb, 'GB-month', P.dynamodbStorage.pitrPerGbMonth),
    line('API Gateway requests (referrals)', 'referrals', loopApi, 'request', P.apiGateway.perHttpRequest),
    line(
      'Lambda requests (referrals)',
      'referrals',
      perReferral.invocations * referrals,
      'request',
      P.lambda.perRequest,
    ),
    line(
      'Lambda duration (referrals)',
      'referrals',
      perReferral.gbSeconds * referrals,
      'GB-s',
      P.lambda.perGbSecondArm,
    ),
    line(
      'DynamoDB writes (referrals)',
      'referrals',
      perReferral.writeUnits * referrals,
      'WRU',
      P.dynamodb.perWriteRequestUnit,
    ),
    line(
      'DynamoDB reads (referrals)',
      'referrals',
      perReferral.readUnits * referrals,
      'RRU',
      P.dynamodb.perReadRequestUnit,
    ),
    line('SQS requests (referrals)', 'referrals', perReferral.sqsRequests * referrals, 'request', P.sqs.perRequest),
    line(
      'Secrets Manager calls (referrals)',
      'referrals',
      perReferral.secretsRequests * referrals,
      'call',
      P.secretsManager.perApiCall,
    ),
  ];
  const total = sum(lines.map((entry) => entry.monthly));
  const referralsPart = sum(lines.filter((entry) => entry.kind === 'referrals').map((entry) => entry.monthly));
  const saving = (amount: number, change: string): Alternative => ({ change, saving: amount, total: total - amount });
  const machineLines = lines.filter((entry) => entry.part.startsWith('Cognito machine'));
  const wafLines = lines.filter((entry) => entry.part.startsWith('WAF'));
  const machine = saving(
    sum(machineLines.map((entry) => entry.monthly)),
    "machine clients' secrets checked by Lotse's token function instead of Cognito's client-credentials grant " +
      '(API.md names Cognito for machine sign-in in the cloud)',
  );
  const oneKey = saving(
    counts.kmsKeys > 1 ? (keyVersions / counts.kmsKeys) * (counts.kmsKeys - 1) * P.kms.perKeyMonth : 0,
    'one customer managed key for both tables instead of a second key for the personal table',
  );
  const oneRule = saving(
    Math.max(0, counts.wafRules - 1) * P.waf.perRuleMonth,
    `one rate-based rule for every request instead of ${counts.wafRules} rules by kind of request`,
  );
  const noWaf = saving(
    sum(wafLines.map((entry) => entry.monthly)),
    'no WAF web ACL: API Gateway throttling and reserved concurrency as the only limits (no per-address limits)',
  );
  const single = [machine, oneKey, oneRule, noWaf].filter((alternative) => alternative.saving > 0);
  // The web ACL's removal takes its rules along: "one rule" is not added to it.
  const together = [machine, oneKey, noWaf].filter((alternative) => alternative.saving > 0);
  const alternatives =
    together.length > 1
      ? [...single, saving(sum(together.map((alternative) => alternative.saving)), 'all of the above together')]
      : single;
  return { size, referralsPerMonth: referrals, offices, machineClients, lines, total, referralsPart, alternatives };
}

type TemplateResource = { Type?: string; Properties?: { Rules?: unknown[] } };

/** Counts the billed fixed resources of every template of a cloud assembly (nested stacks included). */
export async function countStack(assemblyDirectory: string, catalogueOffices: number): Promise<StackCounts> {
  const files = (await readdir(assemblyDirectory)).filter((name) => name.endsWith('.template.json'));
  const resources: TemplateResource[] = [];
  for (const file of files) {
    const template = JSON.parse(await readFile(path.join(assemblyDirectory, file), 'utf8')) as {
      Resources?: Record<string, TemplateResource>;
    };
    resources.push(...Object.values(template.Resources ?? {}));
  }
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  const webAcls = ofType('AWS::WAFv2::WebACL');
  return {
    kmsKeys: ofType('AWS::KMS::Key').length,
    generatedSecrets: ofType('AWS::SecretsManager::Secret').length,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    webAcls: webAcls.length,
    wafRules: sum(webAcls.map((acl) => acl.Properties?.Rules?.length ?? 0)),
    queueMappings: ofType('AWS::Lambda::EventSourceMapping').length,
    catalogueOffices,
  };
}

/** Section 5's totals divided by its referrals. */
export function measuredPerReferral(costDetails: {
  referrals: number;
  totals: Omit<MeasuredUnits, never> & Record<string, unknown>;
}): MeasuredUnits {
  const { referrals, totals } = costDetails;
  const per = (value: number) => value / referrals;
  return {
    apiRequests: per(totals.apiRequests),
    invocations: per(totals.invocations),
    gbSeconds: per(totals.gbSeconds),
    readUnits: per(totals.readUnits),
    writeUnits: per(totals.writeUnits),
    sqsRequests: per(totals.sqsRequests),
    logBytes: per(totals.logBytes),
    secretsRequests: per(totals.secretsRequests),
  };
}

function formatQuantity(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 1) return value.toFixed(1);
  return value.toPrecision(2);
}

function formatPrice(value: number): string {
  if (value === 0) return '0';
  if (value >= 0.01) return `$${value.toFixed(4).replace(/0{1,2}$/, '')}`;
  return `$${value.toExponential(3)}`;
}

export function billTable(bill: MonthlyBill): Table {
  const { size } = bill;
  return {
    title: `Monthly bill, ${size.name}: ${size.referralsPerYear.toLocaleString('en-US')} referrals a year (${bill.referralsPerMonth.toFixed(
      0,
    )} a month), ${size.accounts} accounts, ${bill.offices} offices, ${bill.machineClients} machine clients`,
    header: ['Part', 'Kind', 'Quantity', 'Unit', 'Unit price', 'Monthly'],
    rows: [
      ...bill.lines.map((entry) => [
        entry.part,
        entry.kind,
        formatQuantity(entry.quantity),
        entry.unit,
        formatPrice(entry.unitPrice),
        `$${entry.monthly.toFixed(2)}`,
      ]),
      ['Total', '', '', '', '', `$${bill.total.toFixed(2)}`],
      ...bill.alternatives.map((alternative) => [
        `Alternative: ${alternative.change}`,
        'design',
        '',
        '',
        '',
        `−$${alternative.saving.toFixed(2)} → $${alternative.total.toFixed(2)}`,
      ]),
    ],
  };
}

export function monthlyBillSection(
  cost: SectionResult,
  counts: StackCounts,
  sizes: readonly DeploymentSize[] = DEPLOYMENT_SIZES,
): SectionResult {
  const startedAt = performance.now();
  const perReferral = measuredPerReferral(cost.details as Parameters<typeof measuredPerReferral>[0]);
  const bills = sizes.map((size) => monthlyBill(size, counts, perReferral));
  const rows: Row[] = bills.map((bill) => {
    const isCity = bill.size.name === 'city';
    return {
      measure: `monthly bill, ${bill.size.name} (${bill.size.referralsPerYear.toLocaleString('en-US')} referrals/yr, ${
        bill.size.accounts
      } accounts)`,
      figure: bill.total,
      floor: bill.referralsPart,
      unit: 'USD',
      ratio: bill.referralsPart > 0 ? bill.total / bill.referralsPart : null,
      ...(isCity ? { target: `≤ ${MONTHLY_TARGET_CITY} USD` } : {}),
      verdict: isCity ? verdict(bill.total <= MONTHLY_TARGET_CITY) : 'INFO',
    };
  });
  const a = ASSUMPTIONS;
  const largest = (bill: MonthlyBill) =>
    [...bill.lines]
      .sort((x, y) => y.monthly - x.monthly)
      .slice(0, 4)
      .map((entry) => `${entry.part} $${entry.monthly.toFixed(2)}`)
      .join(', ');
  const notes = [
    `Counted from the synthesized templates: ${counts.kmsKeys} KMS keys, ${counts.generatedSecrets} generated secrets ` +
      `(body hash, webhook), ${counts.alarms} alarms, ${counts.webAcls} web ACL with ${counts.wafRules} rules, ` +
      `${counts.queueMappings} SQS event source mappings. The seeded catalogue has ${counts.catalogueOffices} offices; a ` +
      `deployment has one office per ${a.accountsPerOffice} accounts, at least the catalogue's; every office's webhook ` +
      'key is derived from the one webhook secret, so offices add no secret.',
    `Variable part: section 5's measured units per referral (${perReferral.writeUnits.toFixed(1)} WRU, ` +
      `${perReferral.readUnits.toFixed(1)} RRU, ${perReferral.invocations.toFixed(1)} invocations, ` +
      `${(perReferral.gbSeconds * 1000).toFixed(1)} GB-ms, ${perReferral.sqsRequests.toFixed(1)} SQS requests, ` +
      `${perReferral.apiRequests.toFixed(1)} API requests, ${Math.round(perReferral.logBytes)} log bytes) × referrals ` +
      'a month. The floor of each row is this part alone; the ratio shows what the fixed parts add.',
    `Assumed (not measured): Cognito on the Plus plan (the pool's feature plan), MAU = accounts; one machine client per ` +
      `${a.accountsPerMachineClient} accounts requesting ${a.tokensPerMachineClientMonth} tokens a month; per account ` +
      `${a.sessionsPerAccountMonth} sessions a month of ${a.fileRequestsPerSession} file requests, ` +
      `${(a.fileBytesPerSession / 1e6).toFixed(1)} MB and ${a.apiRequestsPerSession} API requests (priced like the ` +
      `closed loop's average invocation), ${a.apiBytesPerRequest} bytes per API response; ` +
      `${a.fileCacheMissShare * 100}% of file requests reach S3.`,
    `Assumed: ${a.storedBytesPerReferral} bytes of items per referral (indexes included) kept ${a.openMonthsPerReferral} ` +
      `month open plus the ${DEFAULT_MUNICIPALITY_SETTINGS.retentionDays}-day retention — the table size that storage ` +
      `and point-in-time recovery are billed on; logs kept ${a.logRetentionMonths} months (prod), uncompressed, with ` +
      `${a.platformLogBytesPerInvocation} bytes of Lambda platform lines per invocation; the sweeper runs every minute ` +
      `for ${a.sweeperMsPerRun} ms at ${FUNCTION_SETTINGS.sweeper.memorySize} MB; an idle SQS mapping keeps ` +
      `${a.idlePollersPerMapping} pollers long-polling (3 receives a minute each); KMS keys rotate yearly, ` +
      `${a.yearsDeployed} year deployed (each rotation adds a billed key version, up to two); KMS requests (DynamoDB ` +
      'and SQS cache data keys) are left out.',
    `Prices (${PRICES_REGION}, list, no free tier, as of ${PRICES_MONTHLY_AS_OF}) from tests/bench/prices.ts.`,
    'Alternatives (Design lines of each table) are not built: each shows what one design change would save, and the ' +
      'last line what all of them would save together; the total stays the bill of the design as it is.',
    ...bills.map(
      (bill) =>
        `${bill.size.name}: $${bill.total.toFixed(2)} a month, of which referrals $${bill.referralsPart.toFixed(
          2,
        )}; largest parts ${largest(bill)}${
          bill.alternatives.length > 0
            ? `; with every alternative $${(bill.alternatives.at(-1)?.total ?? bill.total).toFixed(2)}`
            : ''
        }.`,
    ),
  ];
  return {
    id: '7',
    title: 'Monthly bill of one deployment',
    floor: 'the measured per-referral part alone (section 5 units × referrals a month), no fixed parts',
    rows,
    notes,
    tables: bills.map(billTable),
    details: { counts, perReferral, assumptions: ASSUMPTIONS, bills },
    durationMs: Math.round(performance.now() - startedAt),
  };
}
