import { chunk, mapBounded } from '../../../domain/batches';

describe('batches', () => {
  it('chunks into consecutive batches and refuses a size that is not a positive integer', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow('batch size must be a positive integer, got 0');
    expect(() => chunk([1], 1.5)).toThrow('batch size must be a positive integer, got 1.5');
  });

  it('maps with at most `limit` calls in flight, results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([50, 10, 30, 0, 20, 5, 40], 3, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    expect(results).toEqual(['0:50', '1:10', '2:30', '3:0', '4:20', '5:5', '6:40']);
    expect(most).toBe(3);
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    expect(await mapBounded([1, 2], 0, async (x) => x * 2)).toEqual([2, 4]); // a limit below 1 still makes progress
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapBounded([1, 2, 3], 2, async (x) => {
        if (x === 2) throw new Error('ticket 2 failed');
        return x;
      }),
    ).rejects.toThrow('ticket 2 failed');
  });
});
