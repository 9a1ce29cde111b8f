// Bundles the package for the browser (ESM, minified) into dist/index.js and prints the sizes, minified
// and gzipped: the whole package, and the engine alone (src/engine/index.ts, not written to disk).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

async function bundle(entry) {
  const result = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    // zod is an optional peer dependency (the lesson schema); the app that imports the package provides it.
    external: ["zod"],
    logLevel: "warning",
  });
  return result.outputFiles[0].contents;
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const report = (label, code) =>
  console.log(`${label}: ${kB(code.length)} minified, ${kB(gzipSync(code, { level: 9 }).length)} minified+gzipped`);

const pkg = await bundle("src/index.ts");
mkdirSync(join(here, "dist"), { recursive: true });
writeFileSync(join(here, "dist", "index.js"), pkg);
report("dist/index.js (whole package)", pkg);
report("engine alone (src/engine/index.ts)", await bundle("src/engine/index.ts"));
