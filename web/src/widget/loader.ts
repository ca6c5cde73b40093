// `madad-widget.iife.js`: the classic-script form of the widget, for a plain
// `<script src=".../madad-widget.iife.js" defer></script>` on sites without modules or a
// bundler. It imports the ES module build that sits next to it (same folder, same origin
// rules), so the element's code, its lazily loaded chart and the .wasm are shared with
// `madad/widget` and cached once.
const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || document.baseURI;
import(/* @vite-ignore */ new URL("./madad-widget.js", base).href).catch((e: unknown) => {
  console.error("madad-widget: could not load madad-widget.js next to this script", e);
});
