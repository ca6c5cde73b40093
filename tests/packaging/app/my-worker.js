// The page's own module worker, using the package inside it (README "In a Web Worker").
import { analyzeFiles } from "./node_modules/madad/dist/index.js";

self.onmessage = async (e) => {
  try {
    const r = await analyzeFiles([e.data.file], e.data.options);
    self.postMessage({ summary: { volunteers: r.summary.volunteers.value, approvedHours: r.summary.approvedHours.value, approvedActivities: r.summary.activities.approved } });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
