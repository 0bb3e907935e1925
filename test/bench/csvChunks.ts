// Deterministic sales-like CSV text. Varied numbers and ids keep it compressing like real exports
// (about 3:1), not like one repeated line (1000:1), so inflating it costs what it really would.
const REGIONS = ['emea', 'amer', 'apac', 'latam', 'nordics', 'dach', 'benelux', 'anz'];
const PRODUCTS = ['widget', 'gadget', 'sprocket', 'gizmo', 'doohickey', 'thingamajig', 'whatsit', 'contraption'];
export const CSV_HEADER = 'date,region,product,customer_id,quantity,unit_price,total,order_ref\n';

/** Yields `totalBytes` bytes of CSV in chunks of about `chunkSize`, the same for the same seed. */
export function* csvChunks(totalBytes: number, seed = 7, chunkSize = 1 << 20): Generator<Buffer> {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  let left = totalBytes;
  let first = true;
  while (left > 0) {
    const rows: string[] = first ? [CSV_HEADER] : [];
    first = false;
    let length = rows.length ? CSV_HEADER.length : 0;
    const target = Math.min(chunkSize, left);
    while (length < target) {
      const r = next();
      const day = 1 + (r % 28);
      const month = 1 + ((r >>> 5) % 12);
      const quantity = 1 + ((r >>> 9) % 500);
      const cents = 100 + (next() % 99_900);
      const row = `2026-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day},${REGIONS[(r >>> 14) % 8]},${PRODUCTS[(r >>> 17) % 8]},C${(r >>> 20) % 100_000},${quantity},${(cents / 100).toFixed(2)},${((quantity * cents) / 100).toFixed(2)},ORD-${next().toString(36)}\n`;
      rows.push(row);
      length += row.length;
    }
    const chunk = Buffer.from(rows.join(''), 'latin1');
    const piece = chunk.length > left ? chunk.subarray(0, left) : chunk;
    left -= piece.length;
    yield piece;
  }
}
