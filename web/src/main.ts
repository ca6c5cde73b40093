// The Madad dashboard. Screens: start (choose files or the demo) → progress → file check →
// column mapping → validation → dashboard (flow/), or an error with "try again"; the demo and a
// monthly repeat with saved profiles go straight to the dashboard. All parsing runs in a Web Worker through the `madad` package;
// nothing is sent anywhere (the page runs under a CSP with connect-src 'self').
import "./styles.css";
import {
  MadadError,
  openInWorker,
  isWorkbook,
  listSheetsInWorker,
  todayIso,
  warmUpWorker,
  type AnalysisOptions,
  type AnalysisProgress,
  type Dataset,
  type DatasetDetails,
  type Report,
  type ViewFilter,
  type WorkbookSheets,
  initReport,
  initStats,
} from "madad";
import { emptyCompare, renderCompare, type CompareState } from "./compare.js";
import { renderDashboard } from "./dashboard.js";
import { noFilter, refusalText, type ViewChoice, type ViewRefusal } from "./filters.js";
import type { Program } from "./widget/bundles.js";
import { OPEN_REPORT_EVENT, saveTemplate, watchExports } from "./exports.js";
import { renderMethods } from "./methods.js";
import { renderReportView } from "./report.js";
import { renderLoneliness } from "./loneliness.js";
import { renderTrends } from "./trends.js";
import { compiledModules } from "./wasm-modules.js";
import { clear, h } from "./dom.js";
import { renderCheck } from "./flow/check.js";
import { profileImport, renderMapping, savedList } from "./flow/mapping.js";
import { filesKey, remember, showChanges, snapshotOf } from "./flow/history.js";
import { applyProfiles, coveredByProfiles, profileFor, readChoiceFromProfile, savedProfiles } from "./flow/profiles.js";
import { copySettings, emptySettings, ingestOptions, sheetsOption, type FlowSettings } from "./flow/settings.js";
import { definitionsOption, storeDefinitions } from "./flow/definitions.js";
import { renderStatement } from "./flow/statement.js";
import "./flow/flow.css";
import { stepsNav, type FlowActions, type FlowRun, type FlowStep } from "./flow/steps.js";
import { renderValidation } from "./flow/validation.js";
import { formatBytes, formatNumber, publishedValue } from "./format.js";
import { LANGS, dir, digits, isDigits, isLang, lang, setDigits, setLang, t, tNodes, type Digits, type Lang } from "./i18n.js";

const ACCEPT = ".csv,.tsv,.txt,.xlsx,.xls,.ods";
const LANG_KEY = "madad.lang";
const DIGITS_KEY = "madad.digits";

/** `sheets`: the sheet chosen per workbook; absent until the user was asked (when there was a choice). */
type Job = ({ kind: "files"; files: File[]; sheets?: Record<string, string> } | { kind: "demo" }) & {
  /** The programme start of the interrupted time series (`analysis.trends.programStart`). */
  programStart?: string;
  /** The loneliness subgroup dimensions (`analysis.loneliness.subgroups`); absent: the defaults. */
  subgroups?: string[];
  /** The dashboard's filtered view (`analysis.filter`); absent: the whole data. */
  filter?: ViewFilter;
  /** The program whose panels the dashboard shows (`null`: both); no re-analysis. */
  program?: Program | null;
  /** The screen to show when the analysis is done (the Trends screen after a re-run, a flow step). */
  view?: "dashboard" | "trends" | "loneliness" | "methods" | "check" | "mapping" | "validation";
  /** How the files are read (file check, mapping, validation choices; saved profiles). */
  settings?: FlowSettings;
  /** Whether this read follows saved profiles found on the Start screen (monthly repeat). */
  auto?: boolean;
  /** A selector of the control to focus after a re-run (the subgroup box just changed). */
  focus?: string;
};
type Screen =
  | { name: "start" }
  | { name: "progress"; job: Job; progress: AnalysisProgress | null }
  | { name: "sheets"; job: Job & { kind: "files" }; workbooks: WorkbookSheets[] }
  | { name: "error"; job: Job; error: MadadError }
  | { name: "dashboard"; job: Job; report: Report }
  | { name: "methods"; job: Job; report: Report }
  | { name: "trends"; job: Job; report: Report }
  | { name: "loneliness"; job: Job; report: Report }
  | { name: "report"; job: Job; report: Report }
  | { name: "compare"; state: CompareState }
  | { name: "check" | "mapping" | "validation"; job: Job; run: FlowRun }
  | { name: "statement"; back: Screen };

const params = new URLSearchParams(location.search);
const main = document.getElementById("main") as HTMLElement;
const live = document.getElementById("live") as HTMLElement;
let screen: Screen = { name: "start" };
let running: AbortController | null = null;
/** The last read of the files and its job: the flow screens and the step list show it. */
let flow: { job: Job; run: FlowRun } | null = null;
/**
 * The files read into a worker: one dataset per file set and read settings. A re-run with other
 * analysis options (programme start, subgroups) analyses it again without reading the files;
 * new files or other read settings dispose it (its worker ends, its memory returns).
 */
let held: { source: File[] | "demo"; read: string; names: string[]; dataset: Dataset } | null = null;

function disposeHeld(): void {
  void held?.dataset.dispose();
  held = null;
}
/** The series chosen on the Trends screen (kept across language switches and re-runs). */
const trendChoice: { id: string | null } = { id: null };

/** The "as of" date: `?asOf=YYYY-MM-DD` when given (reproducible reports, tests), else today. */
function asOf(): string {
  const v = params.get("asOf");
  return v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : todayIso();
}

function storedLang(): Lang | null {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

function storedDigits(): Digits | null {
  try {
    const v = localStorage.getItem(DIGITS_KEY);
    return isDigits(v) ? v : null;
  } catch {
    return null;
  }
}

function announce(text: string): void {
  live.textContent = "";
  requestAnimationFrame(() => {
    live.textContent = text;
  });
}

function focusHeading(): void {
  const heading = main.querySelector<HTMLElement>("h1");
  heading?.focus({ preventScroll: false });
}

// ---------------------------------------------------------------- language

function applyChrome(): void {
  const root = document.documentElement;
  root.lang = lang();
  root.dir = dir();
  document.title = t("app.name");
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n ?? "");
  }
  const nav = document.querySelector<HTMLElement>("[data-lang-nav]");
  nav?.setAttribute("aria-label", t("lang.label"));
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-lang]")) {
    const on = b.dataset.lang === lang();
    b.setAttribute("aria-pressed", String(on));
    b.textContent = LANGS[b.dataset.lang as Lang].name;
  }
  document.querySelector<HTMLElement>("[data-digits-nav]")?.setAttribute("aria-label", t("digits.label"));
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-digits]")) {
    b.setAttribute("aria-pressed", String(b.dataset.digits === digits()));
  }
}

/** Latin or Arabic-Indic digits in every number and date; kept for the next visit. */
function switchDigits(d: Digits): void {
  if (d === digits()) return;
  setDigits(d);
  try {
    localStorage.setItem(DIGITS_KEY, d);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  applyChrome();
  render(false);
  announce(t(`digits.${d}`));
}

function switchLang(l: Lang): void {
  if (l === lang()) return;
  setLang(l);
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  applyChrome();
  render(false);
}

// ---------------------------------------------------------------- screens

function startScreen(): HTMLElement {
  const input = h("input", {
    type: "file",
    id: "file-input",
    class: "file-input",
    multiple: true,
    accept: ACCEPT,
    "aria-describedby": "drop-hint",
  });
  input.addEventListener("change", () => {
    const files = input.files ? [...input.files] : [];
    input.value = "";
    if (files.length > 0) void run(filesJob(files));
  });
  const zone = h(
    "div",
    { class: "dropzone" },
    input,
    h(
      "label",
      { for: "file-input", class: "drop-label" },
      h("span", { class: "drop-icon", "aria-hidden": "true" }),
      h("span", { class: "drop-title" }, t("start.drop.title")),
      h("span", { class: "drop-hint", id: "drop-hint" }, t("start.drop.hint")),
    ),
  );
  const setActive = (on: boolean): void => {
    zone.classList.toggle("active", on);
  };
  zone.addEventListener("dragenter", (e) => {
    e.preventDefault();
    setActive(true);
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    setActive(true);
  });
  zone.addEventListener("dragleave", (e) => {
    if (!zone.contains(e.relatedTarget as Node | null)) setActive(false);
  });
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    setActive(false);
    const files = e.dataTransfer ? [...e.dataTransfer.files] : [];
    if (files.length > 0) void run(filesJob(files));
  });
  return h(
    "section",
    { class: "start", "aria-labelledby": "start-title", "data-screen": "start" },
    h("h1", { id: "start-title", tabindex: "-1" }, t("start.title")),
    h("p", { class: "lead" }, t("start.intro")),
    zone,
    h("p", { class: "or" }, t("start.or")),
    h(
      "div",
      { class: "demo" },
      h(
        "button",
        { type: "button", class: "primary", "data-action": "demo", "aria-describedby": "demo-hint", onclick: () => openDemo() },
        t("start.demo"),
      ),
      h("p", { class: "hint", id: "demo-hint" }, t("start.demo.hint")),
    ),
    templateBox(),
    savedProfilesBox(),
    h(
      "div",
      { class: "demo compare-entry" },
      h(
        "button",
        { type: "button", class: "secondary", "data-action": "compare", "aria-describedby": "compare-hint", onclick: () => openCompare() },
        t("start.compare"),
      ),
      h("p", { class: "hint", id: "compare-hint" }, t("start.compare.hint")),
    ),
  );
}

/** "Download a template (XLSX)": a blank workbook in the interface language, for a start from scratch. */
function templateBox(): HTMLElement {
  const button = h(
    "button",
    {
      type: "button",
      class: "secondary",
      "data-action": "download-template",
      "aria-describedby": "template-hint",
      onclick: () => {
        button.disabled = true;
        saveTemplate(lang())
          .then(() => announce(t("start.template.done")))
          .catch(() => announce(t("start.template.failed")))
          .finally(() => {
            button.disabled = false;
          });
      },
    },
    t("start.template"),
  ) as HTMLButtonElement;
  return h("div", { class: "demo template-entry" }, button, h("p", { class: "hint", id: "template-hint" }, t("start.template.hint")));
}

/** The saved mapping profiles (applied to the next files chosen) and a profile import. */
function savedProfilesBox(): HTMLElement {
  const saved = savedProfiles();
  const status = h("p", { class: "hint", id: "start-profile-status" });
  const input = profileImport("start-profile-import", status, { announce }, (list) => {
    render(false);
    announce(t("flow.start.imported", { n: formatNumber(list.length) }));
    main.querySelector<HTMLElement>("#start-profile-import")?.focus();
  });
  return h(
    "section",
    { class: "card saved-box", "aria-labelledby": "saved-title", "data-section": "saved-profiles" },
    h("h2", { id: "saved-title" }, t("flow.start.savedTitle")),
    h("p", null, t(saved.length > 0 ? "flow.start.savedIntro" : "flow.start.noneIntro")),
    saved.length > 0 ? savedList(saved, { announce }, () => render(false)) : null,
    h(
      "div",
      { class: "field" },
      h("label", { for: "start-profile-import" }, t("flow.profile.import")),
      input,
      h("p", { class: "hint", id: "start-profile-import-hint" }, t("flow.start.importHint")),
    ),
    status,
  );
}

/** A job reading `files` with the saved profiles applied (the monthly repeat asks nothing). */
function filesJob(files: File[]): Job {
  const saved = savedProfiles();
  const settings = applyProfiles(emptySettings(), saved);
  return { kind: "files", files, settings, auto: saved.length > 0 };
}

function openCompare(): void {
  running?.abort();
  screen = { name: "compare", state: emptyCompare() };
  render(true);
}

function progressScreen(job: Job, p: AnalysisProgress | null): HTMLElement {
  const fill = h("div", { class: "bar-fill" });
  const bar = h(
    "div",
    {
      class: "progressbar",
      role: "progressbar",
      "aria-labelledby": "progress-title",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": "0",
    },
    fill,
  );
  const fileLine = h("p", { class: "progress-file" });
  const detail = h("p", { class: "progress-detail" });
  const section = h(
    "section",
    { class: "progress card", "aria-labelledby": "progress-title", "data-screen": "progress" },
    h("h1", { id: "progress-title", tabindex: "-1" }, t("progress.title")),
    fileLine,
    bar,
    detail,
    h("button", { type: "button", class: "secondary", "data-action": "cancel", onclick: () => running?.abort() }, t("progress.cancel")),
  );
  const update = (q: AnalysisProgress | null): void => {
    if (q === null) {
      fileLine.textContent = job.kind === "demo" ? t("progress.demo") : "";
      detail.textContent = "";
      return;
    }
    const pct = q.overallTotalBytes > 0 ? Math.round((q.overallBytes / q.overallTotalBytes) * 100) : 100;
    fill.style.inlineSize = `${pct}%`; // CSSOM, allowed by style-src 'self'
    bar.setAttribute("aria-valuenow", String(pct));
    const text = t("progress.detail", {
      bytes: formatBytes(q.bytes),
      total: formatBytes(q.totalBytes),
      rows: formatNumber(q.rows),
    });
    bar.setAttribute("aria-valuetext", `${pct}% · ${text}`);
    fileLine.replaceChildren(
      ...tNodes("progress.file", { file: q.fileName, index: formatNumber(q.fileIndex + 1), count: formatNumber(q.fileCount) }),
    );
    detail.textContent = text;
  };
  update(p);
  (section as HTMLElement & { update?: typeof update }).update = update;
  return section;
}

/** A select per workbook with more than one sheet with data; the default is preselected. */
function sheetsScreen(job: Job & { kind: "files" }, workbooks: WorkbookSheets[]): HTMLElement {
  const selects = workbooks.map((w, i) => {
    const id = `sheet-${i}`;
    const select = h(
      "select",
      { id, "data-sheet-file": w.file },
      w.sheets
        .filter((s) => s.kind === "worksheet")
        .map((s) =>
          h(
            "option",
            { value: s.name, selected: s.isDefault },
            s.visibility !== "visible"
              ? t("sheets.hidden", { sheet: s.name })
              : s.hasData
                ? s.name
                : t("sheets.empty", { sheet: s.name }),
          ),
        ),
    );
    return { file: w.file, select, field: h("div", { class: "field" }, h("label", { for: id }, tNodes("sheets.label", { file: h("bdi", null, w.file) })), select) };
  });
  const form = h(
    "form",
    { class: "sheet-form" },
    selects.map((s) => s.field),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-action": "read-sheets" }, t("sheets.analyze")),
      h("button", { type: "button", class: "secondary", "data-action": "other-files", onclick: () => goStart() }, t("sheets.back")),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const sheets: Record<string, string> = {};
    for (const s of selects) sheets[s.file] = s.select.value;
    void run({ ...job, sheets });
  });
  return h(
    "section",
    { class: "sheets card", "aria-labelledby": "sheets-title", "data-screen": "sheets" },
    h("h1", { id: "sheets-title", tabindex: "-1" }, t("sheets.title")),
    h("p", null, t("sheets.intro")),
    form,
  );
}

function errorMessage(e: MadadError): Node[] {
  const key = `error.${e.code}`;
  const vars: Record<string, string> = { ...e.params, file: e.file ?? "", code: e.code };
  if (e.code === "schema.missing_columns") {
    const list = new Intl.ListFormat(LANGS[lang()].locale, { type: "conjunction" });
    vars.missing = list.format((e.params.missing ?? "").split(",").filter(Boolean).map((f) => t(`field.${f}`)));
    // A binary file the core does not recognise (e.g. a PDF saved as .csv) may yield control
    // characters as "headers": show only printable text, and not too much of it.
    const headers = (e.params.headers ?? "").replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, "").split(" | ").join(" · ");
    vars.headers = headers.length > 160 ? `${headers.slice(0, 160)}…` : headers;
  }
  for (const k of ["max", "found"]) {
    const n = Number(vars[k]);
    if (vars[k] !== undefined && Number.isFinite(n)) vars[k] = formatNumber(n);
  }
  return t(key) !== key ? tNodes(key, vars) : tNodes("error.unknown", { code: e.code });
}

function errorScreen(job: Job, e: MadadError): HTMLElement {
  return h(
    "section",
    { class: "error card", "aria-labelledby": "error-title", "data-screen": "error", "data-error-code": e.code, "data-error-file": e.file ?? "" },
    h("h1", { id: "error-title", tabindex: "-1" }, t("error.title")),
    h("p", { class: "error-message" }, errorMessage(e)),
    e.file ? h("p", { class: "error-detail" }, tNodes("error.file", { file: e.file })) : null,
    h("p", { class: "error-detail" }, tNodes("error.code", { code: h("code", { dir: "ltr" }, e.code) })),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", "data-action": "retry", onclick: () => void run(job) }, t("error.retry")),
      flow !== null && flow.run.error === e
        ? h("button", { type: "button", class: "secondary", "data-action": "to-mapping", onclick: () => flowActions.go("mapping") }, t("flow.error.map"))
        : null,
      h("button", { type: "button", class: "secondary", "data-action": "other-files", onclick: () => goStart() }, t("error.other")),
    ),
  );
}

function render(moveFocus: boolean): void {
  clear(main);
  let el: HTMLElement;
  switch (screen.name) {
    case "start":
      el = startScreen();
      break;
    case "progress":
      el = progressScreen(screen.job, screen.progress);
      break;
    case "sheets":
      el = sheetsScreen(screen.job, screen.workbooks);
      break;
    case "error":
      el = errorScreen(screen.job, screen.error);
      break;
    case "dashboard":
      {
        const { job, report } = screen;
        el = renderDashboard(
          report,
          () => goStart(),
          () => {
            screen = { name: "methods", job, report };
            render(true);
            window.scrollTo(0, 0);
          },
          announce,
          () => {
            screen = { name: "trends", job, report };
            render(true);
            window.scrollTo(0, 0);
          },
          () => {
            screen = { name: "loneliness", job, report };
            render(true);
            window.scrollTo(0, 0);
          },
          {
            choice: { filter: job.filter ?? noFilter(), program: job.program ?? null },
            refusal: viewRefusal,
            on: {
              apply: (choice) => analyzeView(job, choice),
              program: (program) => {
                const next: Job = { ...job, program };
                viewRefusal = null;
                screen = { name: "dashboard", job: next, report };
                render(false);
                announce(program === null ? t("filter.program.all") : t(`program.${program}`));
              },
            },
          },
        );
        // Only whole-data dashboards are compared month to month (a filtered view is not one).
        if (!report.sampleData && !report.view?.active) {
          const now = snapshotOf(report);
          const before = remember(filesKey(report.sources), now);
          if (before !== null) showChanges(el, now, before);
        }
      }
      break;
    case "trends": {
      const { job, report } = screen;
      el = renderTrends(report, trendChoice, {
        onBack: () => {
          screen = { name: "dashboard", job, report };
          render(true);
        },
        onProgramStart: (date) => {
          const next: Job = { ...job, view: "trends" };
          if (date === null) delete next.programStart;
          else next.programStart = date;
          void run(next);
        },
      });
      break;
    }
    case "loneliness": {
      const { job, report } = screen;
      el = renderLoneliness(report, {
        onBack: () => {
          screen = { name: "dashboard", job, report };
          render(true);
        },
        // Analyses the dataset the worker holds again: the files are not read again.
        onSubgroups: (dims) => void run({ ...job, subgroups: dims, view: "loneliness", focus: "[data-action=apply-subgroups]" }),
      });
      break;
    }
    case "methods": {
      const { job, report } = screen;
      el = renderMethods(
        report,
        () => {
          screen = { name: "dashboard", job, report };
          render(true);
        },
        {
          applied: (job.settings ?? emptySettings()).definitions,
          onApply: (definitions) => {
            storeDefinitions(definitions);
            void run({ ...job, settings: { ...copySettings(job.settings ?? emptySettings()), definitions }, view: "methods" });
          },
        },
      );
      break;
    }
    case "report": {
      const { job, report } = screen;
      el = renderReportView(report, {
        onBack: () => {
          screen = { name: "dashboard", job, report };
          render(true);
        },
        announce,
      });
      break;
    }
    case "compare":
      el = renderCompare(screen.state, () => goStart(), announce);
      break;
    case "check":
      el = renderCheck(screen.run, flowActions);
      break;
    case "mapping":
      el = renderMapping(screen.run, flowActions);
      break;
    case "validation":
      el = renderValidation(screen.run, flowActions);
      break;
    case "statement": {
      const back = screen.back;
      el = renderStatement(() => {
        if (location.hash === "#accessibility") history.replaceState(null, "", location.pathname + location.search);
        screen = back;
        render(true);
      });
      break;
    }
  }
  const step = flowStepOf(screen.name);
  if (step !== null && flow !== null) main.append(stepsNav(step, flow.run, flowActions));
  main.append(el);
  main.dataset.currentScreen = screen.name;
  if (moveFocus) focusHeading();
}

/** Says what the analysis found (volunteers, rows read) in the live region. */
function announceResult(report: Report): void {
  const volunteers = publishedValue(report.summary.volunteers);
  const v = volunteers === null ? t("suppressed.value", { k: report.definitions.suppressionThreshold }) : formatNumber(volunteers);
  const rows = report.sources.reduce((n, s) => n + s.rowsTotal, 0);
  if (report.view?.active) {
    announce(t("filter.done", { volunteers: v }));
    return;
  }
  announce(report.sampleData ? t("status.done.sample", { volunteers: v }) : t("status.done", { volunteers: v, rows: formatNumber(rows) }));
}

/** The flow step a screen belongs to, when it shows the step list. */
function flowStepOf(name: Screen["name"]): FlowStep | null {
  return name === "check" || name === "mapping" || name === "validation" || name === "dashboard" ? name : null;
}

const flowActions: FlowActions = {
  go(step) {
    if (step === "start") {
      goStart();
      return;
    }
    if (flow === null) return;
    const { job, run } = flow;
    if (step === "dashboard") {
      if (run.report === null) return;
      screen = { name: "dashboard", job, report: run.report };
    } else {
      screen = { name: step, job, run };
    }
    render(true);
    window.scrollTo(0, 0);
    if (step === "dashboard" && run.report !== null) announceResult(run.report);
    else announce(t(`flow.step.${step}`));
  },
  reread(settings, step) {
    if (flow === null) return;
    const { auto: _auto, ...job } = flow.job;
    void run({ ...job, settings, view: step });
  },
  announce,
};

function openStatement(): void {
  if (screen.name === "statement") return;
  screen = { name: "statement", back: screen.name === "progress" ? { name: "start" } : screen };
  render(true);
}

function goStart(): void {
  running?.abort();
  disposeHeld();
  if (params.has("demo")) {
    params.delete("demo");
    const q = params.toString();
    history.replaceState(null, "", q ? `?${q}` : location.pathname);
  }
  screen = { name: "start" };
  render(true);
}

function openDemo(): void {
  if (!params.has("demo")) {
    params.set("demo", "1");
    history.replaceState(null, "", `?${params.toString()}`);
  }
  void run({ kind: "demo" });
}

// ---------------------------------------------------------------- analysis

/** The demo municipality's files, as `scripts/build.sh` puts them in `web/public/demo/`. */
const DEMO_FILES: { name: string; type: string }[] = [
  { name: "hours_log.csv", type: "text/csv" },
  { name: "volunteers.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { name: "loneliness_survey.csv", type: "text/csv" },
  { name: "population.csv", type: "text/csv" },
];

async function demoFile(name: string, type: string, signal: AbortSignal): Promise<File> {
  let res: Response;
  try {
    res = await fetch(`demo/${name}`, { signal, cache: "no-cache" });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new MadadError("demo.unavailable", { file: name });
  }
  if (!res.ok) throw new MadadError("demo.unavailable", { file: name, params: { status: String(res.status) } });
  return new File([await res.blob()], name, { type });
}

async function demoFiles(signal: AbortSignal): Promise<File[]> {
  return Promise.all(DEMO_FILES.map((f) => demoFile(f.name, f.type, signal)));
}

/**
 * The sheets of every workbook among `files` (for the sheet picker and the file check). Only
 * the workbooks' pre-scan runs, in a worker; a CSV never loads the spreadsheet reader.
 */
async function workbookSheets(files: File[], signal: AbortSignal): Promise<WorkbookSheets[]> {
  const flags = await Promise.all(files.map((f) => isWorkbook(f)));
  const books = files.filter((_, i) => flags[i]);
  if (books.length === 0) return [];
  const line = main.querySelector(".progress-file");
  if (line) line.textContent = t("progress.sheets");
  return listSheetsInWorker(books, { signal });
}

/** The workbooks with more than one sheet with data (the user then chooses), or `null`. */
function sheetChoices(workbooks: WorkbookSheets[]): WorkbookSheets[] | null {
  const choices = workbooks.filter((w) => w.sheets.filter((s) => s.hasData).length > 1);
  return choices.length > 0 ? choices : null;
}

/** Fatal errors the flow resolves on the Column mapping screen (a choice, not a broken file). */
const FLOW_ERRORS = new Set(["privacy.identifier_column", "privacy.drop_required", "key.required", "key.invalid"]);
/** Fatal errors shown as errors, with a way to the Column mapping screen to resolve them. */
const MAPPABLE_ERRORS = new Set(["schema.missing_columns"]);

/**
 * The analysis options of a job: the sample-data flag of the demo, the programme start, the
 * filtered view (always given, empty for the whole data, so the report lists the levels the
 * filter bar offers).
 */
function analysisOptions(job: Job): AnalysisOptions {
  const o: Record<string, unknown> = {};
  if (job.kind === "demo") o.sampleData = true;
  if (job.programStart) o.trends = { programStart: job.programStart };
  if (job.subgroups) o.loneliness = { subgroups: job.subgroups };
  Object.assign(o, definitionsOption((job.settings ?? emptySettings()).definitions));
  o.filter = job.filter ?? noFilter();
  // `?k=N`: the suppression threshold K (2–1000), e.g. to review what a higher K withholds.
  const k = Number(params.get("k"));
  if (params.has("k") && Number.isInteger(k) && k >= 2 && k <= 1000) o.suppressionThreshold = k;
  return o as AnalysisOptions;
}

/** The last refused view (shown by the filter bar until the next change), or `null`. */
let viewRefusal: ViewRefusal | null = null;
/** The dashboard shown before a re-analysis, kept while a new view is computed (for a refusal). */
let lastDashboard: { job: Job; report: Report } | null = null;

/**
 * Re-analyses with the filter bar's choice. Today this re-reads the files as a change of the
 * programme start does (`run`); it is the one place to swap for a persistent dataset handle.
 */
function analyzeView(job: Job, choice: ViewChoice): void {
  if (screen.name === "dashboard") lastDashboard = { job: screen.job, report: screen.report };
  viewRefusal = null;
  announce(t("filter.running"));
  void run({ ...job, filter: choice.filter, program: choice.program, view: "dashboard", auto: false });
}

async function run(job: Job): Promise<void> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const { signal } = controller;
  screen = { name: "progress", job, progress: null };
  render(true);
  let pending: AnalysisProgress | null = null;
  let scheduled = false;
  const onProgress = (p: AnalysisProgress): void => {
    if (screen.name !== "progress" || running !== controller) return;
    screen.progress = p;
    pending = p;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const section = main.querySelector("[data-screen=progress]") as (HTMLElement & { update?: (p: AnalysisProgress) => void }) | null;
      if (pending && section?.update) section.update(pending);
    });
  };
  const settings = job.settings ?? emptySettings();
  // A re-read of the same files keeps their sheet lists (no second pre-scan).
  let workbooks: WorkbookSheets[] = flow !== null && flow.job.kind === "files" && job.kind === "files" && flow.job.files === job.files ? flow.run.workbooks : [];
  let names: string[] = [];
  try {
    const sheets = { ...(job.kind === "files" ? (job.sheets ?? {}) : {}), ...(sheetsOption(settings) ?? {}) };
    const ingest = ingestOptions(settings, asOf());
    const source = job.kind === "demo" ? "demo" : job.files;
    const read = JSON.stringify([ingest, sheets]);
    // The same files read the same way: analyse the dataset held, without reading them again.
    let dataset = held !== null && held.source === source && held.read === read && !held.dataset.disposed ? held.dataset : null;
    if (dataset !== null && held !== null) {
      names = held.names;
    } else {
      disposeHeld();
      // Compiling the wasm overlaps fetching the demo files (and the workbook pre-scan).
      const modules = compiledModules();
      const files = job.kind === "demo" ? await demoFiles(signal) : job.files;
      names = files.map((f) => f.name);
      if (job.kind === "files" && (job.sheets === undefined || workbooks.length === 0)) {
        workbooks = await workbookSheets(files, signal);
        if (running !== controller) return;
        const choices = job.sheets === undefined && sheetsOption(settings) === undefined ? sheetChoices(workbooks) : null;
        if (choices !== null) {
          flow = { job, run: { files: names, report: null, details: null, error: null, workbooks, settings, sample: false } };
          screen = { name: "sheets", job, workbooks: choices };
          render(true);
          announce(t("sheets.title"));
          return;
        }
      }
      dataset = await openInWorker(files, {
        ...(await modules),
        ingest,
        sheets: Object.keys(sheets).length > 0 ? sheets : undefined,
        signal,
        onProgress,
      });
      if (running !== controller) {
        void dataset.dispose();
        return;
      }
      held = { source, read, names, dataset };
    }
    const report = await dataset.analyze(analysisOptions(job), { signal });
    if (running !== controller) return;
    const got: DatasetDetails = dataset.details;
    const flowRun: FlowRun = { files: names, report, details: got, error: null, workbooks, settings, sample: job.kind === "demo" };
    flow = { job, run: flowRun };
    // Monthly repeat: every file matches a saved profile. Read once more only where a profile
    // says to read a file differently (encoding, delimiter, header row) than was detected.
    if (job.auto) {
      const saved = savedProfiles();
      if (coveredByProfiles(got.ledgers, saved)) {
        const next = { ...settings, files: { ...settings.files } };
        let again = false;
        for (const l of got.ledgers) {
          const p = profileFor(l, saved);
          const c = p ? readChoiceFromProfile(l, p) : null;
          if (c !== null && next.files[l.name] === undefined) {
            next.files[l.name] = c;
            again = true;
          }
        }
        if (again) {
          void run({ ...job, settings: next, view: "dashboard", auto: false });
          return;
        }
        job.view = "dashboard";
      } else {
        job.view = "check";
      }
    }
    const view = job.view ?? (job.kind === "demo" ? "dashboard" : "check");
    if (view === "check" || view === "mapping" || view === "validation") {
      screen = { name: view, job, run: flowRun };
      render(true);
      announce(t(`flow.step.${view}`));
      return;
    }
    screen = { name: view === "trends" || view === "loneliness" || view === "methods" ? view : "dashboard", job, report };
    lastDashboard = null;
    viewRefusal = null;
    render(true);
    if (job.view === "trends") {
      announce(t("trend.rerun.done"));
      return;
    }
    if (job.view === "loneliness") {
      // The box just ticked or cleared keeps the focus (the screen was drawn anew).
      if (job.focus) main.querySelector<HTMLElement>(job.focus)?.focus();
      announce(t("lon.subgroups.rerun.done"));
      return;
    }
    if (job.view === "methods") {
      announce(t("defs.applied"));
      return;
    }
    announceResult(report);
  } catch (e) {
    if (running !== controller && !signal.aborted) return;
    if (signal.aborted) {
      if (running === controller) {
        // Cancelled by the user: back to Start, where new files will be chosen.
        disposeHeld();
        screen = { name: "start" };
        render(true);
        announce(t("status.cancelled"));
      }
      return;
    }
    const err =
      e instanceof MadadError
        ? e
        : new MadadError("internal.unexpected", { params: { detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } });
    // A refused view: back to the figures shown before, with the reason in the filter bar.
    if (err.code.startsWith("filter.") && lastDashboard !== null) {
      const prev = lastDashboard;
      lastDashboard = null;
      viewRefusal = { code: err.code, dimension: err.params.dimension ?? null, filter: job.filter };
      screen = { name: "dashboard", job: prev.job, report: prev.report };
      render(true);
      announce(refusalText(viewRefusal, prev.report.definitions.suppressionThreshold));
      return;
    }
    if (FLOW_ERRORS.has(err.code)) {
      const flowRun: FlowRun = { files: names, report: null, details: null, error: err, workbooks, settings, sample: job.kind === "demo" };
      flow = { job, run: flowRun };
      screen = { name: "mapping", job, run: flowRun };
      render(true);
      announce(t("flow.blocked.title"));
      return;
    }
    if (MAPPABLE_ERRORS.has(err.code)) {
      flow = { job, run: { files: names, report: null, details: null, error: err, workbooks, settings, sample: job.kind === "demo" } };
    }
    screen = { name: "error", job, error: err };
    render(true);
    const msg = main.querySelector(".error-message")?.textContent ?? err.code;
    announce(t("status.error", { message: msg }));
  } finally {
    if (running === controller) running = null;
  }
}

// ---------------------------------------------------------------- boot

/** Resolves when the browser is idle (at the latest after two seconds). */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout: 2000 });
    else setTimeout(resolve, 200);
  });
}

/** The analysis started by the address (`?demo=1`), which the warm-up waits for. */
let firstRun: Promise<void> = Promise.resolve();

function boot(): void {
  const fromUrl = params.get("lang");
  setLang(isLang(fromUrl) ? fromUrl : (storedLang() ?? "he"));
  const digitsFromUrl = params.get("digits");
  setDigits(isDigits(digitsFromUrl) ? digitsFromUrl : storedDigits());
  applyChrome();
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-lang]")) {
    b.addEventListener("click", () => switchLang(b.dataset.lang as Lang));
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-digits]")) {
    b.addEventListener("click", () => switchDigits(b.dataset.digits as Digits));
  }
  // Download buttons on every chart and table; "Printable report" opens the Report screen.
  watchExports(main, announce);
  main.addEventListener(OPEN_REPORT_EVENT, () => {
    if (screen.name !== "dashboard") return;
    screen = { name: "report", job: screen.job, report: screen.report };
    render(true);
    window.scrollTo(0, 0);
  });
  for (const a of document.querySelectorAll<HTMLAnchorElement>("[data-statement-link]")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      history.replaceState(null, "", `${location.pathname}${location.search}#accessibility`);
      openStatement();
    });
  }
  window.addEventListener("hashchange", () => {
    if (location.hash === "#accessibility") openStatement();
  });
  // A file dropped outside the drop zone must not make the browser navigate to it.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());

  if (location.hash === "#accessibility") {
    screen = { name: "statement", back: { name: "start" } };
    render(false);
  } else if (params.get("demo") === "1") firstRun = run({ kind: "demo" });
  else render(false);

  // After the first paint: compile the core and statistics wasm once for the page (every
  // analysis worker and the page's own bundle functions get these) and fetch the chart code;
  // then, when the browser is idle, warm a worker with the spreadsheet readers (XLSX/ODS about
  // 263 KB and XLS about 213 KB gzip) and the export writer (about 355 KB gzip), so that
  // everything the dashboard needs is in the HTTP cache (the page keeps working offline, for
  // Excel files and exports too). `data-offline-ready` tells tests (and the curious) that
  // nothing else will be fetched.
  requestAnimationFrame(() => {
    setTimeout(() => {
      // A demo opened by the address runs first: on two cores, warming up beside it would
      // compete with it for the CPU.
      void firstRun
        .then(async () => {
          const modules = await compiledModules();
          const page = await Promise.allSettled([import("./chart.js"), initStats(modules.statsModule)]);
          await idle();
          const worker = await warmUpWorker({ ...modules, spreadsheets: true }).then(
            () => true,
            () => false,
          );
          await idle();
          // The export writer (XLSX, CSV) too, so that exports work offline after load.
          const writer = await initReport().then(
            () => true,
            () => false,
          );
          return modules.module !== undefined && page.every((r) => r.status === "fulfilled") && worker && writer;
        })
        .then((ok) => {
          document.documentElement.dataset.offlineReady = String(ok);
        });
    }, 0);
  });
}

boot();
