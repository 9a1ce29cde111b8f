export {
  grade,
  diagnosticPower,
  studentProfile,
  answerMatches,
  answerFor,
  indistinguishable,
  valueClusters,
  DEFAULT_TOLERANCE,
} from "./grade";
export type { AnswerKey, Grade, MutantValue, StudentProfile, Tolerance } from "./grade";
export { answerKey, questionAt, questionId, questionOf } from "./questions";
export type { Question } from "./questions";
export { defaultQuestions, suggestQuestions, lessonDiagnostics, diagnose, separation } from "./diagnostics";
export type { QuestionDiagnostics, Separation } from "./diagnostics";
export { concepts, conceptsOf, getConcept } from "./concepts";
export type { Concept, ConceptId } from "./concepts";
