// Node side of the DuckDB-wasm adapter: bundles page.js with @duckdb/duckdb-wasm (and its
// apache-arrow dependency) and copies the single-threaded EH bundle's worker and .wasm from
// bench/node_modules into the run folder, served from the bench's own origin (no CDN).
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { bundlePage } from "../../lib/bundle.mjs";

export default {
  name: "duckdb",
  label: "DuckDB-wasm 1.32 (EH bundle, read_csv)",
  /** Reads only UTF-8: the bench layout. */
  layouts: ["bench"],
  async prepare({ bench, runDir }) {
    const pkgDir = path.join(bench, "node_modules", "@duckdb", "duckdb-wasm");
    const dist = path.join(pkgDir, "dist");
    const site = path.join(runDir, "site", "duckdb");
    await bundlePage({ bench, name: "duckdb", outDir: site });
    for (const f of ["duckdb-browser-eh.worker.js", "duckdb-eh.wasm"]) copyFileSync(path.join(dist, f), path.join(site, f));
    const arrow = JSON.parse(readFileSync(path.join(bench, "node_modules", "apache-arrow", "package.json"), "utf8")).version;
    return {
      mounts: { "/adapters/duckdb/": site },
      info: {
        version: JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")).version,
        apacheArrow: arrow,
        bundle: "eh",
      },
    };
  },
  pageOptions({ reportYear }) {
    return { reportYear };
  },
};
