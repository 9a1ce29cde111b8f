/** The httpOnly cookie that carries a session's host token (one per session, so one browser can host several). */
export const hostCookieName = (sessionId: string) => `descent_host_${sessionId}`;
