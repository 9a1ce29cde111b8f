// The lesson compiler's worker thread. Workers do not inherit the TypeScript loader of the main thread, so it
// is registered here before the TypeScript entry is imported.
import { register } from "tsx/esm/api";

register();
await import("./compile-worker.ts");
