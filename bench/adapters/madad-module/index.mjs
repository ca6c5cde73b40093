// Variant of the Madad adapter: the page compiles the core and the statistics module once and
// passes both WebAssembly.Modules to analyzeInWorker (`module`, `statsModule`), so each job
// skips fetch + compile.
import madad from "../madad/index.mjs";

export default {
  ...madad,
  name: "madad-module",
  label: "Madad analyzeInWorker + precompiled modules",
  pageOptions(opts) {
    return { ...madad.pageOptions(opts), precompile: true };
  },
};
