// `madad/widget`: importing it defines `<madad-dashboard>` (see element.ts).
import { defineMadadDashboard } from "./element.js";

export { MadadDashboardElement, defineMadadDashboard, type AnalysedDetail, type ErrorDetail } from "./element.js";
export { programOf, type Program } from "./bundles.js";

defineMadadDashboard();
