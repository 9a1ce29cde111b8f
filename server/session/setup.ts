/** The session service with its lesson catalog and compiler, wired as the server runs them (tests use it too). */
import type { Db } from "../db.ts";
import { LessonCompiler } from "../lessons/compiler.ts";
import { summaries } from "../reports/summary.ts";
import { WorkService } from "../assignments/service.ts";
import { lessonCatalog } from "./lesson-runtime.ts";
import { SessionRepository } from "./repository.ts";
import { SessionService, type Clock } from "./service.ts";

export type SessionServices = { repo: SessionRepository; compiler: LessonCompiler; sessions: SessionService; works: WorkService };

export function sessionServices(db: Db, opts: { repo?: SessionRepository; compiler?: LessonCompiler; clock?: Clock } = {}): SessionServices {
  const repo = opts.repo ?? new SessionRepository(db);
  const compiler = opts.compiler ?? new LessonCompiler();
  const catalog = lessonCatalog(compiler, async (id) => {
    // A teacher's lesson, stored when it was first hosted (checked again: the rules may have tightened since).
    const json = id.startsWith("custom-") ? await repo.loadCustomLesson(id) : null;
    const checked = json === null ? null : await compiler.check(json, "student");
    return checked?.ok ? { ...checked.lesson, id } : null;
  });
  const sessions = new SessionService(repo, catalog, opts.clock);
  // An ended session is summarised for the reports at once, so that dashboards combine summaries, not answers.
  sessions.onEnded = async (id) => {
    await summaries(db, catalog, { id });
  };
  const works = new WorkService(db, catalog, compiler, opts.clock);
  return { repo, compiler, sessions, works };
}
