/** Starts (or resumes) a self-paced run; resolves to its page, or to the message to show. */
export async function startWork(body: { assignment: string; name: string } | { practice: string }): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
  try {
    const res = await fetch("/api/work", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await res.json()) as { workId?: string; error?: { message: string } };
    if (res.ok && json.workId) return { ok: true, path: `/work/${json.workId}` };
    return { ok: false, message: json.error?.message ?? "That did not work: try again." };
  } catch {
    return { ok: false, message: "No connection: check your network and try again." };
  }
}
