import { describe, expect, it } from 'vitest';
import { placeGpus } from './place-gpus.ts';

const nodes = (...free: number[]) => free.map((f, i) => ({ nodeId: `n${i}`, free: f }));

describe('placeGpus', () => {
  it('fewest nodes, the last share on the tightest fit; ties to the node listed first', () => {
    // free GPUs per node | wanted | shares
    const table: [number[], number, [string, number][] | null][] = [
      [[8, 8, 4], 8, [['n0', 8]]],
      [[8, 8, 4], 4, [['n2', 4]]],
      [[8, 8, 4], 3, [['n2', 3]]],
      [[8, 5, 8], 5, [['n1', 5]]],
      [
        [8, 8, 4],
        16,
        [
          ['n0', 8],
          ['n1', 8],
        ],
      ],
      [
        [8, 8, 4],
        12,
        [
          ['n0', 8],
          ['n2', 4],
        ],
      ],
      [
        [8, 8, 4],
        10,
        [
          ['n0', 8],
          ['n2', 2],
        ],
      ],
      [
        [2, 8, 3],
        11,
        [
          ['n1', 8],
          ['n2', 3],
        ],
      ],
      [[0, 8, 4], 20, null],
      [[8, 8, 4], 21, null],
    ];
    for (const [free, wanted, shares] of table) {
      const placed = placeGpus(nodes(...free), wanted);
      expect({ free, wanted, shares: placed?.map((s) => [s.nodeId, s.gpus]) ?? null }).toEqual({
        free,
        wanted,
        shares,
      });
    }
  });
});
