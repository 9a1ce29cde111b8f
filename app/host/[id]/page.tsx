import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { publicOrigin, qrSvg } from "@/app/_lib/urls";
import { HOST_COOKIE } from "@/server/protocol/cookies";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";
import { HostConsole } from "./HostConsole";
import { SaveToAccount } from "./SaveToAccount";

export const metadata: Metadata = { title: "Host" };
export const dynamic = "force-dynamic";

export default async function HostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) notFound();
  const { sessions } = services();
  const session = await sessions.byId(id);
  if (!session) {
    const failure = await sessions.failureOf(id);
    if (failure === null) notFound();
    return (
      <main className="mx-auto max-w-xl px-5 py-16">
        <h1 className="text-2xl font-bold">This session could not be resumed</h1>
        <p className="mt-3 text-slate-700">After the server restarted, its lesson could not be loaded again, so the session was closed: {failure}</p>
        <Link className="mt-6 inline-block font-semibold text-descent-700 underline" href="/">
          Start a new session
        </Link>
      </main>
    );
  }
  const token = (await cookies()).get(HOST_COOKIE)?.value;
  if (!(await sessions.canHost(session, token, await headers()))) {
    return (
      <main className="mx-auto max-w-xl px-5 py-16">
        <h1 className="text-2xl font-bold">Only the host can open this page</h1>
        <p className="mt-3 text-slate-700">
          This browser does not hold the host key of this session. If you are a student, join with the code on the big
          screen instead.
        </p>
        <Link className="mt-6 inline-block font-semibold text-descent-700 underline" href={`/join/${session.code}`}>
          Join as a student
        </Link>
      </main>
    );
  }
  const joinUrl = `${await publicOrigin()}/join/${session.code}`;
  const teacher = await currentTeacher();
  const classes = teacher && session.teacherId === null ? await services().db.class.findMany({ where: { teacherId: teacher.id }, select: { id: true, name: true } }) : [];
  return (
    <>
      {teacher && session.teacherId === null && (
        <div className="mx-auto max-w-7xl px-4 pt-4">
          <SaveToAccount sessionId={id} classes={classes} />
        </div>
      )}
      <HostConsole sessionId={id} code={session.code} joinUrl={joinUrl} qr={await qrSvg(joinUrl)} />
    </>
  );
}
