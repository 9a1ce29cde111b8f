import type { Lesson } from "../types";
import { accumulationLesson } from "./accumulation";
import { momentumLesson } from "./momentum";
import { networkLesson } from "./network";
import { seedLesson } from "./seed";
import { trapsLesson } from "./traps";

export { accumulationLesson, momentumLesson, networkLesson, seedLesson, trapsLesson };

/** The built-in lessons, seed first. */
export const lessons: Lesson[] = [seedLesson, accumulationLesson, momentumLesson, trapsLesson, networkLesson];

export function getLesson(id: string): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}
