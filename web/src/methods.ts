// The Methods view: what the numbers rest on. The definitions in force, every file with its
// format, encoding, SHA-256 and row accounting, the suppression audit (each withheld cell with
// its reason), and the version and as-of date.
import type { Report } from "madad";
import { h } from "./dom.js";
import { formatDate, formatNumber } from "./format.js";
import { has, lang, t } from "./i18n.js";
import { lonelinessMethods } from "./loneliness.js";
import { trendMethods } from "./trends.js";
import { DEFINITION_SPECS, crossCheck, differsFromDefault, overridesOf, parseField, specOf, type DefSpec, type DefValue, type DefinitionOverrides } from "./flow/definitions.js";

type Obj = Record<string, unknown>;

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === "") return "–";
  if (Array.isArray(v)) return v.length === 0 ? "–" : v.map((x) => valueText(x)).join(", ");
  if (typeof v === "number") return formatNumber(v, 4);
  if (typeof v === "boolean") return t(v ? "methods.yes" : "methods.no");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** A definition's value as the Methods table shows it (statuses and period types by name). */
function defText(key: string, v: unknown): string {
  if (key === "countedStatuses" && Array.isArray(v)) return valueText(v.map((s) => (has(`statusName.${String(s)}`) ? t(`statusName.${String(s)}`) : String(s))));
  if (key === "periodType" && typeof v === "string" && has(`defs.period.${v}`)) return t(`defs.period.${v}`);
  if (v === null || v === undefined || v === "") return t("defs.none");
  return valueText(v);
}

/**
 * A key–value table. `registry`: the rows are the definitions registry — editable definitions
 * are shown by name and marked when they differ from the default.
 */
function kvTable(id: string, caption: string, rows: [string, unknown][], registry = false): HTMLElement {
  const changed = (key: string, v: unknown): boolean => registry && differsFromDefault(key, v);
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": `${id}-cap` },
    h(
      "table",
      { class: "data-table kv-table", "data-table": id },
      h("caption", { id: `${id}-cap` }, caption),
      h(
        "tbody",
        null,
        rows.map(([key, v]) =>
          h(
            "tr",
            { "data-key": key, "data-changed": changed(key, v) ? "true" : null },
            h("th", { scope: "row" }, has(`def.${key}`) ? t(`def.${key}`) : h("code", { dir: "ltr" }, key)),
            h(
              "td",
              null,
              h("bdi", null, registry && specOf(key) ? defText(key, v) : valueText(v)),
              changed(key, v)
                ? h("span", { class: "badge def-changed", "data-def-changed": key }, " ", t("defs.changed", { value: defText(key, specOf(key)?.default) }))
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

/** A suppression cell path ("volume/byRole/ביקורי בית/volunteers") for reading. */
function cellName(cell: string): string {
  return cell.split("/").join(" › ");
}

/** What the Methods screen needs to edit the definitions (absent in the printed report). */
export interface DefinitionsEdit {
  /** The definitions applied (overrides of the defaults). */
  applied: DefinitionOverrides;
  /** Applies new overrides (`{}`: the defaults) and analyses again. */
  onApply: (d: DefinitionOverrides) => void;
}

export function renderMethods(report: Report, onBack: () => void, edit?: DefinitionsEdit): HTMLElement {
  const d = report.definitions as unknown as Obj;
  const k = report.definitions.suppressionThreshold;
  const registry = (obj(d.registry) ?? {}) as Obj;
  const reasons = new Map<string, number>();
  for (const s of report.suppression) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const defs = report.definitions.indicators as unknown as { id: string; name: Record<string, string>; formula: string; caveats: Record<string, string>; source: Record<string, string> }[];
  return h(
    "section",
    { class: "methods", "aria-labelledby": "methods-title", "data-screen": "methods" },
    h(
      "div",
      { class: "dash-head" },
      h(
        "div",
        null,
        h("h1", { id: "methods-title", tabindex: "-1" }, t("methods.title")),
        h("p", { class: "dash-meta" }, t("methods.intro")),
      ),
      h("button", { type: "button", class: "secondary", "data-action": "back-dashboard", onclick: () => onBack() }, t("methods.back")),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "methods-version", "data-section": "version" },
      h("h2", { id: "methods-version" }, t("methods.version.title")),
      h(
        "dl",
        { class: "meta-list" },
        h("dt", null, t("methods.madadVersion")),
        h("dd", { "data-madad-version": report.madadVersion }, h("bdi", { dir: "ltr" }, report.madadVersion)),
        h("dt", null, t("methods.schemaVersion")),
        h("dd", null, formatNumber(report.schemaVersion)),
        h("dt", null, t("methods.definitionsVersion")),
        h("dd", null, h("bdi", { dir: "ltr" }, String(d.definitionsVersion ?? "–"))),
        h("dt", null, t("methods.benchmarksVersion")),
        h("dd", null, h("bdi", { dir: "ltr" }, report.benchmarks.version)),
        h("dt", null, t("methods.asOf")),
        h("dd", { "data-as-of": report.asOf ?? "" }, formatDate(report.asOf)),
        h("dt", null, t("methods.indicatorsAsOf")),
        h(
          "dd",
          null,
          formatDate(d.indicatorsAsOf as string | null),
          " · ",
          has(`asOfSource.${String(d.asOfSource)}`) ? t(`asOfSource.${String(d.asOfSource)}`) : String(d.asOfSource),
        ),
        h("dt", null, t("methods.threshold")),
        h("dd", { "data-k": String(k) }, formatNumber(k)),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "methods-defs", "data-section": "definitions" },
      h("h2", { id: "methods-defs" }, t("methods.defs.title")),
      kvTable("defs-core", t("methods.defs.core"), [
        ["countedStatuses", (d.countedStatuses as string[]).map((s) => (has(`statusName.${s}`) ? t(`statusName.${s}`) : s))],
        ["volunteerKey", has(`field.${String(d.volunteerKey)}`) ? t(`field.${String(d.volunteerKey)}`) : d.volunteerKey],
        ["monthlyActiveRule", has(`rule.${String(d.monthlyActiveRule)}`) ? t(`rule.${String(d.monthlyActiveRule)}`) : d.monthlyActiveRule],
        ["suppressionThreshold", d.suppressionThreshold],
        ["maxHoursPerRecord", d.maxHoursPerRecord],
      ]),
      kvTable("defs-registry", t("methods.defs.registry"), Object.entries(registry), true),
      edit ? definitionsForm(registry, edit) : null,
      h("h3", null, t("methods.indicators.title")),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("methods.indicators.title") },
        h(
          "table",
          { class: "data-table defs-table", "data-table": "indicator-definitions" },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ["ind.def.id", "ind.def.name", "ind.def.formula", "ind.def.caveats", "ind.def.source"].map((key) => h("th", { scope: "col" }, t(key))),
            ),
          ),
          h(
            "tbody",
            null,
            defs.map((x) =>
              h(
                "tr",
                { "data-definition": x.id },
                h("th", { scope: "row" }, h("bdi", { dir: "ltr" }, x.id)),
                h("td", null, x.name[lang()] ?? x.name.en ?? x.id),
                h("td", null, h("code", { dir: "ltr", class: "formula" }, x.formula)),
                h("td", null, x.caveats[lang()] ?? x.caveats.en),
                h("td", null, x.source[lang()] ?? x.source.en),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "methods-files", "data-section": "files" },
      h("h2", { id: "methods-files" }, t("methods.files.title")),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "methods-files" },
        h(
          "table",
          { class: "data-table files-table" },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              ["ledger.file", "ledger.format", "ledger.encoding", "methods.sha256", "ledger.rowsUsed", "ledger.rowsRejected", "ledger.rowsSkipped"].map((key) =>
                h("th", { scope: "col" }, t(key)),
              ),
            ),
          ),
          h(
            "tbody",
            null,
            report.sources.map((l) =>
              h(
                "tr",
                { "data-methods-file": l.name, "data-sha256": l.sha256, "data-rows-used": l.rowsUsed, "data-rows-rejected": l.rowsRejected, "data-rows-skipped": l.rowsSkipped },
                h("th", { scope: "row" }, h("bdi", null, l.name), l.sheet ? h("span", { class: "hint" }, " › ", h("bdi", null, l.sheet)) : null),
                h("td", null, h("bdi", { dir: "ltr" }, l.format.toUpperCase())),
                h("td", null, l.encoding === null ? t("ledger.notText") : h("bdi", { dir: "ltr" }, l.encoding)),
                h("td", null, h("code", { dir: "ltr", class: "hash" }, l.sha256)),
                h("td", { class: "num" }, formatNumber(l.rowsUsed)),
                h("td", { class: "num" }, formatNumber(l.rowsRejected)),
                h("td", { class: "num" }, formatNumber(l.rowsSkipped)),
              ),
            ),
          ),
        ),
      ),
    ),
    trendMethods(report),
    lonelinessMethods(report),
    h(
      "section",
      { class: "card", "aria-labelledby": "methods-suppression", "data-section": "suppression" },
      h("h2", { id: "methods-suppression" }, t("methods.suppression.title")),
      h("p", null, t("methods.suppression.intro", { k: formatNumber(k) })),
      report.suppression.length === 0
        ? h("p", { "data-suppression-none": "" }, t("methods.suppression.none"))
        : [
            h(
              "ul",
              { class: "reason-counts" },
              [...reasons.entries()].map(([r, n]) =>
                h("li", { "data-reason": r, "data-count": n }, t("methods.suppression.count", { reason: reasonText(r, k), n: formatNumber(n) })),
              ),
            ),
            h(
              "div",
              { class: "table-scroll tall", tabindex: "0", role: "region", "aria-labelledby": "methods-suppression" },
              h(
                "table",
                { class: "data-table suppression-table" },
                h("thead", null, h("tr", null, h("th", { scope: "col" }, t("methods.cell")), h("th", { scope: "col" }, t("methods.reason")))),
                h(
                  "tbody",
                  null,
                  report.suppression.map((s) =>
                    h(
                      "tr",
                      { "data-cell": s.cell, "data-reason": s.reason },
                      h("th", { scope: "row" }, h("bdi", null, cellName(s.cell))),
                      h("td", null, reasonText(s.reason, k)),
                    ),
                  ),
                ),
              ),
            ),
          ],
    ),
  );
}

function reasonText(reason: string, k: number): string {
  return has(`suppress.${reason}`) ? t(`suppress.${reason}`, { k: formatNumber(k) }) : reason;
}

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

/** The editable definitions, grouped as docs/indicators.md groups them. */
const GROUPS: [string, string[]][] = [
  ["activity", ["activeWindowMonths", "activeMinHours", "countedStatuses", "countTrainingHours", "regularMinMonths", "meaningfulHoursPerMonth"]],
  ["periods", ["periodType", "fiscalYearStartMonth"]],
  ["value", ["fullTimeHoursPerYear", "wageLowPerHour", "wageHighPerHour", "wageBasis", "fringeRate", "programCost"]],
  ["people", ["adultMinAge", "seniorAge", "minN"]],
];

interface FieldUi {
  spec: DefSpec;
  el: HTMLElement;
  read: () => string | boolean | string[];
  error: HTMLElement;
  focus: HTMLElement;
  invalid: HTMLElement[];
}

function fieldUi(spec: DefSpec, current: unknown): FieldUi {
  const id = `def-${spec.key}`;
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const error = h("p", { class: "field-error", id: errId, hidden: true });
  const hint = h("p", { class: "hint", id: hintId }, t("defs.default", { value: defText(spec.key, spec.default) }));
  const described = `${hintId} ${errId}`;
  const k = spec.kind;
  if (k.type === "statuses") {
    const chosen = Array.isArray(current) ? current.map(String) : [];
    const boxes = k.options.map((s) => h("input", { type: "checkbox", id: `${id}-${s}`, name: spec.key, value: s, checked: chosen.includes(s) }) as HTMLInputElement);
    const fs = h(
      "fieldset",
      { class: "field def-statuses", "data-def": spec.key, "aria-describedby": described },
      h("legend", null, t(`def.${spec.key}`)),
      k.options.map((s, i) => h("span", { class: "check" }, boxes[i], h("label", { for: `${id}-${s}` }, has(`statusName.${s}`) ? t(`statusName.${s}`) : s))),
      hint,
      error,
    );
    return { spec, el: fs, read: () => boxes.filter((b) => b.checked).map((b) => b.value), error, focus: boxes[0] as HTMLElement, invalid: [fs] };
  }
  let control: HTMLInputElement | HTMLSelectElement;
  if (k.type === "bool") {
    control = h("input", { type: "checkbox", id, name: spec.key, checked: current === true, "aria-describedby": described }) as HTMLInputElement;
  } else if (k.type === "choice") {
    control = h(
      "select",
      { id, name: spec.key, "aria-describedby": described },
      k.options.map((o) => h("option", { value: o, selected: o === current }, has(`defs.period.${o}`) ? t(`defs.period.${o}`) : o)),
    ) as HTMLSelectElement;
  } else {
    const numeric = k.type === "int" || k.type === "decimal";
    control = h("input", {
      type: "text",
      id,
      name: spec.key,
      dir: numeric ? "ltr" : null,
      inputmode: k.type === "int" ? "numeric" : k.type === "decimal" ? "decimal" : null,
      autocomplete: "off",
      value: current === null || current === undefined ? "" : String(current),
      "aria-describedby": described,
    }) as HTMLInputElement;
  }
  const c = control;
  const read = (): string | boolean | string[] => (c instanceof HTMLInputElement && c.type === "checkbox" ? c.checked : c.value);
  const el = h("div", { class: "field", "data-def": spec.key }, h("label", { for: id }, t(`def.${spec.key}`)), control, hint, error);
  return { spec, el, read, error, focus: control, invalid: [control] };
}

function definitionsForm(registry: Obj, edit: DefinitionsEdit): HTMLElement {
  const fields: FieldUi[] = [];
  const status = h("p", { class: "hint", id: "defs-status", role: "status" });
  const groups = GROUPS.map(([name, keys]) =>
    h(
      "fieldset",
      { class: "def-group", "data-def-group": name },
      h("legend", null, t(`defs.group.${name}`)),
      keys.map((key) => {
        const spec = specOf(key);
        if (!spec) return null;
        const ui = fieldUi(spec, key in registry ? registry[key] : spec.default);
        fields.push(ui);
        return ui.el;
      }),
    ),
  );
  const showError = (ui: FieldUi, message: string | null): void => {
    ui.error.textContent = message ?? "";
    ui.error.hidden = message === null;
    for (const el of ui.invalid) {
      if (message === null) el.removeAttribute("aria-invalid");
      else el.setAttribute("aria-invalid", "true");
    }
  };
  const form = h(
    "form",
    { class: "defs-form", "data-form": "definitions", novalidate: true, "aria-labelledby": "methods-edit" },
    groups,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-action": "apply-definitions" }, t("defs.apply")),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          "data-action": "reset-definitions",
          onclick: () => edit.onApply({}),
        },
        t("defs.reset"),
      ),
    ),
    status,
  ) as HTMLFormElement;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const values: Record<string, DefValue> = {};
    const errors = new Map<FieldUi, string>();
    for (const ui of fields) {
      const p = parseField(ui.spec, ui.read());
      if (p.ok) values[ui.spec.key] = p.value;
      else errors.set(ui, t(p.error, Object.fromEntries(Object.entries(p.params ?? {}).map(([k, v]) => [k, typeof v === "number" ? formatNumber(v) : v]))));
    }
    for (const [key, msg] of Object.entries(crossCheck(values))) {
      const ui = fields.find((f) => f.spec.key === key);
      if (ui) errors.set(ui, t(msg));
    }
    for (const ui of fields) showError(ui, errors.get(ui) ?? null);
    const first = fields.find((f) => errors.has(f));
    if (first) {
      status.textContent = t("defs.error.summary", { n: formatNumber(errors.size) });
      first.focus.focus();
      return;
    }
    status.textContent = t("defs.applying");
    edit.onApply(overridesOf(values));
  });
  return h(
    "section",
    { class: "def-edit", "aria-labelledby": "methods-edit", "data-section": "edit-definitions" },
    h("h3", { id: "methods-edit" }, t("defs.edit.title")),
    h("p", null, t("defs.edit.intro")),
    Object.keys(edit.applied).length > 0 ? h("p", { class: "hint", "data-defs-applied": String(Object.keys(edit.applied).length) }, t("defs.edit.applied")) : null,
    form,
  );
}
