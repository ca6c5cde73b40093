// Node ≥ 20 with the installed tarball: analyse a file, make and verify a bundle.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeFiles, makeBundle, openBundles, openFiles } from "madad";

const file = process.argv[2];
const options = JSON.parse(readFileSync("public/options.json", "utf8"));
const report = await analyzeFiles([{ name: file, bytes: new Uint8Array(readFileSync(file)) }], options);
// The Dataset handle: read once, analysed twice (the second time with K = 10, which withholds
// the small counts), then disposed.
const dataset = await openFiles([{ name: file, bytes: new Uint8Array(readFileSync(file)) }], options);
const again = await dataset.analyze(options.analysis);
const withK10 = await dataset.analyze({ ...options.analysis, suppressionThreshold: 10 });
await dataset.dispose();
const disposedCode = await dataset.analyze(options.analysis).then(() => null, (e) => e.code);
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
    dataset: {
      sameAsOneShot: JSON.stringify(again) === JSON.stringify(report),
      rowsRead: dataset.details.ledgers[0].rowsTotal === report.sources[0].rowsTotal,
      thresholdApplied: withK10.definitions.suppressionThreshold === 10,
      disposedCode,
    },
  }),
);
