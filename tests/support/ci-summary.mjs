// Prints one "N passed, N failed" line per runner from their JSON reports (written by `npm test`).
import fs from "node:fs";

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

let failed = 0;
const vitest = read("reports/vitest.json");
if (vitest) {
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests + vitest.numTodoTests} skipped`);
  failed += vitest.numFailedTests;
} else console.log("vitest: no report (did not run)");

const pw = read("reports/playwright.json");
if (pw) {
  const { expected, unexpected, skipped, flaky } = pw.stats;
  console.log(`playwright: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped`);
  failed += unexpected;
} else console.log("playwright: no report (did not run)");

const total = (vitest ? vitest.numPassedTests : 0) + (pw ? pw.stats.expected + pw.stats.flaky : 0);
console.log(`${total} passed, ${failed} failed`);
