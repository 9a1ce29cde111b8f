/**
 * "@descent/autograd/schema": the zod schema of a lesson (its program and the header around it), and
 * `parseLesson`, which reads a lesson file, JSON, or a lesson stored in the statements format of earlier
 * versions, and explains every problem by its path. Kept out of the main entry so that the engine and the
 * brain stay free of dependencies; zod is a peer dependency needed only here.
 */
import { z } from "zod";
import { fromLegacyLesson, isLegacyLesson, legacyLessonSchema } from "./legacy";
import { readLessonFile } from "./lesson/file";
import type { Lesson } from "./lesson/types";
import { validateLesson, type LessonIssue } from "./lesson/validate";

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");
const line = z.number().int("a line is a whole number").positive("lines are counted from 1");
const pass = z.number().int("a pass is a whole number").positive("passes are counted from 1");
const quantity = z.string().min(1, "name a quantity, e.g. w.grad");
const lineRef = { line, pass: pass.optional(), quantity };

/** The shape of a lesson, without the checks of its meaning (`validateLesson`). */
const lessonShape = z.strictObject({
    id: z.string(),
    title: z.string().min(1, "a lesson needs a title").max(200),
    summary: z.string().max(4000),
    teacherNotes: z.string().max(8000),
    source: z.array(z.string()),
    sections: z.array(z.strictObject({ id: z.string(), label: z.string().min(1).max(200), line, pass: pass.optional() })).optional(),
    questions: z.array(z.strictObject(lineRef)).optional(),
    knownMistakes: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case letters, digits and -"),
          ...lineRef,
          value: finite(),
          title: z.string().min(1).max(120),
          explanation: z.string().min(1).max(1000),
        }),
      )
      .optional(),
    copies: z.array(z.strictObject({ line, from: z.strictObject(lineRef) })).optional(),
    vary: z.array(z.string()).optional(),
    dtype: z.enum(["float64", "float32"]).optional(),
    picture: z.strictObject({ params: z.tuple([z.string().min(1).max(60), z.string().min(1).max(60)]) }).optional(),
  });

export const lessonSchema = lessonShape.superRefine((lesson, ctx) => {
  for (const issue of validateLesson(lesson)) {
    ctx.addIssue({ code: "custom", message: issue.message, path: splitPath(issue.path) });
  }
});

// The schema's output type is exactly the Lesson type: a compile error here means they drifted apart.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesLesson: Equals<z.output<typeof lessonSchema>, Lesson> = true;
void schemaMatchesLesson;

function splitPath(path: string): (string | number)[] {
  if (path === "") return [];
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p.length > 0)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** `["iterations", 1, "statements", 3, "op"]` -> `"iterations[1].statements[3].op"`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

export type ParseLessonResult = { ok: true; lesson: Lesson } | { ok: false; errors: LessonIssue[] };

/**
 * Parses a lesson from a lesson file's text ("# ---" header, then the program), from JSON text, or from an
 * already parsed value; a lesson in the statements format of earlier versions is converted to its program.
 * Every problem is reported with its path ("" for the lesson itself), shape errors first; the program and the
 * lines fields name are checked only once the shape is right.
 */
export function parseLesson(input: unknown): ParseLessonResult {
  let data = input;
  if (typeof input === "string" && input.trimStart().startsWith("#")) {
    const file = readLessonFile(input);
    if (!file.ok) return file;
    data = file.lesson;
  } else if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [{ path: "", message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  if (isLegacyLesson(data)) {
    const legacy = legacyLessonSchema.safeParse(data);
    if (!legacy.success) return { ok: false, errors: legacy.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
    try {
      data = fromLegacyLesson(legacy.data);
    } catch (e) {
      return { ok: false, errors: [{ path: "", message: (e as Error).message }] };
    }
  }
  // The shape first: the meaning of a lesson whose shape is wrong would only repeat its errors.
  const shape = lessonShape.safeParse(data);
  if (!shape.success) return { ok: false, errors: shape.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const result = lessonSchema.safeParse(data);
  if (result.success) return { ok: true, lesson: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  };
}

export type { LessonIssue };
export { lessonFile, readLessonFile, type LessonFileIssue } from "./lesson/file";
