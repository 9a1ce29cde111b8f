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
export type { LinearMse, LossPoint, PathPoint, Picture, PicturePath, Range, RevealMark } from "./picture-data";
export { linearMse, markOf, rangeOf, surfaceGrid, surfaceMinimum } from "./picture-data";
export { parseParamRef, pictureAt, pictureProblem } from "./picture";
