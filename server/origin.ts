/** Same origin as the request (or PUBLIC_URL's); requests without an Origin (non-browser clients) pass. */
export function originAllowed(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (!origin) return true;
  try {
    const o = new URL(origin);
    if (host && o.host === host) return true;
    return publicUrl !== undefined && o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}
