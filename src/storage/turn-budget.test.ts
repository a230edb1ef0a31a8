import { describe, expect, it } from 'vitest';
import { TurnBudget } from './turn-budget.js';

/** Every microtask and every callback queued so far has run (a real turn of the loop). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Turns the test starts by hand, so that what runs in each one is counted exactly. */
function handTurns() {
  const scheduled: Array<() => void> = [];
  let turn = 0;
  return {
    nextTurn: (run: () => void) => {
      scheduled.push(run);
    },
    get turn() {
      return turn;
    },
    get isScheduled() {
      return scheduled.length > 0;
    },
    async run(): Promise<void> {
      turn += 1;
      for (const run of scheduled.splice(0)) run();
      await settle();
    },
  };
}

/** A download as the Node adapter drives one: a place in the turn, a chunk read, a write; on push-back, the drain. */
async function download(
  budget: TurnBudget,
  chunks: number,
  onRead: () => void,
  write: (seq: number) => Promise<void> | undefined,
): Promise<void> {
  for (let seq = 0; seq < chunks; seq += 1) {
    await budget.take();
    onRead();
    const drained = write(seq);
    if (drained) await drained;
  }
}

describe('the turn budget shared by every download', () => {
  it('lets 10 downloads read no more than 4 chunks in any turn, keeps every turn full, and takes them in turn', async () => {
    const turns = handTurns();
    const budget = new TurnBudget(4, turns.nextTurn);
    const readsByTurn = new Map<number, number>();
    const firstTurnOf = new Map<number, number>();
    const finished = Array.from({ length: 10 }, (_, stream) =>
      download(
        budget,
        5,
        () => {
          readsByTurn.set(turns.turn, (readsByTurn.get(turns.turn) ?? 0) + 1);
          if (!firstTurnOf.has(stream)) firstTurnOf.set(stream, turns.turn);
        },
        () => undefined,
      ),
    );
    await settle();
    for (let round = 0; round < 100 && turns.isScheduled; round += 1) await turns.run();
    await Promise.all(finished);

    const counts = [...readsByTurn.values()];
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(50);
    expect(Math.max(...counts)).toBe(4);
    // 50 chunks at 4 a turn: 13 turns, every one but the last full.
    expect(counts).toEqual([...Array(12).fill(4), 2]);
    // First come, first served: the 10 downloads all started within the first three turns.
    expect([...firstTurnOf.values()].sort()).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
  });

  it('gives no place to a download waiting for its socket to drain, and takes it back in once drained', async () => {
    const turns = handTurns();
    const budget = new TurnBudget(4, turns.nextTurn);
    const readsByTurn = new Map<number, number>();
    let slowReads = 0;
    let drain: (() => void) | undefined;
    const count = () => readsByTurn.set(turns.turn, (readsByTurn.get(turns.turn) ?? 0) + 1);
    // The slow client's socket pushes back after its first chunk, and drains only when the test says so.
    const slow = download(
      budget,
      3,
      () => {
        count();
        slowReads += 1;
      },
      (seq) =>
        seq === 0
          ? new Promise<void>((resolve) => {
              drain = resolve;
            })
          : undefined,
    );
    const fast = Array.from({ length: 6 }, () => download(budget, 20, count, () => undefined));
    await settle();
    expect(slowReads).toBe(1);

    for (let round = 0; round < 5; round += 1) await turns.run();
    // While it waits, the six others have the whole budget: 4 chunks in each turn, none for the slow one.
    expect(slowReads).toBe(1);
    for (let turn = 1; turn <= 5; turn += 1) expect(readsByTurn.get(turn)).toBe(4);
    expect(budget.waitingCount).toBe(6);

    drain?.();
    await settle();
    // Back in the queue behind the six that wait: read within the next two turns, not before its turn.
    expect(slowReads).toBe(1);
    await turns.run();
    await turns.run();
    expect(slowReads).toBe(2);
    for (let round = 0; round < 100 && turns.isScheduled; round += 1) await turns.run();
    await Promise.all([slow, ...fast]);
    expect(slowReads).toBe(3);
    expect(Math.max(...readsByTurn.values())).toBe(4);
  });

  it('lets a lone reader take up to 4 chunks at once before it waits for the next turn', async () => {
    const turns = handTurns();
    const budget = new TurnBudget(4, turns.nextTurn);
    let granted = 0;
    for (let index = 0; index < 6; index += 1) void budget.take().then(() => (granted += 1));
    await settle();
    expect(granted).toBe(4);
    expect(budget.waitingCount).toBe(2);
    await turns.run();
    expect(granted).toBe(6);
    // The turn that granted the last two counts them: of three more, two run at once and one waits.
    for (let index = 0; index < 3; index += 1) void budget.take().then(() => (granted += 1));
    await settle();
    expect(granted).toBe(8);
    expect(budget.waitingCount).toBe(1);
  });

  it('refuses a budget of no chunks', () => {
    expect(() => new TurnBudget(0)).toThrow(/positive integer/);
  });
});
