import type { Metadata } from "next";
import Link from "next/link";
import { normalizeJoinCode } from "@/server/protocol/codes";
import { suggestNickname } from "@/server/protocol/nickname";
import { services } from "@/server/runtime";
import { StudentApp } from "./StudentApp";

export const metadata: Metadata = { title: "Join" };
export const dynamic = "force-dynamic";

function NoSession({ code }: { code: string }) {
  return (
    <main className="mx-auto max-w-md px-5 py-16">
      <h1 className="text-2xl font-bold">No session with the code {code}</h1>
      <p className="mt-3 text-slate-700">Check the code on the big screen and try again.</p>
      <Link href="/" className="mt-6 inline-block font-semibold text-descent-700 underline">
        Back to Descent
      </Link>
    </main>
  );
}

/** Route params may still hold percent-escapes ("%25" arrives as "%"); a malformed one is shown as typed. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const raw = safeDecode((await params).code);
  const code = normalizeJoinCode(raw);
  if (!code) return <NoSession code={raw.slice(0, 12)} />;
  const session = await services().sessions.byJoinCode(code);
  if (!session) return <NoSession code={code} />;
  // Nicknames the server accepts (the "Another" button cycles through them: no checker shipped to the phone).
  const seed = Math.floor(Math.random() * 1e9);
  const suggestions = Array.from({ length: 12 }, (_, i) => suggestNickname(seed + i * 7919));
  return <StudentApp code={code} suggestions={[...new Set(suggestions)]} askIdentifier={session.identify === "name"} />;
}
