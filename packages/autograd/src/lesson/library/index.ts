import type { Lesson } from "../types";
import { lessonFiles } from "./files";

/** The order of the library: the seed first. */
const ORDER = ["seed-zero-grad", "grad-accumulation", "sgd-momentum", "autograd-traps", "two-layer-sigmoid"];

function load(id: string): Lesson {
  const lesson = lessonFiles[`${id}.py`];
  if (lesson === undefined) throw new Error(`no lesson file ${id}.py`);
  return lesson;
}

/** The built-in lessons (lessons/*.py), seed first. */
export const lessons: Lesson[] = ORDER.map(load);

export const [seedLesson, accumulationLesson, momentumLesson, trapsLesson, networkLesson] = lessons as [Lesson, Lesson, Lesson, Lesson, Lesson];

export function getLesson(id: string): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}
