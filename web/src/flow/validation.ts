// Validation: the problems found, grouped by code (errors, whose rows are excluded, before
// warnings), each with its count, up to three examples (file, row, column) and one fix rule;
// the used / excluded counter; the excluded rows of each file to download, fix and add again.
import type { Diagnostic, Severity } from "madad";
import { diagnosticItem } from "../dashboard.js";
import { h } from "../dom.js";
import { formatNumber } from "../format.js";
import { has, t, tNodes } from "../i18n.js";
import { copySettings } from "./settings.js";
import { download, stepActions, stepHead, type FlowActions, type FlowRun } from "./steps.js";

interface Group {
  code: string;
  severity: Severity;
  count: number;
  examples: Diagnostic[];
}

/** Problems by code across files: exact counts from the ledgers, examples from the report. */
export function problemGroups(run: FlowRun): Group[] {
  const groups = new Map<string, Group>();
  for (const l of run.report?.sources ?? []) {
    for (const p of l.problems) {
      const g = groups.get(p.code) ?? { code: p.code, severity: p.severity, count: 0, examples: [] };
      g.count += p.count;
      if (p.severity === "error") g.severity = "error";
      groups.set(p.code, g);
    }
  }
  for (const d of run.report?.diagnostics ?? []) {
    const g = groups.get(d.code);
    if (g && g.examples.length < 3) g.examples.push(d);
  }
  return [...groups.values()].sort((a, b) =>
    a.severity === b.severity ? b.count - a.count || a.code.localeCompare(b.code) : a.severity === "error" ? -1 : 1,
  );
}

/** The one fix rule of a group: a control that reads the files again, or what to do. */
function fixRule(g: Group, run: FlowRun, actions: FlowActions): HTMLElement {
  const id = `fix-${g.code.replace(/[^a-z0-9]/gi, "-")}`;
  const apply = (label: string, onclick: () => void): HTMLElement =>
    h("button", { type: "button", class: "secondary", "data-action": "apply-fix", "data-fix": g.code, onclick }, label);
  const s = copySettings(run.settings);
  if (g.code === "hours.out_of_range") {
    const input = h("input", { id, type: "number", min: "1", max: "24", step: "1", value: String(s.maxHoursPerRecord ?? 24), inputmode: "numeric" });
    return h(
      "div",
      { class: "fix", "data-fix-rule": g.code },
      h("label", { for: id }, t("flow.fix.hours.label")),
      input,
      apply(t("flow.fix.apply"), () => {
        const n = Number(input.value);
        if (Number.isInteger(n) && n >= 1 && n <= 24) {
          s.maxHoursPerRecord = n;
          actions.reread(s, "validation");
        }
      }),
    );
  }
  if (g.code === "row.duplicate") {
    const box = h("input", { id, type: "checkbox", checked: s.keepDuplicates });
    return h(
      "div",
      { class: "fix", "data-fix-rule": g.code },
      h("div", { class: "radio" }, box, h("label", { for: id }, t("flow.fix.duplicates.label"))),
      apply(t("flow.fix.apply"), () => {
        s.keepDuplicates = box.checked;
        actions.reread(s, "validation");
      }),
    );
  }
  if (g.code === "date.order_assumed") {
    const select = h(
      "select",
      { id },
      h("option", { value: "dmy", selected: s.dateOrder !== "mdy" }, t("flow.fix.dateOrder.dmy")),
      h("option", { value: "mdy", selected: s.dateOrder === "mdy" }, t("flow.fix.dateOrder.mdy")),
    );
    return h(
      "div",
      { class: "fix", "data-fix-rule": g.code },
      h("label", { for: id }, t("flow.fix.dateOrder.label")),
      select,
      apply(t("flow.fix.apply"), () => {
        s.dateOrder = select.value === "mdy" ? "mdy" : "dmy";
        actions.reread(s, "validation");
      }),
    );
  }
  if (g.code.startsWith("encoding.")) {
    return h(
      "div",
      { class: "fix", "data-fix-rule": g.code },
      h("p", null, t("flow.fix.encoding")),
      h("button", { type: "button", class: "secondary", "data-action": "to-check", onclick: () => actions.go("check") }, t("flow.fix.toCheck")),
    );
  }
  const key = `flow.fix.${g.code}`;
  return h("div", { class: "fix", "data-fix-rule": g.code }, h("p", null, t(has(key) ? key : g.severity === "error" ? "flow.fix.default" : "flow.fix.defaultWarning")));
}

function groupItem(g: Group, run: FlowRun, actions: FlowActions, i: number): HTMLElement {
  return h(
    "li",
    { class: `diag-group ${g.severity}`, "data-code": g.code, "data-count": g.count },
    h(
      "h3",
      { id: `val-group-${i}` },
      h("span", { class: "diag-name" }, has(`diagname.${g.code}`) ? t(`diagname.${g.code}`) : g.code),
      " ",
      h("span", { class: "diag-count" }, t("diag.count", { count: formatNumber(g.count) })),
    ),
    h("p", { class: "diag-meta" }, h("span", { class: `severity ${g.severity}` }, t(`flow.val.severity.${g.severity}`)), " · ", h("code", { dir: "ltr" }, g.code)),
    g.examples.length > 0
      ? h(
          "ul",
          { class: "diag-examples", "aria-label": t("diag.examples") },
          g.examples.map((d) => diagnosticItem(d)),
        )
      : null,
    h("div", { class: "fix-box", role: "group", "aria-labelledby": `val-group-${i}` }, h("p", { class: "fix-title" }, t("flow.fix.title")), fixRule(g, run, actions)),
  );
}

export function renderValidation(run: FlowRun, actions: FlowActions): HTMLElement {
  const sources = run.report?.sources ?? [];
  const sum = (f: (l: (typeof sources)[number]) => number): number => sources.reduce((n, l) => n + f(l), 0);
  const used = sum((l) => l.rowsUsed);
  const rejected = sum((l) => l.rowsRejected);
  const groups = problemGroups(run);
  const warnings = groups.filter((g) => g.severity === "warning").reduce((n, g) => n + g.count, 0);
  const errors = groups.filter((g) => g.severity === "error");
  const warns = groups.filter((g) => g.severity === "warning");
  const excluded = (run.details?.excludedRows ?? []).map((bytes, i) => ({ bytes, ledger: run.details?.ledgers[i] })).filter((x) => x.bytes !== null && x.ledger);
  let n = 0;
  return h(
    "section",
    { class: "flow validation", "aria-labelledby": "validation-title", "data-screen": "validation" },
    stepHead("validation-title", t("flow.val.title"), t("flow.val.intro")),
    h(
      "p",
      { class: "rows-line counter", "data-rows-used": used, "data-rows-rejected": rejected, "data-warnings": warnings },
      t("dash.rowsLine", { used: formatNumber(used), rejected: formatNumber(rejected), warnings: formatNumber(warnings) }),
    ),
    excluded.length > 0
      ? h(
          "section",
          { class: "card", "aria-labelledby": "val-excluded", "data-section": "excluded" },
          h("h2", { id: "val-excluded" }, t("flow.val.excludedTitle")),
          h("p", null, t("flow.val.excludedIntro")),
          h(
            "ul",
            { class: "excluded-list" },
            excluded.map(({ bytes, ledger }) =>
              h(
                "li",
                null,
                h(
                  "button",
                  {
                    type: "button",
                    class: "secondary",
                    "data-action": "download-excluded",
                    "data-file": ledger?.name ?? "",
                    onclick: () => {
                      const base = (ledger?.name ?? "file").replace(/\.[^.]+$/, "");
                      download(bytes as Uint8Array, `${base}.excluded.csv`, "text/csv;charset=utf-8");
                      actions.announce(t("flow.val.downloaded", { file: ledger?.name ?? "" }));
                    },
                  },
                  tNodes("flow.val.download", { file: ledger?.name ?? "", n: formatNumber(ledger?.rowsRejected ?? 0) }),
                ),
              ),
            ),
          ),
        )
      : null,
    [
      ["error", errors, "flow.val.errors"],
      ["warning", warns, "flow.val.warnings"],
    ].map(([sev, list, title]) =>
      h(
        "section",
        { class: "card", "aria-labelledby": `val-${sev as string}`, "data-section": `val-${sev as string}` },
        h("h2", { id: `val-${sev as string}` }, t(title as string)),
        (list as Group[]).length === 0
          ? h("p", null, t(sev === "error" ? "flow.val.noErrors" : "flow.val.noWarnings"))
          : h("ul", { class: "diag-groups" }, (list as Group[]).map((g) => groupItem(g, run, actions, n++))),
      ),
    ),
    stepActions(
      h("button", { type: "button", class: "secondary", "data-action": "flow-back", onclick: () => actions.go("mapping") }, t("flow.back.mapping")),
      h("button", { type: "button", class: "primary", "data-action": "analyse", disabled: run.report === null, onclick: () => actions.go("dashboard") }, t("flow.next.dashboard")),
    ),
  );
}
