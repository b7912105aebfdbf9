// The template reader and the edge stack's WAF web ACL: a local runtime has no WAF, so the reader names the web ACL
// as deliberately not reproduced and runs everything else of the assembly exactly as without it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOT_REPRODUCED_LOCALLY, readAppModel } from '#infra/local/app-model.ts';
import { readCloudAssembly, type StackTemplate } from '#infra/local/cloud-assembly.ts';

const ASSEMBLY = path.resolve(import.meta.dirname, 'fixtures', 'assembly');
const bindings = {
  region: 'eu-central-1',
  accountId: '000000000000',
  queueUrl: (name: string) => `http://127.0.0.1:9324/000000000000/${name}`,
  apiUrl: 'http://127.0.0.1:3000',
};

/** The edge stack as infra/stacks/edge-stack.ts synthesizes it: the web ACL and the output the distribution reads. */
const edgeStack: StackTemplate = {
  stackName: 'Test-Edge',
  directory: ASSEMBLY,
  template: {
    Resources: {
      FirewallWebAcl5A849C4E: {
        Type: 'AWS::WAFv2::WebACL',
        Properties: {
          Scope: 'CLOUDFRONT',
          DefaultAction: { Allow: {} },
          Rules: [{ Name: 'ApiWritesPerAddress', Statement: { RateBasedStatement: { AggregateKeyType: 'IP' } } }],
        },
      },
    },
    Outputs: { WebAclArn: { Value: { 'Fn::GetAtt': ['FirewallWebAcl5A849C4E', 'Arn'] } } },
  },
};

describe('the WAF web ACL in the local runtime', () => {
  it('is named as not reproduced, with its stack and the reason', () => {
    const model = readAppModel([...readCloudAssembly(ASSEMBLY), edgeStack], bindings);

    expect(model.notReproduced).toEqual([
      {
        stackName: 'Test-Edge',
        logicalId: 'FirewallWebAcl5A849C4E',
        kind: 'AWS::WAFv2::WebACL',
        reason: NOT_REPRODUCED_LOCALLY['AWS::WAFv2::WebACL'],
      },
    ]);
    expect(model.notReproduced[0]?.reason).toMatch(/no WAF/);
  });

  it('changes nothing else the runtime runs', () => {
    const { notReproduced: without, ...withoutEdge } = readAppModel(readCloudAssembly(ASSEMBLY), bindings);
    const { notReproduced, ...withEdge } = readAppModel([...readCloudAssembly(ASSEMBLY), edgeStack], bindings);

    expect(without).toEqual([]);
    expect(notReproduced).toHaveLength(1);
    expect(withEdge).toEqual(withoutEdge);
    expect(withEdge.functions.length).toBeGreaterThan(0);
  });
});
