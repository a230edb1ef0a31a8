/**
 * How many units of work (here: a stored chunk read and handed to its socket) may start between two turns of the
 * event loop, shared by every caller. Without it 50 fast downloads each took a chunk per turn, 50 × 256 KB of
 * reads, copies and socket writes before any other request was looked at (bench/downloads.bench.ts).
 *
 * A turn is the stretch between two runs of the budget's own `setImmediate` callback (the loop's check phase): at
 * most `perTurn` units are granted in it, first come first served. A caller asks once per unit and holds nothing
 * afterwards, so a download waiting for its socket to drain takes no place from the others: it asks again only
 * when it has something to send.
 */
export class TurnBudget {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  private isTurnScheduled = false;

  constructor(
    readonly perTurn: number,
    /** Runs the next turn; `setImmediate` outside tests. */
    private readonly nextTurn: (run: () => void) => void = (run) => setImmediate(run),
  ) {
    if (!Number.isInteger(perTurn) || perTurn < 1)
      throw new RangeError(`perTurn must be a positive integer: ${perTurn}`);
  }

  /** Resolves when one unit may run: at once while this turn has room and nobody waits, else in a later turn. */
  take(): Promise<void> {
    this.scheduleTurn();
    if (this.used < this.perTurn && this.waiting.length === 0) {
      this.used += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** How many callers wait for a later turn. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private scheduleTurn(): void {
    if (this.isTurnScheduled) return;
    this.isTurnScheduled = true;
    this.nextTurn(() => this.startTurn());
  }

  private startTurn(): void {
    this.isTurnScheduled = false;
    const granted = this.waiting.splice(0, this.perTurn);
    // Units granted now run in this callback's microtasks; they count against the turn that starts here.
    this.used = granted.length;
    if (this.used > 0) this.scheduleTurn();
    for (const resume of granted) resume();
  }
}
