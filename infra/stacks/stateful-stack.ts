// Stateful stack: everything that holds data or identity (keys, tables, routing and notification queues, user pool),
// deployed apart from the functions so that a code deployment can never replace or delete them.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { INBOX_INDEX_ATTRIBUTES, REFERRALS_INDEX_ATTRIBUTES, SWEEP_INDEX_ATTRIBUTES } from '#adapters/keys.ts';
import { type AppConfig, DLQ_MAX_RECEIVE_COUNT, FUNCTION_SETTINGS, QUEUE_VISIBILITY_FACTOR } from '../config.ts';
import { ApiUserPool } from '../constructs/api-user-pool.ts';
import { EncryptedQueue } from '../constructs/encrypted-queue.ts';
import { GeneratedSecret } from '../constructs/generated-secret.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import { acknowledgeNag } from '../nag.ts';

export const TABLE_INDEXES = {
  gsi1: { indexName: 'GSI1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', attributes: INBOX_INDEX_ATTRIBUTES },
  gsi2: { indexName: 'GSI2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', attributes: SWEEP_INDEX_ATTRIBUTES },
  gsi3: { indexName: 'GSI3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', attributes: INBOX_INDEX_ATTRIBUTES },
  gsi4: { indexName: 'GSI4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', attributes: REFERRALS_INDEX_ATTRIBUTES },
} as const;
export const TTL_ATTRIBUTE = 'expiresAt';
/** The construct ids of the two tables (the local runtime and the tests tell them apart by these). */
export const TABLE_IDS = { main: 'Table', personal: 'PersonalTable' } as const;

export type StatefulStackProps = StackProps & { readonly config: AppConfig };

export class StatefulStack extends Stack {
  readonly key: Key;
  /** `alias/lotse/<municipality>/<stage>`: operators name the key by it. */
  readonly keyAlias: string;
  readonly table: Table;
  /**
   * The family's personal items (shared/adapters/keys.ts P1–P3), under a key of their own: only the functions that
   * use them are granted the table and its key.
   */
  readonly personalTable: Table;
  readonly personalKey: Key;
  /** `alias/lotse/<municipality>/<stage>/personal`. */
  readonly personalKeyAlias: string;
  readonly routing: EncryptedQueue;
  readonly notification: EncryptedQueue;
  /** The key of intake's idempotency body hashes (shared/adapters/body-hasher.ts); only intake may read it. */
  readonly bodyHashSecret: GeneratedSecret;
  /**
   * The deployment's one webhook secret, `{"key":"<master key>","generations":{…}}`: every office's signing secret is
   * derived from it (shared/domain/webhook-keys.ts); only the notifier may read it.
   */
  readonly webhookSecret: GeneratedSecret;
  readonly auth: ApiUserPool;
  readonly tokenTrigger: ServiceFunction;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    // One customer-managed key for table, queues and log groups: one place to audit and to revoke.
    this.keyAlias = `alias/lotse/${config.municipality}/${config.stage}`;
    this.key = new Key(this, 'Key', {
      alias: this.keyAlias,
      description: `Lotse ${config.municipality} ${config.stage}: table, queues and logs`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
      pendingWindow: Duration.days(config.stage === 'prod' ? 30 : 7),
    });
    // CloudWatch Logs encrypts log groups with the key itself, so the service needs a key-policy grant, limited by
    // encryption context to log groups of this account and region.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );

    // The personal table's own key: no service but DynamoDB (on behalf of the granted functions) ever uses it, so its
    // policy is the account's default and nothing else (no logs or queue statement as on the main key).
    this.personalKeyAlias = `${this.keyAlias}/personal`;
    this.personalKey = new Key(this, 'PersonalKey', {
      alias: this.personalKeyAlias,
      description: `Lotse ${config.municipality} ${config.stage}: the families' personal data`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
      pendingWindow: Duration.days(config.stage === 'prod' ? 30 : 7),
    });

    const tableProps = (encryptionKey: Key) => ({
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: config.pointInTimeRecovery },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    this.table = new Table(this, TABLE_IDS.main, tableProps(this.key));
    // No index: the personal items are read by key only (keys.ts P1–P3).
    this.personalTable = new Table(this, TABLE_IDS.personal, tableProps(this.personalKey));
    if (!config.pointInTimeRecovery) {
      for (const table of [this.table, this.personalTable]) {
        acknowledgeNag(
          table,
          'AwsSolutions-DDB3',
          `Point-in-time recovery is off only in the ${config.stage} stage, which holds synthetic test data that is ` +
            'reseeded rather than restored; prod enables it (see infra/config.ts).',
        );
      }
    }
    for (const index of Object.values(TABLE_INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.attributes],
      });
    }

    this.routing = new EncryptedQueue(this, 'Routing', {
      encryptionKey: this.key,
      visibilityTimeout: Duration.seconds(FUNCTION_SETTINGS.router.timeout.toSeconds() * QUEUE_VISIBILITY_FACTOR),
      maxReceiveCount: DLQ_MAX_RECEIVE_COUNT.routing,
      deadLetterRetention: config.deadLetterRetention,
      removalPolicy: config.removalPolicy,
      deadLetterMessagesAbove: config.alarms.deadLetterMessagesAbove,
      maxMessageAge: config.alarms.routingQueueMaxAge,
    });

    // Domain events for the webhooks (id-only bodies). No age alarm: while an office's receiver is down its events
    // legitimately wait through the notifier's backoff; what needs a human is an event that exhausted its retries,
    // and the dead-letter alarm says exactly that.
    this.notification = new EncryptedQueue(this, 'Notification', {
      encryptionKey: this.key,
      visibilityTimeout: Duration.seconds(FUNCTION_SETTINGS.notifier.timeout.toSeconds() * QUEUE_VISIBILITY_FACTOR),
      maxReceiveCount: DLQ_MAX_RECEIVE_COUNT.notification,
      deadLetterRetention: config.deadLetterRetention,
      removalPolicy: config.removalPolicy,
      deadLetterMessagesAbove: config.alarms.deadLetterMessagesAbove,
    });

    // The idempotency record outlives the family's data, so it keeps a keyed hash of the body (HMAC-SHA256): without
    // this deployment's secret nobody who reads the table can confirm a guess about a family.
    this.bodyHashSecret = new GeneratedSecret(this, 'BodyHashSecret', {
      description: `Lotse ${config.municipality} ${config.stage}: the key of the idempotency records' body hashes`,
      encryptionKey: this.key,
      length: 64,
      removalPolicy: config.removalPolicy,
      noRotationReason:
        'Not rotated on purpose: a record is compared under the key it was written with for its 24 hours, so a ' +
        'rotated key would refuse every retry of those submissions (422) instead of answering their first 202; a ' +
        'compromised key is replaced by a new secret in a deliberate deployment, accepting that for 24 hours.',
    });

    // One secret for every office's webhooks: a random master key and a generation per office, from which each
    // office's `whsec_` secret is derived. Operations rotate one office (its generation) or all of them (the master
    // key) by putting a new version with `npm run webhook-secret`; the notifier signs with the previous version's
    // secret too for 24 hours.
    this.webhookSecret = new GeneratedSecret(this, 'WebhookSecret', {
      description: `Lotse ${config.municipality} ${config.stage}: the master key of the offices' webhook signing secrets`,
      encryptionKey: this.key,
      length: 64,
      json: { template: { generations: {} }, key: 'key' },
      removalPolicy: config.removalPolicy,
      noRotationReason:
        'Rotated by operations, not by a rotation function: a new version must be handed to the offices it changes ' +
        '(npm run webhook-secret -- --rotate prints it), and the notifier signs with the previous version too for 24 ' +
        'hours, so the receivers switch without a refused delivery.',
    });

    // The token trigger lives with the user pool it serves (the pool names it; a function in the stateless stack
    // would make the two stacks depend on each other). It reads registrations and the catalogue, and marks an
    // invited account active on its first sign-in (UpdateItem).
    this.tokenTrigger = new ServiceFunction(this, 'TokenTrigger', {
      name: 'token',
      defaults: {
        municipality: config.municipality,
        stage: config.stage,
        logLevel: config.logLevel,
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
        logEncryptionKey: this.key,
      },
      timeout: FUNCTION_SETTINGS.token.timeout,
      memorySize: FUNCTION_SETTINGS.token.memorySize,
      reservedConcurrency: config.reservedConcurrency.token,
      description: 'Cognito pre-token-generation: one role scope and the binding claim from the registration',
    }).bindTable(this.table, ['read', 'update']);

    this.auth = new ApiUserPool(this, 'Auth', {
      domainPrefix: `lotse-${config.municipality}-${config.stage}`,
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
      webAppOrigin: config.webAppOrigin,
      tokenTrigger: this.tokenTrigger.function,
    });

    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'TokenEndpoint', { value: `${this.auth.domain.baseUrl()}/oauth2/token` });
    new CfnOutput(this, 'WebClientId', { value: this.auth.webClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: this.webhookSecret.secretArn,
      description: "The offices' webhook secrets: npm run webhook-secret -- --secret-id <this ARN> --office <officeId>",
    });
    new CfnOutput(this, 'PersonalTableName', { value: this.personalTable.tableName });
    new CfnOutput(this, 'RoutingQueueUrl', { value: this.routing.queue.queueUrl });
    new CfnOutput(this, 'RoutingDeadLetterQueueUrl', { value: this.routing.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'NotificationQueueUrl', { value: this.notification.queue.queueUrl });
    new CfnOutput(this, 'NotificationDeadLetterQueueUrl', { value: this.notification.deadLetterQueue.queueUrl });
  }
}
