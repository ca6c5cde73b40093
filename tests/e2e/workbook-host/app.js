// The browser entry of the package, imported by path as a page without a bundler does; the
// test drives it through `window.madad`.
import * as madad from "./madad/dist/index.js";

window.madad = madad;
document.documentElement.dataset.ready = "true";
