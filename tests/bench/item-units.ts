// DynamoDB's write units for the base-table part of a transaction, item by item. DynamoDB Local reports a
// TransactWriteItems' table capacity from the summed size of the items it writes to a table (seven small items of a
// transaction come to 4 units), while DynamoDB rounds each item up to whole kilobytes and counts two units per
// kilobyte in a transaction — so the cost section recomputes that part from the items' sizes before and after.

/** An item in DynamoDB's JSON wire format (`{ "pk": { "S": "…" } }`). */
export type WireItem = Record<string, WireValue>;
type WireValue = { [type: string]: unknown };

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: about one byte per two significant digits, plus one (DynamoDB's documented rule). */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(value: WireValue): number {
  const [type, content] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return numberSize(String(content));
    case 'B':
      return content instanceof Uint8Array ? content.length : Buffer.from(String(content), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (content as string[]).reduce((size, entry) => size + utf8(entry), 0);
    case 'NS':
      return (content as string[]).reduce((size, entry) => size + numberSize(entry), 0);
    case 'BS':
      return (content as string[]).reduce((size, entry) => size + Buffer.from(entry, 'base64').length, 0);
    case 'L':
      return 3 + (content as WireValue[]).reduce((size, entry) => size + 1 + valueSize(entry), 0);
    case 'M':
      return (
        3 +
        Object.entries(content as WireItem).reduce((size, [name, entry]) => size + 1 + utf8(name) + valueSize(entry), 0)
      );
    default:
      throw new Error(`unknown DynamoDB attribute type ${type}`);
  }
}

/** An item's size in bytes as DynamoDB counts it: attribute names and values. */
export function itemSize(item: WireItem | undefined): number {
  if (item === undefined) return 0;
  return Object.entries(item).reduce((size, [name, value]) => size + utf8(name) + valueSize(value), 0);
}

/** Write units of one item written in a transaction: two per started kilobyte of the larger of before and after. */
export function transactionalItemUnits(before: WireItem | undefined, after: WireItem | undefined): number {
  return 2 * Math.max(1, Math.ceil(Math.max(itemSize(before), itemSize(after)) / 1024));
}
