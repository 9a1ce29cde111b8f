/**
 * CSV exports through Papa Parse's `unparse`, streamed in chunks. Cells that a spreadsheet would run as a formula (starting with
 * =, +, -, @, a tab or a carriage return) are neutralised with a leading apostrophe (OWASP, CSV injection);
 * plain numbers such as -40 are left as numbers.
 */
import Papa from "papaparse";
import { formatValue, type Answer, type Grade, type Value } from "@descent/autograd";
import type { Db } from "../db.ts";
import type { LessonCatalog } from "../session/lesson-runtime.ts";
import { iso, queryAnswers } from "./data.ts";
import type { StudentStats } from "./stats.ts";

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function neutralise(cell: string): string {
  if (NUMBER.test(cell)) return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function answerText(a: Answer): string {
  switch (a.kind) {
    case "number":
      return String(a.value);
    case "vector":
      return `[${a.value.join(", ")}]`;
    case "none":
      return "None";
    case "error":
      return "raises an error";
  }
}

export const ANSWER_COLUMNS = [
  "session",
  "started_at",
  "lesson",
  "question",
  "checkpoint",
  "quantity",
  "student",
  "answer",
  "truth",
  "outcome",
  "misconceptions",
  "confidence",
  "submitted_at",
  "mode",
  "variant",
] as const;

/**
 * One row of cells per answer, straight from the stored rows (a term's export is 100,000+ rows): what an answer
 * shares with the others of its question is formatted once.
 */
export async function answerRecords(db: Db, catalog: LessonCatalog, where: Parameters<typeof queryAnswers>[2]): Promise<string[][]> {
  const { raw, describe } = await queryAnswers(db, catalog, where);
  const shared = new Map<string, string[]>();
  const grades = new Map<string, [string, string]>();
  return raw.map((a) => {
    const key = `${a.sessionId}\u0000${a.questionId}`;
    let head = shared.get(key);
    if (!head) {
      const q = describe(a.lessonId, a.questionId);
      head = [a.sessionId, iso(a.createdAt), q.title, a.questionId.replace(/@\d+$/, ""), q.checkpoint, q.quantity].map(neutralise);
      head.push(neutralise(q.truth ? formatValue(q.truth) : ""));
      shared.set(key, head);
    }
    // A self-paced answer's truth is its own variant's (stored with it): never shared with other students' rows.
    const truth = a.truth ? neutralise(formatValue(JSON.parse(a.truth) as Value)) : head[6]!;
    let g = a.grade ? grades.get(a.grade) : undefined;
    if (!g) {
      const grade = a.grade ? (JSON.parse(a.grade) as Grade) : null;
      g = [grade?.outcome ?? "not graded", grade?.outcome === "misconception" ? grade.ids.join(" ") : ""];
      if (a.grade) grades.set(a.grade, g);
    }
    return [
      head[0]!,
      head[1]!,
      head[2]!,
      head[3]!,
      head[4]!,
      head[5]!,
      neutralise(a.identifier ?? a.nickname),
      neutralise(answerText(JSON.parse(a.answer) as Answer)),
      truth,
      g[0],
      g[1],
      a.confidence ?? "",
      iso(a.submittedAt),
      a.mode,
      a.variant === null ? "" : String(a.variant),
    ];
  });
}

export const STUDENT_COLUMNS = ["student", "answered", "correct", "accuracy", "bugs", "slips", "sessions"] as const;

export function studentRecord(s: StudentStats, label: string): string[] {
  return [label, String(s.answered), String(s.correct), s.accuracy.toFixed(3), s.bugs.join(" "), s.slips.join(" "), String(s.sessions)].map(neutralise);
}

/** Records per chunk of the stream: large enough to be cheap, small enough to start the download at once. */
const CHUNK = 2_000;

/** A streamed CSV response (UTF-8, header row first), downloaded as `filename`. */
export function csvResponse(filename: string, columns: readonly string[], records: readonly string[][]): Response {
  let next = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === 0) controller.enqueue(encoder.encode(`${Papa.unparse([[...columns]])}\r\n`));
      if (next >= records.length) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(`${Papa.unparse(records.slice(next, next + CHUNK))}\r\n`));
      next += CHUNK;
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9_.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
