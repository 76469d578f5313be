// Bundles the panel and the dashboard cards, lit included, into one minified ES module that the
// integration serves:
//   node build.mjs        → ../custom_components/safe_power/frontend/safe-power-panel.js
//   node build.mjs --dev  → dev/out/dev.js and dev/out/cards.js, the preview pages' scripts
//                            (a fake `hass`, see dev/)
//   node build.mjs --out FILE  → the bundle written to FILE instead (the tests compare it)
// The output is deterministic: no timestamps, no absolute paths, no legal comments.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const dev = process.argv.includes("--dev");
const outAt = process.argv.indexOf("--out");
const bundle = "../custom_components/safe_power/frontend/safe-power-panel.js";
const out = outAt > 0 ? process.argv[outAt + 1] : undefined;

await build({
  absWorkingDir: fileURLToPath(new URL(".", import.meta.url)),
  ...(dev
    ? { entryPoints: { dev: "dev/mock.ts", cards: "dev/cards.ts" }, outdir: "dev/out" }
    : { entryPoints: ["src/main.ts"], outfile: out ?? bundle }),
  bundle: true,
  format: "esm",
  target: "es2021",
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  legalComments: "none",
  charset: "utf8",
  logLevel: out ? "warning" : "info",
});
