/// <reference lib="webworker" />
// The code editor's analysis, off the page's main thread.
import { answer, type Request } from "./analysis";

self.onmessage = (e: MessageEvent<Request>) => {
  self.postMessage(answer(e.data));
};
