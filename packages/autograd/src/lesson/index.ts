export type { Copy, KnownMistake, Lesson, LineRef, QuestionRef, Section } from "./types";
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
