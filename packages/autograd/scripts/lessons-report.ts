/**
 * `npm run lessons:report [-- --json] [-- --all] [-- --lesson <id>]`
 *
 * For every built-in lesson and question: the true value, each misconception's value (on this line alone,
 * and carried from the start when that differs) and the question's diagnostic power, plus which
 * misconceptions the lesson's default questions detect and which pairs they cannot tell apart. Used to
 * choose the default questions. Without --all, only the questions worth asking are listed: a quantity the
 * line is about (its result, the gradients of a backward, the parameters of an update) that some
 * misconception gets wrong.
 */
import { pathToFileURL } from "node:url";
import {
  DEFAULT_TOLERANCE,
  defaultQuestions,
  formatValue,
  lessonDiagnostics,
  lessons as builtIn,
  misconceptions,
  separation,
  traceLesson,
  type Lesson,
  type QuestionDiagnostics,
  type Tolerance,
  type Value,
} from "../src/brain";

export interface ReportQuestion {
  id: string;
  checkpoint: string;
  quantity: string;
  line: number;
  label: string;
  isDefault: boolean;
  truth: Value;
  mutants: { misconceptionId: string; mode: "local" | "carried"; value: Value }[];
  power: number;
  /** Misconceptions whose value would be graded correct here (never on a default question). */
  gradedCorrect: string[];
}

export interface ReportLesson {
  id: string;
  title: string;
  defaultQuestions: string[];
  questions: ReportQuestion[];
  /** What the default questions achieve... */
  defaults: { detected: string[]; confused: [string, string][] };
  /** ...and what every question worth asking (see lessonDiagnostics) could achieve together. */
  best: { detected: string[]; confused: [string, string][] };
}

export interface Report {
  tolerance: Required<Tolerance>;
  misconceptions: { id: string; title: string; family: string }[];
  lessons: ReportLesson[];
}

export interface ReportOptions {
  /** Include questions of power 0. */
  all?: boolean;
  /** Only these lessons (by id). */
  lessonIds?: string[];
  tol?: Tolerance;
}

function toQuestion(d: QuestionDiagnostics, isDefault: boolean, label: string): ReportQuestion {
  return {
    id: d.question.id,
    checkpoint: d.question.checkpointId,
    quantity: d.question.quantity,
    line: d.question.line,
    label,
    isDefault,
    truth: d.key.truth,
    mutants: d.key.mutants.map((m) => ({ misconceptionId: m.misconceptionId, mode: m.mode, value: m.value })),
    power: d.power,
    gradedCorrect: d.gradedCorrect,
  };
}

export function buildReport(opts: ReportOptions = {}, lessons: readonly Lesson[] = builtIn): Report {
  const tol = { ...DEFAULT_TOLERANCE, ...opts.tol };
  const chosen = opts.lessonIds ? lessons.filter((l) => opts.lessonIds!.includes(l.id)) : lessons;
  return {
    tolerance: tol,
    misconceptions: misconceptions.map(({ id, title, family }) => ({ id, title, family })),
    lessons: chosen.map((lesson) => {
      const ds = lessonDiagnostics(lesson, tol);
      const about = new Set(lessonDiagnostics(lesson, tol, { aboutOnly: true }).map((d) => d.question.id));
      const defaults = new Set(defaultQuestions(lesson).map((q) => q.id));
      const labels = new Map(traceLesson(lesson).checkpoints.map((c) => [c.id, c.label]));
      return {
        id: lesson.id,
        title: lesson.title,
        defaultQuestions: [...defaults],
        questions: ds
          .filter((d) => opts.all || defaults.has(d.question.id) || (about.has(d.question.id) && d.power > 0))
          .map((d) => toQuestion(d, defaults.has(d.question.id), labels.get(d.question.checkpointId) ?? "")),
        defaults: separation(ds.filter((d) => defaults.has(d.question.id))),
        best: separation(ds.filter((d) => about.has(d.question.id))),
      };
    }),
  };
}

export function formatReport(report: Report): string {
  const out: string[] = [];
  const { rtol, atol } = report.tolerance;
  out.push(`Tolerance: |answer - value| <= ${atol} + ${rtol}·|value|`);
  for (const l of report.lessons) {
    out.push("", `=== ${l.id}: ${l.title}`);
    for (const q of l.questions) {
      const mark = q.isDefault ? "*" : " ";
      out.push(
        `${mark} ${q.id.padEnd(26)} power ${q.power}  truth ${formatValue(q.truth)}   \`${q.label}\`` +
          (q.gradedCorrect.length ? `   (graded correct: ${q.gradedCorrect.join(", ")})` : ""),
      );
      for (const m of q.mutants)
        out.push(`      ${`${m.misconceptionId}${m.mode === "carried" ? " (carried)" : ""}`.padEnd(34)} ${formatValue(m.value)}`);
    }
    const summary = (name: string, s: ReportLesson["defaults"]) =>
      `${name}: detects ${s.detected.length} (${s.detected.join(", ")}); ` +
      (s.confused.length ? `cannot tell apart ${s.confused.map(([a, b]) => `${a} / ${b}`).join("; ")}` : "tells them all apart");
    out.push("", `Default questions (*): ${l.defaultQuestions.join(", ")}`);
    out.push(summary("  with the defaults", l.defaults));
    out.push(summary("  with every question worth asking", l.best));
  }
  return out.join("\n");
}

export function main(argv: readonly string[]): string {
  const at = argv.indexOf("--lesson");
  const report = buildReport({
    all: argv.includes("--all"),
    ...(at >= 0 && argv[at + 1] ? { lessonIds: [argv[at + 1]!] } : {}),
  });
  return argv.includes("--json") ? JSON.stringify(report, null, 2) : formatReport(report);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `… | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  process.stdout.write(`${main(process.argv.slice(2))}\n`);
}
