// A meter of the arithmetic the engine does, so that a caller can bound the real cost of running untrusted
// programs (a teacher's lesson): every new tensor charges its number of elements, a matrix product its
// multiply-adds. Outside `withWorkLimit` nothing is limited.

/** Thrown when a computation needs more work than `withWorkLimit` allows. Not a PyTorch error. */
export class WorkLimitExceeded extends Error {
  override name = "WorkLimitExceeded";
  constructor(readonly limit: number) {
    super(`needs more than ${limit.toLocaleString("en-US")} units of work`);
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
