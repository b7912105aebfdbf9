// Stateless stack: the functions, the HTTP API in front of them, the queue consumers, the sweeper schedule and the
// web app's hosting. Everything here can be destroyed and redeployed without losing data.
import { CfnOutput, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { scopeOf } from '#domain/identity.ts';
import { type HttpFunctionName, routeList } from '#http/routes.ts';
import { type AppConfig, FUNCTION_SETTINGS, type FunctionName, responseDeadlineDaysVariable } from '../config.ts';
import {
  ServiceFunction,
  type ServiceFunctionDefaults,
  type ServiceFunctionProps,
} from '../constructs/service-function.ts';
import { ServiceHttpApi } from '../constructs/service-http-api.ts';
import { WebApp } from '../constructs/web-app.ts';
import { type StatefulStack, TABLE_INDEXES } from './stateful-stack.ts';

/** What the coordinator function does on the user pool (shared/adapters/cognito-identity-provider.ts). */
export const COORDINATOR_USER_POOL_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:CreateUserPoolClient',
  'cognito-idp:DeleteUserPoolClient',
] as const;

export type StatelessStackProps = StackProps & {
  readonly config: AppConfig;
  readonly stateful: StatefulStack;
  /** The WAF web ACL of the web app's distribution (the edge stack's, in us-east-1). */
  readonly webAclArn: string;
};

export class StatelessStack extends Stack {
  readonly api: ServiceHttpApi;
  /** Every function but the token trigger, which lives with the user pool in the stateful stack. */
  readonly functions: Record<Exclude<FunctionName, 'token'>, ServiceFunction>;
  readonly webApp: WebApp;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const { table, key, personalTable } = stateful;
    const personal = { environmentVariable: 'PERSONAL_TABLE_NAME' };
    const routingQueue = stateful.routing.queue;
    const notificationQueue = stateful.notification.queue;
    const notificationQueueVariable = 'NOTIFICATION_QUEUE_URL';
    const responseDeadlineDays = responseDeadlineDaysVariable(config.responseDeadlineDays);
    // Each function may query only the indexes it reads: the office its inbox (GSI1) and the coordinator's list of
    // all cases (GSI3); the sweeper its sweep partitions (GSI2); the coordinator function an office's open cases
    // (GSI1); the referrer function its institution's referrals (GSI4). Nobody else is granted any index.
    const { gsi1, gsi2, gsi3, gsi4 } = TABLE_INDEXES;

    const defaults: ServiceFunctionDefaults = {
      municipality: config.municipality,
      stage: config.stage,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      logEncryptionKey: key,
    };
    const serviceFunction = (
      constructId: string,
      name: Exclude<FunctionName, 'token'>,
      extra: Pick<ServiceFunctionProps, 'description'> & Partial<Pick<ServiceFunctionProps, 'environment'>> = {},
    ): ServiceFunction =>
      new ServiceFunction(this, constructId, {
        name,
        defaults,
        timeout: FUNCTION_SETTINGS[name].timeout,
        memorySize: FUNCTION_SETTINGS[name].memorySize,
        reservedConcurrency: config.reservedConcurrency[name],
        ...extra,
      });

    // Table capabilities are exactly what each function's adapters call (shared/adapters/keys.ts names the items);
    // the personal table (the family's data) only for the five functions that use it, the notifier, the coordinator
    // and the token trigger have neither its name nor a grant on it or its key. On the main table only the coordinator
    // deletes (catalogue entities, accounts, clients): erasure deletes personal items, never main-table items.
    // Intake writes the case (its GSI3 keys included: PutItem, no index grant needed), counts refusals and coverage
    // (UpdateItem), puts the personal item in the same transaction without reading it back, and enqueues routing.
    const intake = serviceFunction('Intake', 'intake', {
      description: 'Referral intake: validate, store, enqueue routing',
    })
      .bindTable(table, ['read', 'put', 'update'])
      .bindTable(personalTable, ['put'], personal)
      .bindQueueSender(routingQueue)
      // The key of the idempotency records' body hashes: intake alone reads it (the record outlives the family's data).
      .bindSecret(stateful.bodyHashSecret, 'BODY_HASH_SECRET_ARN');
    // Withdrawal transitions the case and erases personal data (DeleteItem) in one transaction, then publishes; the
    // views read the institution's own reference from the personal item.
    const referrer = serviceFunction('Referrer', 'referrer', {
      description: "Referrer's view: its referrals, a referral's milestones; withdrawal (cancel and erase)",
    })
      .bindTable(table, ['read', 'put', 'update'], { indexNames: [gsi4.indexName] })
      .bindTable(personalTable, ['read', 'delete'], personal)
      .bindQueueSender(notificationQueue, notificationQueueVariable);
    // Inbox and case workflow: transitions, opened events, audit items, offer capacity; publishes domain events. On
    // the personal table: the case view reads it, notes and the retention expiry update it, an assignment of a case
    // that never had proposals puts them, and erasure deletes it.
    const office = serviceFunction('Office', 'office', {
      description: 'Inbox, case reads and the case workflow transitions',
      environment: {
        RETENTION_DAYS: String(config.retentionDays),
        RESPONSE_DEADLINE_DAYS: responseDeadlineDays,
      },
    })
      .bindTable(table, ['read', 'put', 'update'], { indexNames: [gsi1.indexName, gsi3.indexName] })
      .bindTable(personalTable, ['read', 'put', 'update', 'delete'], personal)
      .bindQueueSender(notificationQueue, notificationQueueVariable);
    // Matching reads the family's languages and accessibility from the personal item; the proposals are put beside it.
    const router = serviceFunction('Router', 'router', {
      description: 'Routing queue consumer: assign office, propose offers, set the response deadline',
      environment: { RESPONSE_DEADLINE_DAYS: responseDeadlineDays },
    })
      .bindTable(table, ['read', 'put', 'update'])
      .bindTable(personalTable, ['read', 'put'], personal)
      .bindQueueConsumer(routingQueue, { batchSize: FUNCTION_SETTINGS.router.batchSize })
      .bindQueueSender(notificationQueue, notificationQueueVariable);
    const sweeper = serviceFunction('Sweeper', 'sweeper', {
      description:
        'Re-enqueues stuck received cases, escalates missed deadlines, re-publishes the outbox, erases expired cases',
      environment: {
        STUCK_AFTER_SECONDS: String(config.sweeper.stuckAfterSeconds),
        RETENTION_DAYS: String(config.retentionDays),
        OPEN_CASE_RETENTION_DAYS: String(config.openCaseRetentionDays),
      },
    })
      .bindTable(table, ['read', 'put', 'update'], { indexNames: [gsi2.indexName] })
      // Retention erases a case's personal items (DeleteItem); it never reads them (nor sets their expiry: the office's
      // close does).
      .bindTable(personalTable, ['delete'], personal)
      .bindQueueSender(routingQueue)
      .bindQueueSender(notificationQueue, notificationQueueVariable);
    sweeper.bindSchedule(Schedule.rate(config.sweeper.schedule));
    // Delivers domain events to office webhooks. It reads case and catalogue only; the queue URL is for its own
    // ChangeMessageVisibility backoff. The deployment's webhook secret: the notifier alone reads it, and derives each
    // office's signing secret from it.
    const notifier = serviceFunction('Notifier', 'notifier', {
      description: 'Notification queue consumer: signed, id-only webhook POSTs to the offices',
    })
      .bindTable(table, ['read'])
      .bindQueueConsumer(notificationQueue, {
        batchSize: FUNCTION_SETTINGS.notifier.batchSize,
        environmentVariable: notificationQueueVariable,
      })
      .bindSecret(stateful.webhookSecret, 'WEBHOOK_SECRET_ARN');
    // Catalogue management, imports and the coverage report. Imports write in BatchWriteItem chunks; the only index
    // it reads is the office inbox (GSI1), to refuse deleting an office that still has open cases.
    // Accounts and clients: exactly the user-pool actions of inviting, disabling, enabling and deleting people and of
    // registering and deleting systems' clients, on this pool only.
    const coordinator = serviceFunction('Coordinator', 'coordinator', {
      description: 'Catalogue CRUD, catalogue import/export (incl. HSDS), coverage report, accounts and clients',
      environment: { REPORTING_PERIOD: config.reportingPeriod },
    })
      .bindTable(table, ['read', 'conditionCheck', 'put', 'update', 'delete', 'batchWrite'], {
        indexNames: [gsi1.indexName],
      })
      .bindUserPool(stateful.auth.userPool, COORDINATOR_USER_POOL_ACTIONS);
    this.functions = { intake, referrer, office, router, sweeper, notifier, coordinator };

    this.api = new ServiceHttpApi(this, 'Api', {
      apiName: `${config.prefix}-api`,
      userPool: stateful.auth.userPool,
      userPoolClients: [stateful.auth.webClient],
      userPoolRegion: stateful.region,
      throttle: config.apiThrottle,
      logRetention: config.logRetention,
      logEncryptionKey: key,
      removalPolicy: config.removalPolicy,
    });
    // Every route of the table and no other: its function, and the scopes of the roles it admits (any one suffices).
    // The functions bind the principal and narrow further (an office to its own cases).
    const routeTargets: Record<HttpFunctionName, ServiceFunction> = { intake, referrer, office, coordinator };
    for (const route of routeList()) {
      this.api.addRoute({
        method: route.method,
        path: route.path,
        target: routeTargets[route.function],
        scopes: route.roles.map(scopeOf),
      });
    }

    // The authorizer accepts the web app's client and, added at run time, every registered system's client: the
    // coordinator sets the audience as it registers and deletes clients, the sweeper reconciles it every run.
    const audience = this.api.audienceTarget(
      `https://cognito-idp.${stateful.region}.amazonaws.com/${stateful.auth.userPool.userPoolId}`,
      [stateful.auth.webClient.userPoolClientId],
    );
    coordinator.bindApiAudience(audience);
    sweeper.bindApiAudience(audience);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });

    // The web app on its own nested stack: its deployment runs CDK's helper functions (the copier of the bucket
    // deployment, the dev bucket's emptier), which are not project functions; the local runtime runs every function
    // of the top-level templates and serves the app itself, so it leaves this stack alone.
    this.webApp = new WebApp(new NestedStack(this, 'Web', { description: 'Lotse web app hosting' }), 'App', {
      api: this.api.api,
      userPool: stateful.auth.userPool,
      userPoolDomain: stateful.auth.domain,
      webClient: stateful.auth.webClient,
      municipalityName: config.displayName,
      webAclArn: props.webAclArn,
      removalPolicy: config.removalPolicy,
      logRetention: config.logRetention,
      logEncryptionKey: key,
    });
    new CfnOutput(this, 'WebAppUrl', {
      value: this.webApp.url,
      description: 'The web app; sign-in returns here only if it is the webAppOrigin of the deployment context',
    });
  }
}
