// The municipality's districts (GET /v1/districts), read once per session: whether a postal code is served is
// checked before the journey goes on, so the Lotsin learns it at the field and not after sending.
import type { Api } from '../../api.ts';

type District = { readonly id: string; readonly name: string; readonly postalCodes: readonly string[] };

let districts: Promise<readonly District[] | undefined> | undefined;

/**
 * The district of a postal code; false when the municipality serves it nowhere; undefined when the districts cannot
 * be read right now (the API checks again on submission, so the journey goes on).
 */
export async function districtOf(api: Api, postalCode: string): Promise<District | false | undefined> {
  districts ??= api.get<{ items: District[] }>('/v1/districts').then(
    (answer) => answer.body.items,
    () => {
      districts = undefined;
      return undefined;
    },
  );
  const items = await districts;
  if (items === undefined) return undefined;
  return items.find((district) => district.postalCodes.includes(postalCode)) ?? false;
}
