// Builds a peer adapter's browser code (adapters/<name>/page.js plus the npm libraries it
// imports) into one minified ES module with esbuild, so each library reaches the page as it
// would in a built dashboard and none is penalised by how it happens to be loaded.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/**
 * @param {{ bench: string, name: string, outDir: string }} o  bundles
 *   `bench/adapters/<name>/page.js` into `<outDir>/page.js`.
 * @returns {Promise<string>} the bundle's path
 */
export async function bundlePage({ bench, name, outDir }) {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, "page.js");
  await build({
    entryPoints: [path.join(bench, "adapters", name, "page.js")],
    outfile,
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2022",
    platform: "browser",
    nodePaths: [path.join(bench, "node_modules")],
    logLevel: "warning",
    legalComments: "none",
  });
  return outfile;
}
