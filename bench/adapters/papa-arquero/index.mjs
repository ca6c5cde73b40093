// Node side of the Papa Parse + Arquero adapter: bundles page.js with papaparse and arquero
// (8.0.3; bench/package.json pins its @uwdata/flechette dependency to 2.3.0 with an npm
// override, see perf-anchors §6).
import { readFileSync } from "node:fs";
import path from "node:path";
import { bundlePage } from "../../lib/bundle.mjs";

const version = (bench, pkg) => JSON.parse(readFileSync(path.join(bench, "node_modules", pkg, "package.json"), "utf8")).version;

export default {
  name: "papa-arquero",
  label: "Papa Parse 5.7 + Arquero 8.0",
  layouts: ["bench"],
  /**
   * Arquero compiles its table expressions with `new Function`, which the dashboard's
   * Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') forbids: its page is served
   * with 'unsafe-eval' added. A dashboard under Madad's policy could not use it at all.
   */
  needsEval: true,
  async prepare({ bench, runDir }) {
    const site = path.join(runDir, "site", "papa-arquero");
    await bundlePage({ bench, name: "papa-arquero", outDir: site });
    return {
      mounts: { "/adapters/papa-arquero/": site },
      info: { papaparse: version(bench, "papaparse"), arquero: version(bench, "arquero") },
    };
  },
  pageOptions({ reportYear }) {
    return { reportYear };
  },
};
