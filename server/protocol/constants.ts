/** Limits and enums shared by the server and the browser (no imports: safe in any bundle). */

/** How sure a student is of an answer (optional). */
export const CONFIDENCE_LEVELS = ["low", "medium", "high"] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** A question's timer, in seconds, and the choices the host console offers. */
export const TIMER_MIN_SEC = 5;
export const TIMER_MAX_SEC = 600;
export const TIMER_CHOICES_SEC = [15, 30, 60, 120] as const;

/** A nickname's length in characters (accent marks not counted). */
export const NICKNAME_MIN = 2;
export const NICKNAME_MAX = 24;

/** Elements of a vector or matrix answer. */
export const MAX_ANSWER_ELEMENTS = 64;
