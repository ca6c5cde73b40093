// Node side of the Madad adapter: which built files the page needs (served under /pkg/) and
// what the page adapter is called with. Peers (adapters/duckdb, adapters/papa-arquero) are
// folders like this one: index.mjs (prepare → mounts) plus page.js (run(file) → indicators).
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export default {
  name: "madad",
  label: "Madad analyzeInWorker",
  /** Reads the demo generator's windows-1255 log and the bench layout. */
  layouts: ["demo", "bench"],
  /**
   * Copies the built package (pkg/dist + pkg/wasm) into the run folder, so a rebuild by
   * someone else during a long run cannot change what is measured.
   */
  prepare({ root, runDir }) {
    const dist = path.join(root, "pkg", "dist");
    const wasmDir = path.join(root, "pkg", "wasm");
    const wasm = path.join(wasmDir, "madad_core_bg.wasm");
    if (!existsSync(path.join(dist, "index.js")) || !existsSync(wasm)) {
      throw new Error("the madad package is not built: run `bash scripts/build-wasm.sh && npm run build -w madad`");
    }
    const snap = path.join(runDir, "site", "madad-pkg");
    cpSync(dist, path.join(snap, "dist"), { recursive: true });
    cpSync(wasmDir, path.join(snap, "wasm"), { recursive: true });
    // The spreadsheet module (loaded by the package only for workbook bytes), when built.
    const xlsxDir = path.join(root, "pkg", "wasm-xlsx");
    const xlsxWasm = path.join(xlsxDir, "madad_xlsx_bg.wasm");
    if (existsSync(xlsxWasm)) cpSync(xlsxDir, path.join(snap, "wasm-xlsx"), { recursive: true });
    // The statistics module (the analysis runs there; the core hands the dataset over).
    const statsDir = path.join(root, "pkg", "wasm-stats");
    const statsWasm = path.join(statsDir, "madad_stats_bg.wasm");
    if (!existsSync(statsWasm)) throw new Error("the statistics module is not built: run `bash scripts/build-wasm.sh`");
    cpSync(statsDir, path.join(snap, "wasm-stats"), { recursive: true });
    const statsBytes = readFileSync(path.join(snap, "wasm-stats", "madad_stats_bg.wasm"));
    const bytes = readFileSync(path.join(snap, "wasm", "madad_core_bg.wasm"));
    const xlsxBytes = existsSync(xlsxWasm) ? readFileSync(path.join(snap, "wasm-xlsx", "madad_xlsx_bg.wasm")) : null;
    return {
      mounts: { "/pkg/": snap },
      info: {
        statsWasmBytes: statsBytes.length,
        statsWasmGzipBytes: gzipSync(statsBytes, { level: 9 }).length,
        xlsxWasmBytes: xlsxBytes?.length ?? null,
        xlsxWasmGzipBytes: xlsxBytes ? gzipSync(xlsxBytes, { level: 9 }).length : null,
        xlsxWasmSha256: xlsxBytes ? createHash("sha256").update(xlsxBytes).digest("hex") : null,
        wasmBytes: bytes.length,
        wasmGzipBytes: gzipSync(bytes, { level: 9 }).length,
        wasmSha256: createHash("sha256").update(bytes).digest("hex"),
      },
    };
  },
  /** Options passed to page.js `run(file, options)`. */
  pageOptions({ asOf, chunkBytes, layout }) {
    return { asOf, chunkBytes, layout };
  },
};
