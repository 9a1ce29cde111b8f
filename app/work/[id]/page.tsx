import type { Metadata } from "next";
import { WorkApp } from "./WorkApp";

export const metadata: Metadata = { title: "Your work" };

export default async function WorkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-4 px-4 py-5">
      <WorkApp workId={id} />
    </main>
  );
}
