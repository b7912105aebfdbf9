// The DynamoDB case and catalogue repositories and the identity registry held to the contracts their in-memory fakes meet in the unit tier
// (tests/unit/functions/fakes-contract.test.ts), on the real engine.
import { afterAll, beforeAll } from 'vitest';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { createIdentityRegistry } from '#adapters/identity-registry.ts';
import type { Offer } from '#domain/catalogue.ts';
import { caseRepositoryContract } from '../../contract/case-repository.contract.ts';
import { catalogueStoreContract } from '../../contract/catalogue-store.contract.ts';
import { identityRegistryContract } from '../../contract/identity-registry.contract.ts';
import { testCatalogue } from '../../unit/functions/fakes.ts';
import { type LocalTable, startLocalTable } from './local-table.ts';

let table: LocalTable | undefined;

beforeAll(async () => {
  table = await startLocalTable('lotse-contract-test');
}, 90_000);

afterAll(() => table?.stop());

function started(): LocalTable {
  if (!table) throw new Error('DynamoDB Local did not start');
  return table;
}

const catalogue = () => createCatalogueRepository({ client: started().client, tableName: started().tableName });

caseRepositoryContract('DynamoDB case repository', async () => ({
  cases: createCaseRepository({
    client: started().client,
    tableName: started().tableName,
    personalTableName: started().personalTableName,
  }),
  trackCapacity: async (offerId, available) => {
    const { capacity: _capacity, ...untracked } = testCatalogue().offers[0] as Offer;
    const entity = available === undefined ? untracked : { ...untracked, capacity: { available, maximum: 10 } };
    await catalogue().put({ kind: 'offer', entity: { ...entity, id: offerId } });
  },
  availableOf: async (offerId) => (await catalogue().get('offer', offerId))?.capacity?.available,
}));

catalogueStoreContract('DynamoDB catalogue repository', async () => catalogue());

identityRegistryContract('DynamoDB identity registry', async () =>
  createIdentityRegistry({ client: started().client, tableName: started().tableName }),
);
