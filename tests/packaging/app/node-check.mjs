// Node ≥ 20 with the installed tarball: analyse a file, make and verify a bundle.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeFiles, makeBundle, openBundles } from "madad";

const file = process.argv[2];
const options = JSON.parse(readFileSync("public/options.json", "utf8"));
const report = await analyzeFiles([{ name: file, bytes: new Uint8Array(readFileSync(file)) }], options);
const bytes = await makeBundle(report, "Node");
const [bundle] = await openBundles([{ name: "node.json", bytes }]);
// The exports map makes the worker, the widget, the .wasm files and the schemas addressable.
const resolved = ["madad/worker", "madad/widget", "madad/wasm-stats/madad_stats_bg.wasm", "madad/schema/report.schema.json"].map((s) => fileURLToPath(import.meta.resolve(s)));
const schema = JSON.parse(readFileSync(resolved[3], "utf8"));
console.log(
  JSON.stringify({
    volunteers: report.summary.volunteers.value,
    approvedHours: report.summary.approvedHours.value,
    approvedActivities: report.summary.activities.approved,
    bundleVerified: bundle.municipality === "Node",
    schemaKeys: schema.$defs.Report.required.every((k) => k in report),
    addressable: resolved.map((f) => existsSync(f)),
  }),
);
