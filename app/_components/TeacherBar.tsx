import Link from "next/link";
import type { Teacher } from "@/server/teacher";
import { SignOutButton } from "./SignOutButton";

/** The top of a teacher's pages: where they are, and their account. */
export function TeacherBar({ teacher }: { teacher: Teacher }) {
  return (
    <nav aria-label="Account" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <div className="flex gap-4">
        <Link href="/" className="font-mono font-semibold tracking-widest text-descent-700">
          ∇ DESCENT
        </Link>
        <Link href="/dashboard" className="underline">
          Dashboard
        </Link>
        <Link href="/host" className="underline">
          Lesson library
        </Link>
      </div>
      <div className="flex items-center gap-3">
        <span className="text-slate-700">{teacher.email}</span>
        <Link href="/account" className="underline">
          Account
        </Link>
        <SignOutButton />
      </div>
    </nav>
  );
}
