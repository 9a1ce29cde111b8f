export type { Answer, AnswerKind, Value } from "./value";
export { formatValue, numbersOf, sameValue } from "./value";
export type { Rules } from "./rules";
export type { Checkpoint, Trace } from "./runner";
export { traceLesson, traceMutant, mutantCheckpoint } from "./trace";
export { RULE_OPS, rulesTouch } from "./rules";
