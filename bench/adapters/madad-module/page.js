// Same code as the Madad adapter; run.mjs passes { precompile: true }.
export { run } from "../madad/page.js";
