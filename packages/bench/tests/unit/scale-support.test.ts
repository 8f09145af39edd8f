import { describe, expect, it } from 'vitest';
import { roundOrder, timePairs, timeRounds } from '../../src/scale-support';

describe('the order of the sides in a round', () => {
  it('puts every side first, and in every place, equally often over 2·n rounds, for 2 to 5 sides', () => {
    for (let n = 2; n <= 5; n++) {
      const places = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      for (let i = 0; i < 4 * n; i++) {
        const order = roundOrder(i, n);
        expect([...order].sort()).toEqual(Array.from({ length: n }, (_, k) => k));
        order.forEach((side, place) => {
          (places[side] as number[])[place] = ((places[side] as number[])[place] as number) + 1;
        });
      }
      // 4·n rounds: each side in each place 4 times.
      expect(places).toEqual(Array.from({ length: n }, () => new Array<number>(n).fill(4)));
    }
  });

  it('alternates two sides, so the handler does not always go before its raw calls', () => {
    expect([0, 1, 2, 3].map((i) => roundOrder(i, 2))).toEqual([
      [0, 1],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('timing calls in rounds', () => {
  it('times every call once a round after a warm-up, each in every place in turn', async () => {
    // Arrange
    const order: number[] = [];
    const calls = [0, 1, 2, 3].map((k) => async () => {
      order.push(k);
    });

    // Act
    const times = await timeRounds(calls, 40);

    // Assess: 40 timed rounds each (after min(20, 40/5) = 8 warm-up rounds)
    expect(times.map((t) => t.length)).toEqual([40, 40, 40, 40]);
    expect(order).toHaveLength(4 * 48);
    const firsts = new Map<number, number>();
    for (let round = 0; round < 48; round++) {
      const first = order[4 * round] as number;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    // No call always goes first: each leads a quarter of the rounds.
    expect([...firsts.values()]).toEqual([12, 12, 12, 12]);
  });

  it('times two calls in pairs, alternating which goes first', async () => {
    // Arrange
    const order: string[] = [];

    // Act
    const { first, second } = await timePairs(
      async () => order.push('a'),
      async () => order.push('b'),
      10,
    );

    // Assess
    expect(first).toHaveLength(10);
    expect(second).toHaveLength(10);
    expect(order.slice(0, 4)).toEqual(['a', 'b', 'b', 'a']);
  });
});
