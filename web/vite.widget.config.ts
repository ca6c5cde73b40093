import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

// The `<madad-dashboard>` widget, built into the package (pkg/dist/widget/), from the
// dashboard's own views (web/src/widget/ reuses compare, dashboard, chart, i18n, styles):
//  - default mode: the ES module `madad-widget.js` (`madad/widget`), with the chart code
//    (Observable Plot) as a lazy chunk; `madad` itself stays an import of the package's
//    own `../index.js`, so the .wasm files load from the package as usual;
//  - `--mode iife`: `madad-widget.iife.js`, a classic script that loads the module build next
//    to it (for a plain `<script src>`).
// No inline styles or scripts: the CSS is adopted as constructed style sheets.
const outDir = fileURLToPath(new URL("../pkg/dist/widget", import.meta.url));

/**
 * The message-catalog keys the widget's views can reach (by prefix: several are built from
 * codes, e.g. `error.${code}`, `measure.${id}`). The rest of the dashboard's catalogs (about
 * 120 KB) stays out of the widget; the e2e test fails when a shown text is a bare key.
 */
export const WIDGET_KEY_PREFIXES = [
  "widget.", "program.", "error.", "compare.", "kind.", "measure.", "forest.", "merge.", "def.", "kpi.", "chart.",
  "unit.", "suppressed.", "table.", "ind.notAdditive", "ind.range", "methods.madadVersion", "methods.threshold", "dash.sample",
];

function widgetCatalogs(): Plugin {
  return {
    name: "madad-widget-catalogs",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]i18n[\\/](he|ar|en)\.json$/.test(id)) return null;
      const all = JSON.parse(code) as Record<string, string>;
      const kept = Object.fromEntries(Object.entries(all).filter(([k]) => WIDGET_KEY_PREFIXES.some((p) => k.startsWith(p))));
      return { code: JSON.stringify(kept), map: null };
    },
  };
}

export default defineConfig(({ mode }) => ({
  publicDir: false,
  plugins: [widgetCatalogs()],
  build: {
    outDir,
    emptyOutDir: mode !== "iife",
    target: "es2022",
    minify: "oxc",
    sourcemap: false,
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    lib:
      mode === "iife"
        ? { entry: "src/widget/loader.ts", formats: ["iife"], name: "madadWidgetLoader", fileName: () => "madad-widget.iife.js" }
        : { entry: "src/widget/index.ts", formats: ["es"], fileName: () => "madad-widget.js" },
    rollupOptions: {
      external: ["madad"],
      // Full minification (Vite keeps ES library builds readable by default).
      output: { paths: { madad: "../index.js" }, chunkFileNames: "[name]-[hash].js", minify: true },
    },
  },
}));
