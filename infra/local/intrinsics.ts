// Resolves the CloudFormation intrinsic functions the stacks' templates use (Ref, Fn::GetAtt, Fn::Join,
// Fn::ImportValue) against local stand-ins for cloud resources; any other is refused by name.
import { createHash } from 'node:crypto';
import { isRecord } from '#domain/json-value.ts';
import type { CfnResource, StackTemplate } from './cloud-assembly.ts';

/** Where the local copies of cloud resources live; every cloud name, ARN and URL is derived from these. */
export type LocalBindings = {
  readonly region: string;
  readonly accountId: string;
  /** The URL a local client uses for the queue with this (local) name. */
  readonly queueUrl: (queueName: string) => string;
  /** The local gateway's base URL, for an HTTP API's `ApiEndpoint`. */
  readonly apiUrl: string;
};

/** What a resource is called locally, and how `Ref` and `Fn::GetAtt` on it resolve. */
export type LocalIdentity = {
  readonly name: string;
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
};

export class UnresolvableIntrinsic extends Error {
  override readonly name = 'UnresolvableIntrinsic';
}

/**
 * The tag that names a project function (the key infra/constructs/service-function.ts tags with; not imported from
 * there because that module loads the CDK library into the process that serves requests).
 */
const FUNCTION_TAG = 'lotse:function';

export function functionShortName(resource: CfnResource): string | undefined {
  const tags = resource.Properties?.Tags;
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((candidate) => isRecord(candidate) && candidate.Key === FUNCTION_TAG);
  return isRecord(tag) && typeof tag.Value === 'string' ? tag.Value : undefined;
}

/**
 * Local names: a function's tag value, else the logical id (unique across the assembly; on a clash the stack name is
 * prefixed). The stacks give their resources no physical names.
 */
function localNames(stacks: readonly StackTemplate[]): Map<string, string> {
  const candidates: [string, string][] = [];
  const taken = new Map<string, number>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const chosen = (resource.Type === 'AWS::Lambda::Function' ? functionShortName(resource) : undefined) ?? logicalId;
      candidates.push([`${stack.stackName}/${logicalId}`, chosen]);
      taken.set(chosen, (taken.get(chosen) ?? 0) + 1);
    }
  }
  const names = new Map<string, string>();
  for (const [key, chosen] of candidates) {
    const stackName = key.slice(0, key.indexOf('/'));
    names.set(key, (taken.get(chosen) ?? 0) > 1 ? `${stackName}-${chosen}` : chosen);
  }
  return names;
}

function identityOf(resource: CfnResource, logicalId: string, name: string, bindings: LocalBindings): LocalIdentity {
  const arn = (service: string, rest: string) => `arn:aws:${service}:${bindings.region}:${bindings.accountId}:${rest}`;
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table':
      return { name, ref: name, attributes: { Arn: arn('dynamodb', `table/${name}`) } };
    case 'AWS::SQS::Queue':
      return { name, ref: bindings.queueUrl(name), attributes: { Arn: arn('sqs', name) } };
    case 'AWS::Lambda::Function':
      return { name, ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
    case 'AWS::Events::Rule':
      return { name, ref: name, attributes: { Arn: arn('events', `rule/${name}`) } };
    case 'AWS::Cognito::UserPool': {
      // Cognito's pool ids are `<region>_<letters and digits>`; a logical id is letters and digits.
      const id = `${bindings.region}_${logicalId}`;
      return {
        name,
        ref: id,
        attributes: {
          Arn: arn('cognito-idp', `userpool/${id}`),
          UserPoolId: id,
          ProviderName: `cognito-idp.${bindings.region}.amazonaws.com/${id}`,
          ProviderURL: `https://cognito-idp.${bindings.region}.amazonaws.com/${id}`,
        },
      };
    }
    case 'AWS::Cognito::UserPoolResourceServer':
    case 'AWS::Cognito::UserPoolGroup': {
      // Ref gives the resource server's identifier (the scopes' prefix) and the group's name.
      const own = resource.Type === 'AWS::Cognito::UserPoolGroup' ? 'GroupName' : 'Identifier';
      const value = resource.Properties?.[own];
      return { name, ref: typeof value === 'string' ? value : logicalId, attributes: {} };
    }
    case 'AWS::Cognito::UserPoolClient':
      // The JWT authorizer's audiences: the local issuer mints tokens for these client ids.
      return { name, ref: `local-${logicalId}`, attributes: {} };
    case 'AWS::SecretsManager::Secret': {
      // Ref gives the full ARN, whose name Secrets Manager ends with a dash and six random characters; locally they are
      // derived from the name, so that the function's variable and the local Secrets Manager agree without talking.
      const secretArn = arn('secretsmanager', `secret:${name}-${localSecretSuffix(name)}`);
      return { name, ref: secretArn, attributes: { Id: secretArn } };
    }
    case 'AWS::ApiGatewayV2::Api':
      return { name, ref: name, attributes: { ApiEndpoint: bindings.apiUrl } };
    default:
      return { name, ref: logicalId, attributes: {} };
  }
}

const SECRET_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Six letters and digits, the same for the same name (the cloud's are random). */
function localSecretSuffix(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  return [...digest.subarray(0, 6)]
    .map((byte) => SECRET_SUFFIX_ALPHABET[byte % SECRET_SUFFIX_ALPHABET.length])
    .join('');
}

/** Resolves intrinsic functions of any stack of one assembly, following `Fn::ImportValue` to the exporting stack. */
export class IntrinsicResolver {
  readonly #stacks: Map<string, StackTemplate>;
  readonly #bindings: LocalBindings;
  readonly #names: Map<string, string>;
  readonly #exports = new Map<string, { stackName: string; value: unknown }>();

  constructor(stacks: readonly StackTemplate[], bindings: LocalBindings) {
    this.#stacks = new Map(stacks.map((stack) => [stack.stackName, stack]));
    this.#bindings = bindings;
    this.#names = localNames(stacks);
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const exportName = this.resolveString(stack.stackName, output.Export.Name);
        this.#exports.set(exportName, { stackName: stack.stackName, value: output.Value });
      }
    }
  }

  identity(stackName: string, logicalId: string): LocalIdentity {
    const resource = this.#stacks.get(stackName)?.template.Resources?.[logicalId];
    if (resource === undefined) throw new UnresolvableIntrinsic(`${stackName}: no resource ${logicalId}`);
    const name = this.#names.get(`${stackName}/${logicalId}`) ?? logicalId;
    return identityOf(resource, logicalId, name, this.#bindings);
  }

  /** Resolves a property value; throws UnresolvableIntrinsic for what it cannot resolve. */
  resolve(stackName: string, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(stackName, item));
    if (!isRecord(value)) return value;
    const [fn, ...others] = Object.keys(value);
    if (fn !== undefined && others.length === 0 && (fn === 'Ref' || fn.startsWith('Fn::'))) {
      return this.#intrinsic(stackName, fn, value[fn]);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(stackName, item)]));
  }

  /** Resolves a value that must end up a string (numbers and booleans are stringified as CloudFormation does). */
  resolveString(stackName: string, value: unknown): string {
    const resolved = this.resolve(stackName, value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new UnresolvableIntrinsic(`${stackName}: expected a string, got ${JSON.stringify(resolved)}`);
  }

  #intrinsic(stackName: string, fn: string, args: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return this.identity(stackName, String(args)).ref;
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(args) ? args.map(String) : [];
        const value = this.identity(stackName, String(logicalId)).attributes[String(attribute)];
        if (value === undefined) {
          throw new UnresolvableIntrinsic(`${stackName}: no local value for ${logicalId}.${attribute}`);
        }
        return value;
      }
      case 'Fn::Join': {
        const [separator, parts] = Array.isArray(args) ? args : [];
        const resolved = this.resolve(stackName, parts);
        if (!Array.isArray(resolved)) throw new UnresolvableIntrinsic(`${stackName}: Fn::Join needs a list`);
        return resolved.map((part) => String(part)).join(String(separator));
      }
      case 'Fn::ImportValue': {
        const name = this.resolveString(stackName, args);
        const exported = this.#exports.get(name);
        if (exported === undefined) throw new UnresolvableIntrinsic(`${stackName}: no stack exports ${name}`);
        return this.resolve(exported.stackName, exported.value);
      }
      default:
        throw new UnresolvableIntrinsic(`${stackName}: ${fn} is not supported locally`);
    }
  }
}
