/**
 * The spend cap of an eval run (`max-cost-usd`). A request may start only while the money spent,
 * plus the expected cost of the requests in flight and of this one, stays within the cap; the
 * expected cost of a request is the mean of those finished so far (0 before the first). Once the
 * spend reaches the cap, nothing more starts. Requests already in flight still finish, so the
 * spend can pass the cap by at most the requests in flight; the report shows the real spend.
 */
export class SpendCap {
  private spent = 0;
  private finished = 0;
  private inFlight = 0;

  /** `capUsd` undefined: no cap (every start is allowed, spend is still summed). */
  constructor(readonly capUsd: number | undefined) {}

  /** True, and counts the request as in flight, when it may start; false when the cap stops it. */
  tryStart(): boolean {
    if (this.capUsd !== undefined) {
      const mean = this.finished === 0 ? 0 : this.spent / this.finished;
      if (this.spent >= this.capUsd || this.spent + (this.inFlight + 1) * mean > this.capUsd) {
        return false;
      }
    }
    this.inFlight++;
    return true;
  }

  /** Records a started request's cost; undefined when it failed before costing anything. */
  finish(costUsd: number | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (costUsd === undefined) return;
    this.spent += costUsd;
    this.finished++;
  }

  /** The USD spent on finished requests. */
  get spentUsd(): number {
    return this.spent;
  }

  /** True once the spend has reached the cap. */
  get reached(): boolean {
    return this.capUsd !== undefined && this.spent >= this.capUsd;
  }
}
