/**
 * A report's numbers without its rows. Each ended session is summarised once (its answers no longer change) and
 * the summary is kept with the session; a class's dashboard combines the summaries of its sessions, so it costs
 * the number of sessions, not the number of answers. A running session is summarised afresh each time.
 */
import type { Db } from "../db.ts";
import type { LessonCatalog } from "../session/lesson-runtime.ts";
import { loadRows } from "./data.ts";
import { combine, summarize, SUMMARY_VERSION, type Report, type SessionSummary } from "./stats.ts";

/** The summaries of the sessions matching `where`, oldest first; an ended session's is computed once and kept. */
export async function summaries(db: Db, catalog: LessonCatalog, where: { classId: string } | { teacherId: string } | { id: string }): Promise<SessionSummary[]> {
  const list = await db.session.findMany({ where, orderBy: { createdAt: "asc" }, select: { id: true, createdAt: true, endedAt: true, summary: true } });
  const out: SessionSummary[] = [];
  for (const s of list) {
    let summary: SessionSummary | null = null;
    if (s.endedAt && s.summary) {
      const parsed = JSON.parse(s.summary) as SessionSummary;
      if (parsed.v === SUMMARY_VERSION) summary = parsed;
    }
    if (!summary) {
      summary = summarize(s.id, s.createdAt, await loadRows(db, catalog, { sessionId: s.id }));
      if (s.endedAt) await db.session.update({ where: { id: s.id }, data: { summary: JSON.stringify(summary) } });
    }
    out.push(summary);
  }
  // Assignments of a class or a teacher count with the sessions (their answers change until they close: summarised afresh).
  if (!("id" in where)) {
    const assignments = await db.assignment.findMany({ where, orderBy: { createdAt: "asc" }, select: { id: true, createdAt: true } });
    for (const a of assignments) {
      const rows = await loadRows(db, catalog, { assignmentId: a.id });
      if (rows.length > 0) out.push(summarize(`assignment:${a.id}`, a.createdAt, rows));
    }
    out.sort((x, y) => x.startedAt.localeCompare(y.startedAt));
  }
  return out;
}

/** Combined reports of sessions that have all ended: they change only when another session ends. */
const cache = new Map<string, Report>();
const CACHE_SIZE = 50;

/** The report of the sessions matching `where` (a teacher's, a class's, or one session). */
export async function report(db: Db, catalog: LessonCatalog, where: { classId: string } | { teacherId: string } | { id: string }): Promise<Report> {
  const list = await db.session.findMany({ where, orderBy: { createdAt: "asc" }, select: { id: true, endedAt: true } });
  // Assignments take answers until they close: a scope with any is never cached.
  const assignments = "id" in where ? 0 : await db.assignment.count({ where });
  const allEnded = assignments === 0 && list.every((s) => s.endedAt !== null);
  const key = `${JSON.stringify(where)}|${list.map((s) => s.id).join(",")}`;
  const hit = allEnded ? cache.get(key) : undefined;
  if (hit) return hit;
  const r = combine(await summaries(db, catalog, where));
  if (allEnded) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, r);
  }
  return r;
}
