import type { Metadata } from "next";
import { ClaimHost } from "./ClaimHost";

export const metadata: Metadata = { title: "Take over hosting" };

/** Where a host link leads: the secret is in the fragment, read and sent by the browser, never by a link's request. */
export default async function ClaimPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main className="mx-auto max-w-xl px-5 py-16">
      <h1 className="text-2xl font-bold">Host this session from this device</h1>
      <ClaimHost sessionId={id} />
    </main>
  );
}
