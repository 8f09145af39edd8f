import { describe, expect, it } from 'vitest';
import { timePairs, timeRounds } from '../../src/scale-support';

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
