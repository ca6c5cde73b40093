// No bundler: the installed files imported by path, the package's worker, the page's own
// module worker using the package, and the IIFE widget (loaded by a plain <script src>).
import { analyzeInWorker, makeBundle, openInWorker } from "./node_modules/madad/dist/index.js";

const out = document.getElementById("out");
const summary = (r) => ({ volunteers: r.summary.volunteers.value, approvedHours: r.summary.approvedHours.value, approvedActivities: r.summary.activities.approved });

function inOwnWorker(file, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker("./my-worker.js", { type: "module" });
    worker.onmessage = (e) => {
      worker.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data.summary);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || "worker failed"));
    };
    worker.postMessage({ file, options });
  });
}

async function main() {
  const options = await (await fetch("./public/options.json")).json();
  const csv = await (await fetch("./public/hours-small.csv")).blob();
  const file = new File([csv], "hours-small.csv", { type: "text/csv" });
  const report = await analyzeInWorker([file], options);
  const dataset = await openInWorker([file], options);
  const datasetReport = await dataset.analyze(options.analysis);
  await dataset.dispose();
  const ownWorker = await inOwnWorker(file, options);
  const bundle = JSON.parse(new TextDecoder().decode(await makeBundle(report, "בלי באנדלר")));
  await customElements.whenDefined("madad-dashboard");
  const w = document.getElementById("w");
  const analysed = new Promise((resolve, reject) => {
    w.addEventListener("madad-analysed", resolve, { once: true });
    w.addEventListener("madad-error", (e) => reject(new Error(e.detail.code)), { once: true });
  });
  w.bundles = bundle;
  await analysed;
  const kpi = w.shadowRoot.querySelector('[data-kpi="volunteers"]');
  return { worker: summary(report), dataset: summary(datasetReport), ownWorker, widget: { volunteers: Number(kpi.dataset.value) } };
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
