import type { PublicSession, Tick } from "./views";

/** A client's public state with a tick merged in (joins and the answered counter, between state messages). */
export function withTick(state: PublicSession, tick: Tick): PublicSession {
  const q = state.question;
  return {
    ...state,
    joined: tick.joined,
    participants: tick.participants,
    question: q && tick.question?.id === q.id ? { ...q, answeredCount: tick.question.answeredCount } : q,
  };
}
