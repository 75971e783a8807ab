#!/usr/bin/env node
// Builds the web console into a directory `ticketd --console DIR` serves:
//   DIR/index.html                 references the two files below (and preloads the
//                                  chunks the script imports), nothing inline
//   DIR/assets/app-<hash>.js       src/main.tsx and everything it imports (Preact)
//   DIR/assets/app-<hash>.css      every stylesheet src/ imports
//   DIR/assets/*-<hash>.js         what a screen loads only when shown, by import()
//                                  (uPlot for /reports): chunks, same origin
//   DIR/assets/*.js.map            for the browser's developer tools
// and a gzip sibling (X.gz) of every .html, .js and .css, which ticketd sends
// to clients that accept gzip. Names carry a hash of the content, so ticketd
// can cache /assets/ for a year; index.html is always revalidated.
//
// Usage: node scripts/build.mjs --out DIR    (DIR is emptied first)

import { build } from "esbuild";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// What the first load may cost, gzip-compressed: the entry script with the
// chunks it imports statically (not those loaded later by import()).
const SCRIPT_BUDGET = 200 * 1024;

function usage(message) {
  if (message) console.error(`build.mjs: ${message}`);
  console.error("usage: node scripts/build.mjs --out DIR");
  process.exit(2);
}

function parseArgs(argv) {
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out") out = argv[++i] ?? usage("--out needs a directory");
    else if (arg.startsWith("--out=")) out = arg.slice("--out=".length);
    else usage(`unknown argument ${arg}`);
  }
  if (!out) usage("--out is required");
  return { out: resolve(out) };
}

// Emptying DIR must never remove something it should not: not /, not the
// sources, not a folder that holds them.
function checkOut(out) {
  const root = resolve("/");
  if (out === root || web === out || web.startsWith(out + sep) || out.startsWith(join(web, "src") + sep)) {
    usage(`refusing to empty ${out}`);
  }
}

function html({ script, stylesheet, preload }) {
  const preloads = preload.map((chunk) => `<link rel="modulepreload" href="/assets/${chunk}">\n`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>ticketd</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/${stylesheet}">
<script type="module" src="/assets/${script}"></script>
${preloads}</head>
<body>
<noscript><p>ticketd's console needs JavaScript. Turn it on and reload this page,
or use the HTTP API (/openapi.json describes it).</p></noscript>
<div id="app"></div>
</body>
</html>
`;
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main() {
  const { out } = parseArgs(process.argv.slice(2));
  checkOut(out);
  await rm(out, { recursive: true, force: true });
  const assets = join(out, "assets");
  await mkdir(assets, { recursive: true });

  const result = await build({
    absWorkingDir: web,
    entryPoints: { app: "src/main.tsx" },
    outdir: assets,
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    bundle: true,
    // A dynamic import() becomes a chunk of its own, loaded when needed.
    splitting: true,
    format: "esm",
    target: "es2020",
    platform: "browser",
    minify: true,
    sourcemap: "linked",
    jsx: "automatic",
    jsxImportSource: "preact",
    tsconfig: join(web, "tsconfig.json"),
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });

  // The entry's script and the stylesheet esbuild gathered for it.
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint === "src/main.tsx");
  if (!entry) throw new Error("esbuild wrote no script for src/main.tsx");
  const [scriptPath, scriptMeta] = entry;
  if (!scriptMeta.cssBundle) throw new Error("esbuild wrote no stylesheet for src/main.tsx");
  const script = basename(scriptPath);
  const stylesheet = basename(scriptMeta.cssBundle);

  // The first load: the entry and, transitively, the chunks it imports
  // statically (code shared with a lazily loaded chunk lands in one), which
  // index.html preloads so they come with the entry, not after it.
  const firstLoad = new Set();
  const visit = (path) => {
    if (firstLoad.has(path)) return;
    firstLoad.add(path);
    for (const imported of result.metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(scriptPath);
  const preload = [...firstLoad].filter((path) => path !== scriptPath).map((path) => basename(path));

  await writeFile(join(out, "index.html"), html({ script, stylesheet, preload }));

  // gzip siblings, as ticketd serves them to clients that accept gzip.
  const sizes = new Map();
  for (const file of await filesUnder(out)) {
    if (!/\.(js|css|html)$/.test(file)) continue;
    const body = await readFile(file);
    const gz = gzipSync(body, { level: 9 });
    await writeFile(`${file}.gz`, gz);
    sizes.set(relative(out, file), { raw: body.length, gzip: gz.length });
  }

  const scriptSize = { raw: 0, gzip: 0 };
  for (const path of firstLoad) {
    const s = sizes.get(relative(out, resolve(web, path)));
    if (!s) throw new Error(`no size for ${path}`);
    scriptSize.raw += s.raw;
    scriptSize.gzip += s.gzip;
  }
  const styleSize = sizes.get(join("assets", stylesheet));
  for (const [name, s] of [...sizes].sort()) {
    console.log(`  ${name.padEnd(34)} ${kb(s.raw).padStart(9)}  gzip ${kb(s.gzip).padStart(8)}`);
  }
  console.log(
    `web console -> ${out}: first-load script ${kb(scriptSize.gzip)} gzip in ${firstLoad.size} file(s) ` +
      `(budget ${kb(SCRIPT_BUDGET)}), ` +
      `stylesheet ${kb(styleSize.gzip)} gzip`,
  );
  if (scriptSize.gzip > SCRIPT_BUDGET) {
    console.error(`build.mjs: the script is ${kb(scriptSize.gzip)} gzip, over the budget of ${kb(SCRIPT_BUDGET)}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`build.mjs: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
