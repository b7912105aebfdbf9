// The in-memory fakes of the use-case tests held to the contracts the DynamoDB adapters meet on DynamoDB Local
// (tests/component/adapters/dynamodb-local-contract.test.ts).
import { caseRepositoryContract } from '../../contract/case-repository.contract.ts';
import { catalogueStoreContract } from '../../contract/catalogue-store.contract.ts';
import { identityRegistryContract } from '../../contract/identity-registry.contract.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
import { InMemoryCases } from './fakes.ts';
import { InMemoryIdentityRegistry } from './identity-fakes.ts';

caseRepositoryContract('InMemoryCases', async () => {
  const cases = new InMemoryCases();
  return {
    cases,
    trackCapacity: async (offerId, available) => {
      if (available === undefined) cases.capacity.delete(offerId);
      else cases.capacity.set(offerId, available);
    },
    availableOf: async (offerId) => cases.capacity.get(offerId),
  };
});

catalogueStoreContract('InMemoryCatalogueStore', async () => new InMemoryCatalogueStore());

identityRegistryContract('InMemoryIdentityRegistry', async () => new InMemoryIdentityRegistry());
