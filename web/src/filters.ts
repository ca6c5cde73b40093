// The dashboard's filter bar: date range (from, to = the view's as-of date), program (a view of
// the panels: מה"ר or מתחברים, no re-analysis), departments and neighbourhoods (the levels the
// core offers: at least K people each). Applying re-runs the analysis with
// `AnalysisOptions.filter`; the core may refuse a view whose left-out part is 1 to K−1 people
// (`filter.small_complement`), and the bar then says so and keeps the previous figures.
import type { Report, ViewFilter } from "madad";
import { h } from "./dom.js";
import { formatDate, formatNumber, isolate } from "./format.js";
import { has, t } from "./i18n.js";
import { isProgram, type Program } from "./widget/bundles.js";

/** What the user chose: the core's view filter and the program (a client-side view). */
export interface ViewChoice {
  filter: ViewFilter;
  program: Program | null;
}

/** A refused view: the core's error code and the dimension it names. */
export interface ViewRefusal {
  code: string;
  dimension: string | null;
  /** The refused filter (kept in the form, so the user can change it). */
  filter?: ViewFilter;
}

export interface FilterBarActions {
  /** Re-analyse with this filter (and show this program). */
  apply: (choice: ViewChoice) => void;
  /** Show only this program's panels (no re-analysis). */
  program: (p: Program | null) => void;
}

/** An empty filter: the whole data (the report still lists the levels on offer). */
export function noFilter(): ViewFilter {
  return { from: null, asOf: null, departments: [], neighbourhoods: [] };
}

/** Whether the filter restricts anything. */
export function isActive(f: ViewFilter): boolean {
  return Boolean(f.from) || Boolean(f.asOf) || (f.departments ?? []).length > 0 || (f.neighbourhoods ?? []).length > 0;
}

/** The filter's parts as short phrases ("Department: X"), for the summary and the report. */
export function filterPhrases(f: ViewFilter): string[] {
  const out: string[] = [];
  if (f.from) out.push(t("filter.phrase.from", { date: formatDate(f.from) }));
  if (f.asOf) out.push(t("filter.phrase.to", { date: formatDate(f.asOf) }));
  const departments = f.departments ?? [];
  const neighbourhoods = f.neighbourhoods ?? [];
  if (departments.length > 0) out.push(t("filter.phrase.departments", { list: departments.map(isolate).join(", ") }));
  if (neighbourhoods.length > 0) out.push(t("filter.phrase.neighbourhoods", { list: neighbourhoods.map(isolate).join(", ") }));
  return out;
}

/** The view's notes (stable codes from the core) in the interface language. */
export function viewNotes(report: Report): string[] {
  const notes = report.view?.notes ?? [];
  return notes.map((code) => (has(`filter.note.${code}`) ? t(`filter.note.${code}`) : code));
}

/** The refusal message (the dimension named, no count: a count could reveal the small group). */
export function refusalText(r: ViewRefusal, k: number): string {
  const dim = r.dimension !== null && has(`filter.dim.${r.dimension}`) ? t(`filter.dim.${r.dimension}`) : "";
  const key = has(`filter.refused.${r.code}`) ? `filter.refused.${r.code}` : "filter.refused.other";
  return t(key, { dimension: dim, k: formatNumber(k), code: r.code });
}

function checkboxGroup(name: "departments" | "neighbourhoods", levels: string[], chosen: string[]): HTMLElement {
  const legend = t(`filter.${name}`);
  return h(
    "fieldset",
    { class: "filter-group", "data-filter": name },
    h("legend", null, legend),
    levels.length === 0
      ? h("p", { class: "hint" }, t("filter.noLevels"))
      : h(
          "ul",
          { class: "filter-options" },
          levels.map((level, i) => {
            const id = `filter-${name}-${i}`;
            return h(
              "li",
              null,
              h("input", { type: "checkbox", id, name, value: level, checked: chosen.includes(level) }),
              h("label", { for: id }, level),
            );
          }),
        ),
  );
}

/**
 * The filter bar. `choice` is what is in force; `refusal` the last refused view (shown as an
 * alert); `k` the small-cell threshold.
 */
export function filterBar(report: Report, choice: ViewChoice, refusal: ViewRefusal | null, k: number, on: FilterBarActions): HTMLElement {
  const levels = report.view?.levels ?? { departments: [], neighbourhoods: [] };
  // The figures shown are `choice.filter`'s; the form keeps a refused filter to edit.
  const f = choice.filter;
  const form0 = refusal?.filter ?? f;
  const dateInput = (id: string, name: string, value: string | null | undefined) =>
    h("input", { type: "date", id, name, value: value ?? "", min: "1900-01-01", max: "2999-12-31" });
  const program = h(
    "select",
    { id: "filter-program", name: "program" },
    h("option", { value: "", selected: choice.program === null }, t("filter.program.all")),
    h("option", { value: "mahar", selected: choice.program === "mahar" }, t("program.mahar")),
    h("option", { value: "mitchabrim", selected: choice.program === "mitchabrim" }, t("program.mitchabrim")),
  );
  program.addEventListener("change", () => on.program(isProgram(program.value) ? program.value : null));
  const form = h(
    "form",
    { class: "filter-form", "aria-describedby": "filter-hint" },
    h(
      "div",
      { class: "filter-row" },
      h("div", { class: "field" }, h("label", { for: "filter-from" }, t("filter.from")), dateInput("filter-from", "from", form0.from)),
      h("div", { class: "field" }, h("label", { for: "filter-to" }, t("filter.to")), dateInput("filter-to", "asOf", form0.asOf)),
      h("div", { class: "field" }, h("label", { for: "filter-program" }, t("filter.program")), program),
    ),
    h("div", { class: "filter-row" }, checkboxGroup("departments", levels.departments, form0.departments ?? []), checkboxGroup("neighbourhoods", levels.neighbourhoods, form0.neighbourhoods ?? [])),
    h("p", { class: "hint", id: "filter-hint" }, t("filter.hint", { k: formatNumber(k) })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", "data-action": "apply-filter" }, t("filter.apply"))),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const str = (n: string): string | null => {
      const v = data.get(n);
      return typeof v === "string" && v !== "" ? v : null;
    };
    const all = (n: string): string[] => data.getAll(n).filter((v): v is string => typeof v === "string");
    const filter: ViewFilter = { from: str("from"), asOf: str("asOf"), departments: all("departments"), neighbourhoods: all("neighbourhoods") };
    on.apply({ filter, program: isProgram(program.value) ? program.value : null });
  });
  const phrases = filterPhrases(f);
  if (choice.program !== null) phrases.push(t("filter.phrase.program", { program: t(`program.${choice.program}`) }));
  const notes = viewNotes(report);
  const active = phrases.length > 0;
  return h(
    "section",
    { class: "filter-bar card", "aria-labelledby": "filter-title", "data-section": "filters" },
    h(
      "details",
      { open: active || refusal !== null ? true : null },
      h("summary", null, h("h2", { id: "filter-title", class: "filter-title" }, t("filter.title"))),
      form,
    ),
    h(
      "div",
      { class: "filter-active", "data-active-filters": active ? "true" : "false" },
      h("p", { class: "filter-summary" }, active ? t("filter.active", { list: phrases.join(" · ") }) : t("filter.none")),
      active
        ? h(
            "button",
            { type: "button", class: "secondary", "data-action": "clear-filters", onclick: () => on.apply({ filter: noFilter(), program: null }) },
            t("filter.clear"),
          )
        : null,
    ),
    notes.length > 0 && report.view?.active ? h("ul", { class: "filter-notes hint", "data-view-notes": "" }, notes.map((n) => h("li", null, n))) : null,
    refusal !== null ? h("p", { class: "filter-refused", role: "alert", "data-refused": refusal.code }, refusalText(refusal, k)) : null,
  );
}
