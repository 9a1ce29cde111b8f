// A meter of the arithmetic the engine does, so that a caller can bound the real cost of running untrusted
// programs (a teacher's lesson): every new tensor charges its number of elements, a matrix product its
// multiply-adds. Outside `withWorkLimit` nothing is limited.

/** Thrown when a computation needs more work than `withWorkLimit` allows. Not a PyTorch error. */
export class WorkLimitExceeded extends Error {
  override name = "WorkLimitExceeded";
  /** The program's line that went over, once the interpreter running it knows (for a message naming it). */
  line: number | null = null;
  constructor(
    readonly limit: number,
    /** A fixed cap that was passed (printed output), phrased for the lesson's author; null for the work limit. */
    readonly reason: string | null = null,
  ) {
    super(reason ?? `needs more than ${limit.toLocaleString("en-US")} units of work`);
  }
}

let remaining = Number.POSITIVE_INFINITY;
let currentLimit = Number.POSITIVE_INFINITY;
let spent = 0;

/** @internal Charged by the engine's ops. */
export function chargeWork(units: number): void {
  spent += units;
  remaining -= units;
  if (remaining < 0) throw new WorkLimitExceeded(currentLimit);
}

/** @internal A fixed cap (not the work budget) was passed: refused like the budget, with what to change. */
export function exceedLimit(reason: string): never {
  throw new WorkLimitExceeded(currentLimit, reason);
}

/** Runs `fn` allowing at most `limit` units of work; nests (the inner limit applies inside). */
export function withWorkLimit<T>(limit: number, fn: () => T): T {
  const savedRemaining = remaining;
  const savedLimit = currentLimit;
  remaining = limit;
  currentLimit = limit;
  try {
    return fn();
  } finally {
    const used = limit - remaining;
    remaining = savedRemaining - used;
    currentLimit = savedLimit;
  }
}

/** Units of work spent since the process started (for measuring). */
export function workSpent(): number {
  return spent;
}
