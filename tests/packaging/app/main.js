// A Vite app using the installed tarball the README's way: `import … from "madad"` (the worker
// and the .wasm are bundled with no plugin) and `import "madad/widget"`.
import { analyzeInWorker, makeBundle, openInWorker } from "madad";
import "madad/widget";

const out = document.getElementById("out");
const summary = (r) => ({ volunteers: r.summary.volunteers.value, approvedHours: r.summary.approvedHours.value, approvedActivities: r.summary.activities.approved });

async function main() {
  const options = await (await fetch("./options.json")).json();
  const csv = await (await fetch("./hours-small.csv")).blob();
  const dataset = await openInWorker([new File([csv], "hours-small.csv", { type: "text/csv" })], options);
  const datasetReport = await dataset.analyze(options.analysis);
  await dataset.dispose();
  const report = await analyzeInWorker([new File([csv], "hours-small.csv", { type: "text/csv" })], options);
  const bundle = JSON.parse(new TextDecoder().decode(await makeBundle(report, "Vite")));
  const w = document.getElementById("w");
  const analysed = new Promise((resolve, reject) => {
    w.addEventListener("madad-analysed", resolve, { once: true });
    w.addEventListener("madad-error", (e) => reject(new Error(e.detail.code)), { once: true });
  });
  w.bundles = bundle;
  await analysed;
  const kpi = w.shadowRoot.querySelector('[data-kpi="volunteers"]');
  return { worker: summary(report), dataset: summary(datasetReport), widget: { volunteers: Number(kpi.dataset.value) } };
}

main().then(
  (r) => {
    out.textContent = JSON.stringify(r);
    out.dataset.done = "";
  },
  (e) => {
    out.textContent = JSON.stringify({ error: String(e && e.stack ? e.stack : e) });
    out.dataset.done = "";
  },
);
