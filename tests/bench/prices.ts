// List prices for eu-central-1 (Frankfurt) used by the cost section: the one place they are kept, with date and source.
//
// Transcribed by hand from the public AWS pricing pages on 2026-11-26 (on-demand, no free tier, first pricing tier,
// USD); the prices the monthly bill added were looked up on 2026-12-07 (PRICES_MONTHLY_AS_OF), each with its page. The pages render regional prices in the browser, so re-check them there before quoting a figure elsewhere.

export const PRICES_AS_OF = '2026-11-26';
export const PRICES_MONTHLY_AS_OF = '2026-12-07';
export const PRICES_REGION = 'eu-central-1';

export const PRICES = {
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    /** Per request (USD 0.20 per million). */
    perRequest: 0.2 / 1_000_000,
    /** Per GB-second of duration on arm64 (the functions' architecture), first tier; billed in 1 ms steps. */
    perGbSecondArm: 0.000_013_333_4,
  },
  apiGateway: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /** HTTP API, per request (USD 1.20 per million, first 300 million a month). */
    perHttpRequest: 1.2 / 1_000_000,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** On-demand (PAY_PER_REQUEST), Standard table class: per write request unit (USD 0.7625 per million). */
    perWriteRequestUnit: 0.7625 / 1_000_000,
    /** Per read request unit (USD 0.1525 per million). */
    perReadRequestUnit: 0.1525 / 1_000_000,
  },
  sqs: {
    source: 'https://aws.amazon.com/sqs/pricing/',
    /** Standard queue, per request (each 64 KB chunk of a payload is one request; USD 0.40 per million). */
    perRequest: 0.4 / 1_000_000,
  },
  cloudWatchLogs: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    /** Standard log class, per GB ingested (USD 0.63). */
    perGbIngested: 0.63,
    /** Standard log class, storage per GB-month (USD 0.0324; looked up 2026-12-07). */
    perGbMonthStored: 0.0324,
    /** Standard-resolution metric alarm, per alarm-month (USD 0.10; looked up 2026-12-07). */
    perAlarmMonth: 0.1,
  },
  secretsManager: {
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    /** Per API call (USD 0.05 per 10,000). */
    perApiCall: 0.05 / 10_000,
    /** Per secret per month, prorated hourly (USD 0.40; looked up 2026-12-07). */
    perSecretMonth: 0.4,
  },
  // Looked up 2026-12-07 for the monthly bill (section 7), same terms: list price, no free tier, first tier.
  dynamodbStorage: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** Standard table class, storage per GB-month in eu-central-1 (USD 0.306). */
    perGbMonth: 0.306,
    /** Continuous backups (point-in-time recovery), per GB-month of table size in eu-central-1 (USD 0.2448). */
    pitrPerGbMonth: 0.2448,
  },
  kms: {
    source: 'https://aws.amazon.com/kms/pricing/',
    /** Per customer managed key per month (USD 1); each automatic rotation adds USD 1 a month for the first two. */
    perKeyMonth: 1,
  },
  cognito: {
    source: 'https://aws.amazon.com/cognito/pricing/',
    /** User pool on the Plus feature plan (the pool's plan), per monthly active user (USD 0.02; no free tier). */
    perPlusMau: 0.02,
    /** Machine-to-machine: per app client with client-credentials grants per month (USD 6.00). */
    perM2mClientMonth: 6,
    /** Machine-to-machine: per successful token request (USD 2.25 per 1,000). */
    perM2mTokenRequest: 2.25 / 1000,
  },
  waf: {
    source: 'https://aws.amazon.com/waf/pricing/',
    /** Per web ACL per month (USD 5.00; the same in every region, the CloudFront ACL lives in us-east-1). */
    perWebAclMonth: 5,
    /** Per rule per month (USD 1.00). */
    perRuleMonth: 1,
    /** Per request inspected (USD 0.60 per million). */
    perRequest: 0.6 / 1_000_000,
  },
  cloudFront: {
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    /** Pay-as-you-go, Europe edge locations: per HTTPS request (USD 0.012 per 10,000). */
    perHttpsRequest: 0.012 / 10_000,
    /** Data transfer out to the internet, Europe, first 10 TB (USD 0.085 per GB). */
    perGbOut: 0.085,
  },
  s3: {
    source: 'https://aws.amazon.com/s3/pricing/',
    /** S3 Standard storage per GB-month in eu-central-1 (USD 0.0245). */
    perGbMonth: 0.0245,
    /** GET requests in eu-central-1 (USD 0.00043 per 1,000). */
    perGetRequest: 0.00043 / 1000,
  },
  eventBridge: {
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    /** Scheduled rule on the default event bus invoking a function: no charge per invocation (only the target's). */
    perScheduledInvocation: 0,
  },
} as const;
