import Link from "next/link";
import { services } from "@/server/runtime";

/** A session in a teacher's lists: when, which lesson, linked to its report. */
export function SessionLink({ id, createdAt, lessonId }: { id: string; createdAt: Date; lessonId: string }) {
  const title = services().sessions.catalog.list().find((l) => l.id === lessonId)?.title ?? "Your own lesson";
  return (
    <Link href={`/sessions/${id}/report`} className="underline">
      {createdAt.toISOString().slice(0, 16).replace("T", " ")} · {title}
    </Link>
  );
}
