// The Methods view: what the numbers rest on. The definitions in force, every file with its
// format, encoding, SHA-256 and row accounting, the suppression audit (each withheld cell with
// its reason), and the version and as-of date.
import type { Report } from "madad";
import { h } from "./dom.js";
import { formatDate, formatNumber } from "./format.js";
import { has, lang, t } from "./i18n.js";
import { lonelinessMethods } from "./loneliness.js";
import { trendMethods } from "./trends.js";

type Obj = Record<string, unknown>;

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === "") return "–";
  if (Array.isArray(v)) return v.length === 0 ? "–" : v.map((x) => valueText(x)).join(", ");
  if (typeof v === "number") return formatNumber(v, 4);
  if (typeof v === "boolean") return t(v ? "methods.yes" : "methods.no");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function kvTable(id: string, caption: string, rows: [string, unknown][]): HTMLElement {
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
            { "data-key": key },
            h("th", { scope: "row" }, has(`def.${key}`) ? t(`def.${key}`) : h("code", { dir: "ltr" }, key)),
            h("td", null, h("bdi", null, valueText(v))),
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

export function renderMethods(report: Report, onBack: () => void): HTMLElement {
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
      kvTable("defs-registry", t("methods.defs.registry"), Object.entries(registry)),
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
