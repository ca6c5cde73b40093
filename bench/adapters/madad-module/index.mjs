// Variant of the Madad adapter: the page compiles the core once and passes the
// WebAssembly.Module to analyzeInWorker (`module` option), so each job skips fetch + compile.
import madad from "../madad/index.mjs";

export default {
  ...madad,
  name: "madad-module",
  label: "Madad analyzeInWorker + precompiled module",
  pageOptions(opts) {
    return { ...madad.pageOptions(opts), precompile: true };
  },
};
