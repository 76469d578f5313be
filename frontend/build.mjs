// Bundles the panel and the dashboard cards, lit included, into one minified ES module that the
// integration serves:
//   node build.mjs        → ../custom_components/safe_power/frontend/safe-power-panel.js
//   node build.mjs --dev  → dev/out/dev.js and dev/out/cards.js, the preview pages' scripts
//                            (a fake `hass`, see dev/)
//   node build.mjs --out FILE  → the bundle written to FILE instead (the tests compare it)
// The output is deterministic: no timestamps, no absolute paths, no legal comments.
// esbuild leaves the text of template literals alone: the styles (lit's css`…`) are made
// compact here (comments and indentation out), which takes a tenth off the bundle.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** CSS without comments and needless spaces; quoted strings and `${…}` are kept as they are. */
const compactCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split(/("[^"]*"|'[^']*')/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\s+/g, " ")
            .replace(/\s*([{};,>])\s*/g, "$1")
            .replace(/:\s+/g, ":"),
    )
    .join("")
    .trim();

/** The sources' css`…` literals (they hold no backtick) made compact. */
const compactStyles = {
  name: "compact-styles",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/][^\\/]+\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      return {
        contents: source.replace(/(?<![\w$.])css`([^`]*)`/g, (_, body) => `css\`${compactCss(body)}\``),
        loader: "ts",
      };
    });
  },
};

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
  plugins: [compactStyles],
});
