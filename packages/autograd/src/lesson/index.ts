export type {
  Activation,
  Iteration,
  Lesson,
  LossSpec,
  OptimizerSpec,
  ParamSpec,
  QuestionRef,
  Reduction,
  Statement,
  StatementOp,
} from "./types";
export { checkpointPlaces, parseQuantity, statementLabel } from "./structure";
export type { CheckpointPlace } from "./structure";
export { validateLesson } from "./validate";
export type { LessonIssue } from "./validate";
export {
  lessons,
  getLesson,
  seedLesson,
  accumulationLesson,
  momentumLesson,
  trapsLesson,
  networkLesson,
} from "./library";
