export type { Answer, AnswerKind, Value } from "./value";
export { formatValue, numbersOf, sameValue } from "./value";
export type { Checkpoint, Trace } from "./trace";
export {
  applicableMisconceptions,
  carriedCheckpoint,
  checkpointAt,
  misconceptionApplies,
  mutantCheckpoint,
  programOf,
  resolveRef,
  traceLesson,
  traceMutant,
} from "./trace";
export type { LinearMse, LossPoint, PathPoint, Picture, PicturePath, Range, RevealMark } from "./picture";
export { linearMse, markOf, parseParamRef, pictureAt, pictureProblem, rangeOf, surfaceGrid, surfaceMinimum } from "./picture";
