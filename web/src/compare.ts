// "Compare municipalities" (for the national program office): open several aggregate bundles
// (`<name>.madad-bundle.json`, made by each municipality from its dashboard), verify them
// (`openBundles`), merge them (`mergeBundles`) and show measures × municipalities with the
// combined totals (bounds when a contributor is suppressed), "not additive" badges, the
// definition mismatches and warnings, and a forest plot of effect measures with the pooled
// random-effects estimate (Plot, lazy) and its table.
import { MadadError, mergeBundles, openBundles, type Bundle, type Combined, type Merged, type MergedMeasure, type RandomEffects } from "madad";
import { append, clear, h } from "./dom.js";
import { formatDate, formatMonth, formatNumber as formatPlain, formatShare, isolate } from "./format.js";

/** Numbers in this screen's text, isolated (estimates are often negative). */
const formatNumber = (n: number, digits = 0): string => isolate(formatPlain(n, digits));
import { dir, has, locale, t, tNodes } from "./i18n.js";

export interface CompareState {
  bundles: Bundle[];
  merged: Merged | null;
  error: MadadError | null;
}

export function emptyCompare(): CompareState {
  return { bundles: [], merged: null, error: null };
}

/** A bundle error, translated (also the widget's). */
export function errorText(e: MadadError): Node[] {
  const key = `error.${e.code}`;
  const vars: Record<string, string> = { ...e.params, file: e.file ?? "", code: e.code };
  return has(key) ? tNodes(key, vars) : tNodes("error.unknown", { code: e.code });
}

function measureName(id: string): string {
  const m = /^monthlyActive\/(\d{4}-\d{2})$/.exec(id);
  if (m) return t("measure.monthlyActive", { month: formatMonth(m[1] ?? "") });
  return has(`measure.${id}`) ? t(`measure.${id}`) : isolate(id);
}

function digitsFor(id: string): number {
  return /hours/i.test(id) ? 1 : id.startsWith("effect") ? 2 : 0;
}

function combinedCell(m: MergedMeasure): HTMLElement {
  const c = m.combined as Combined | null;
  const d = digitsFor(m.id);
  if (!m.additive || c === null || c === undefined) {
    return h(
      "td",
      { class: "num", "data-combined": "" },
      h("span", { class: "badge not-additive", "data-not-additive": "", title: t("compare.notAdditive.title") }, t("ind.notAdditive")),
    );
  }
  let text: string;
  let value = "";
  switch (c.kind) {
    case "total":
      value = String(c.published);
      text = c.exact
        ? formatNumber(c.published, d)
        : c.upper === null
          ? t("compare.atLeast", { lower: formatNumber(c.lower, d), n: formatNumber(m.suppressedIn) })
          : t("compare.between", { lower: formatNumber(c.lower, d), upper: formatNumber(c.upper, d), n: formatNumber(m.suppressedIn) });
      break;
    case "mean":
      value = String(c.value);
      text = t("compare.mean", { value: formatNumber(c.value, 2), n: formatNumber(c.n) });
      break;
    case "moments":
      value = String(c.moments.mean);
      text = t("compare.moments", { value: formatNumber(c.moments.mean, 2), sd: c.sd === null ? "–" : formatNumber(c.sd, 2), n: formatNumber(c.moments.n) });
      break;
    case "pooled":
      value = String(c.randomEffects.estimate);
      text = t("compare.pooled", {
        value: formatNumber(c.randomEffects.estimate, 2),
        lower: formatNumber(c.randomEffects.ci.lower, 2),
        upper: formatNumber(c.randomEffects.ci.upper, 2),
      });
      break;
  }
  return h("td", { class: "num", "data-combined": value, "data-combined-kind": c.kind }, text);
}

function measuresTable(merged: Merged): HTMLElement {
  const ks = new Map(merged.municipalities.map((m) => [m.municipality, m.suppressionThreshold]));
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "measures-title" },
    h(
      "table",
      { class: "data-table measures-table" },
      h("caption", { class: "visually-hidden" }, t("compare.measures")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, t("compare.measure")),
          merged.municipalities.map((m) => h("th", { scope: "col", "data-municipality": m.municipality }, h("bdi", null, m.municipality))),
          h("th", { scope: "col" }, t("compare.combined")),
        ),
      ),
      h(
        "tbody",
        null,
        merged.measures.map((m) =>
          h(
            "tr",
            { "data-measure": m.id, "data-kind": m.kind, "data-additive": String(m.additive), "data-suppressed-in": m.suppressedIn },
            h("th", { scope: "row" }, measureName(m.id), " ", h("span", { class: "kind" }, t(`kind.${m.kind}`))),
            m.perMunicipality.map((v) => {
              const k = ks.get(v.municipality) ?? 0;
              const text = v.suppressed
                ? t("suppressed.value", { k: formatNumber(k) })
                : v.value === null || v.value === undefined
                  ? "–"
                  : formatNumber(v.value, digitsFor(m.id));
              return h("td", { class: "num", "data-value": v.value ?? "", "data-suppressed": v.suppressed ? "true" : null }, text);
            }),
            combinedCell(m),
          ),
        ),
      ),
    ),
  );
}

function forestSummary(id: string, re: RandomEffects): string {
  return t("forest.summary", {
    measure: measureName(id),
    k: formatNumber(re.k),
    estimate: formatNumber(re.estimate, 2),
    lower: formatNumber(re.ci.lower, 2),
    upper: formatNumber(re.ci.upper, 2),
    i2: formatNumber(re.i2 * 100, 0),
  });
}

function forestTable(re: RandomEffects): HTMLTableElement {
  return h(
    "table",
    { class: "data-table forest-table" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ["forest.municipality", "forest.estimate", "forest.ci", "forest.weight"].map((key) => h("th", { scope: "col" }, t(key))),
      ),
    ),
    h(
      "tbody",
      null,
      re.forest.map((r) =>
        h(
          "tr",
          { "data-forest-row": r.label, "data-estimate": r.estimate },
          h("th", { scope: "row" }, h("bdi", null, r.label)),
          h("td", { class: "num" }, formatNumber(r.estimate, 2)),
          h("td", { class: "num" }, t("ind.range", { low: formatNumber(r.ci.lower, 2), high: formatNumber(r.ci.upper, 2) })),
          h("td", { class: "num" }, isolate(formatShare(r.weight))),
        ),
      ),
      h(
        "tr",
        { class: "pooled-row", "data-pooled": re.estimate },
        h("th", { scope: "row" }, t("forest.pooled")),
        h("td", { class: "num" }, formatNumber(re.estimate, 2)),
        h("td", { class: "num" }, t("ind.range", { low: formatNumber(re.ci.lower, 2), high: formatNumber(re.ci.upper, 2) })),
        h("td", { class: "num" }, formatShare(1)),
      ),
    ),
  );
}

function forestFigure(m: MergedMeasure, re: RandomEffects, index: number): HTMLElement {
  const summary = forestSummary(m.id, re);
  const tableId = `forest-table-${index}`;
  const plotBox = h("div", { class: "chart-plot", "data-chart": "forest" }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const tableBox = h("div", { class: "chart-table", id: tableId, hidden: true }, forestTable(re));
  const toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": tableId, "data-action": "toggle-forest-table" }, t("chart.showTable"));
  toggle.addEventListener("click", () => {
    const open = tableBox.hidden;
    tableBox.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? t("chart.hideTable") : t("chart.showTable");
  });
  const stats = h(
    "dl",
    { class: "meta-list forest-stats", "data-forest-stats": m.id },
    h("dt", null, t("forest.pooled")),
    h("dd", { "data-stat": "estimate" }, t("compare.pooled", { value: formatNumber(re.estimate, 2), lower: formatNumber(re.ci.lower, 2), upper: formatNumber(re.ci.upper, 2) })),
    h("dt", null, "I²"),
    h("dd", { "data-stat": "i2", "data-value": re.i2 }, isolate(formatShare(re.i2))),
    h("dt", null, "τ²"),
    h("dd", { "data-stat": "tau2", "data-value": re.tau2 }, formatNumber(re.tau2, 4)),
    h("dt", null, t("forest.prediction")),
    h(
      "dd",
      { "data-stat": "prediction" },
      re.prediction ? t("ind.range", { low: formatNumber(re.prediction.lower, 2), high: formatNumber(re.prediction.upper, 2) }) : t("forest.prediction.none"),
    ),
    h("dt", null, t("forest.method")),
    h("dd", { lang: "en", dir: "ltr" }, re.method),
  );
  const figure = h(
    "figure",
    { class: "chart card", "aria-labelledby": `forest-title-${index}`, "data-forest": m.id },
    h(
      "figcaption",
      null,
      h("h3", { id: `forest-title-${index}` }, t("forest.title", { measure: measureName(m.id) })),
      h("p", { class: "chart-caption" }, summary),
    ),
    plotBox,
    stats,
    h("div", { class: "chart-actions" }, toggle),
    tableBox,
  );
  // Everything language-dependent is fixed now: the chart code arrives later, when another
  // view (or another widget on the page) may have switched the active language.
  const labels = { rtl: dir() === "rtl", summary, pooledLabel: t("forest.pooled"), xLabel: t("forest.x") };
  const nf = new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 });
  import("./chart.js")
    .then(({ renderForest }) => {
      if (!plotBox.isConnected) return;
      plotBox.replaceChildren(
        renderForest(
          re.forest.map((r) => ({ label: r.label, estimate: r.estimate, lower: r.ci.lower, upper: r.ci.upper, weight: r.weight })),
          {
            estimate: re.estimate,
            lower: re.ci.lower,
            upper: re.ci.upper,
            predLower: re.prediction?.lower ?? null,
            predUpper: re.prediction?.upper ?? null,
          },
          { ...labels, width: plotBox.clientWidth || 640, formatNumber: (n) => nf.format(n) },
        ),
      );
    })
    .catch(() => {
      plotBox.replaceChildren(h("p", { class: "chart-failed" }, t("chart.failed")));
      tableBox.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      toggle.textContent = t("chart.hideTable");
    });
  return figure;
}

/** The merged view of opened bundles (also the body of the `<madad-dashboard>` widget). */
export function mergedView(merged: Merged): HTMLElement {
  const pooled = merged.measures
    .map((m) => ({ m, c: m.combined as Combined | null }))
    .filter((x): x is { m: MergedMeasure; c: Extract<Combined, { kind: "pooled" }> } => x.c !== null && x.c !== undefined && x.c.kind === "pooled");
  return h(
    "div",
    { class: "merged", "data-merged": "" },
    h(
      "section",
      { class: "card", "aria-labelledby": "munis-title" },
      h("h2", { id: "munis-title" }, t("compare.municipalities", { n: formatNumber(merged.municipalities.length) })),
      h(
        "div",
        { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "munis-title" },
        h(
          "table",
          { class: "data-table" },
          h(
            "thead",
            null,
            h("tr", null, ["compare.municipality", "compare.period", "methods.madadVersion", "methods.threshold", "compare.hash"].map((key) => h("th", { scope: "col" }, t(key)))),
          ),
          h(
            "tbody",
            null,
            merged.municipalities.map((m) =>
              h(
                "tr",
                { "data-municipality-row": m.municipality },
                h("th", { scope: "row" }, h("bdi", null, m.municipality), m.sampleData ? h("span", { class: "badge" }, t("dash.sample")) : null),
                h("td", null, t("compare.periodValue", { from: formatDate(m.period.from), to: formatDate(m.period.to) })),
                h("td", null, h("bdi", { dir: "ltr" }, m.madadVersion)),
                h("td", { class: "num" }, formatNumber(m.suppressionThreshold)),
                h("td", null, h("code", { dir: "ltr", class: "hash" }, m.contentSha256.slice(0, 16), "…")),
              ),
            ),
          ),
        ),
      ),
    ),
    merged.warnings.length > 0 || merged.definitionMismatches.length > 0
      ? h(
          "section",
          { class: "card warnings", "aria-labelledby": "merge-warn-title" },
          h("h2", { id: "merge-warn-title" }, t("compare.warnings")),
          h(
            "ul",
            null,
            merged.warnings.map((w) =>
              h("li", { "data-warning": w.code }, has(`merge.${w.code}`) ? tNodes(`merge.${w.code}`, { ...w.params }) : tNodes("merge.unknown", { code: w.code })),
            ),
            merged.definitionMismatches.map((d) =>
              h(
                "li",
                { "data-mismatch": d.name },
                tNodes("merge.definition_mismatch", { name: has(`def.${d.name}`) ? t(`def.${d.name}`) : d.name }),
                h(
                  "ul",
                  null,
                  d.values.map(([muni, v]) => h("li", null, h("bdi", null, muni), ": ", h("bdi", null, v ?? t("compare.notStated")))),
                ),
              ),
            ),
          ),
        )
      : null,
    h(
      "section",
      { class: "card", "aria-labelledby": "measures-title" },
      h("h2", { id: "measures-title" }, t("compare.measures")),
      h("p", { class: "hint" }, t("compare.measures.note")),
      measuresTable(merged),
    ),
    pooled.length > 0
      ? h(
          "section",
          { class: "forests", "aria-labelledby": "forest-section-title" },
          h("h2", { id: "forest-section-title" }, t("forest.section")),
          pooled.map((x, i) => forestFigure(x.m, x.c.randomEffects, i)),
        )
      : h("p", { class: "hint", "data-no-effects": "" }, t("forest.none")),
  );
}

/** The compare screen. `state` survives language switches; `announce` speaks results. */
export function renderCompare(state: CompareState, onBack: () => void, announce: (s: string) => void): HTMLElement {
  const body = h("div", { class: "compare-body" });
  const draw = (): void => {
    clear(body);
    if (state.error) {
      append(body, [
        h(
          "div",
          { class: "error card", role: "alert", "data-bundle-error": state.error.code, "data-error-file": state.error.file ?? "" },
          h("p", { class: "error-message" }, errorText(state.error)),
          h("p", { class: "error-detail" }, tNodes("error.code", { code: h("code", { dir: "ltr" }, state.error.code) })),
        ),
      ]);
    }
    if (state.bundles.length > 0) {
      append(body, [
        h(
          "div",
          { class: "opened" },
          h("p", null, t("compare.opened", { n: formatNumber(state.bundles.length) })),
          h("ul", { class: "opened-list" }, state.bundles.map((b) => h("li", { "data-bundle": b.municipality }, h("bdi", null, b.municipality)))),
          h("button", { type: "button", class: "secondary", "data-action": "clear-bundles", onclick: () => reset() }, t("compare.clear")),
        ),
      ]);
    }
    if (state.merged) append(body, [mergedView(state.merged)]);
  };
  const reset = (): void => {
    state.bundles = [];
    state.merged = null;
    state.error = null;
    draw();
  };
  const add = async (files: File[]): Promise<void> => {
    try {
      const opened = await openBundles(files);
      state.bundles = [...state.bundles, ...opened];
      state.error = null;
      state.merged = state.bundles.length > 0 ? await mergeBundles(state.bundles) : null;
      draw();
      announce(t("compare.merged", { n: formatNumber(state.bundles.length) }));
    } catch (e) {
      state.error =
        e instanceof MadadError ? e : new MadadError("internal.unexpected", { params: { detail: e instanceof Error ? e.message : String(e) } });
      draw();
      announce(body.querySelector(".error-message")?.textContent ?? state.error.code);
    }
  };
  const input = h("input", {
    type: "file",
    id: "bundle-input",
    class: "file-input",
    multiple: true,
    accept: ".json,application/json",
    "aria-describedby": "bundle-hint",
  });
  input.addEventListener("change", () => {
    const files = input.files ? [...input.files] : [];
    input.value = "";
    if (files.length > 0) void add(files);
  });
  const zone = h(
    "div",
    { class: "dropzone" },
    input,
    h(
      "label",
      { for: "bundle-input", class: "drop-label" },
      h("span", { class: "drop-icon", "aria-hidden": "true" }),
      h("span", { class: "drop-title" }, t("compare.drop.title")),
      h("span", { class: "drop-hint", id: "bundle-hint" }, t("compare.drop.hint")),
    ),
  );
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("active");
  });
  zone.addEventListener("dragleave", (e) => {
    if (!zone.contains(e.relatedTarget as Node | null)) zone.classList.remove("active");
  });
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("active");
    const files = e.dataTransfer ? [...e.dataTransfer.files] : [];
    if (files.length > 0) void add(files);
  });
  draw();
  return h(
    "section",
    { class: "compare", "aria-labelledby": "compare-title", "data-screen": "compare" },
    h(
      "div",
      { class: "dash-head" },
      h("div", null, h("h1", { id: "compare-title", tabindex: "-1" }, t("compare.title")), h("p", { class: "dash-meta" }, t("compare.intro"))),
      h("button", { type: "button", class: "secondary", "data-action": "back-start", onclick: () => onBack() }, t("compare.back")),
    ),
    zone,
    body,
  );
}
