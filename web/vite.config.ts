import { defineConfig } from "vite";

// The dashboard is a static site: relative URLs so it can be served from any folder, no
// inline scripts or styles (it runs under a strict CSP, see scripts/serve.mjs), the wasm core
// and the worker emitted as ordinary assets (no plugin needed for a `--target web` module).
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
  },
  worker: {
    format: "es",
  },
  server: {
    host: "127.0.0.1",
  },
});
