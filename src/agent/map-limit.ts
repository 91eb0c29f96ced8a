/**
 * Runs `work` over `items` with at most `limit` calls in flight and returns the results in the
 * items' order. `work` should not throw (wrap failures into its result); if it does, the first
 * rejection rejects the whole call once the calls in flight have settled.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, Math.floor(limit)), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
