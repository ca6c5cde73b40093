// <madad-dashboard>: a partner site's view of published aggregate bundles, in a Shadow DOM
// (styles neither leak in nor out). A custom element shares the host page's JavaScript
// realm, so it shows published bundles only: there is no file input, and dropping
// residents' files on a partner's site happens only in the iframe mode (README "Embedding").
//
//   <madad-dashboard src="sderot.madad-bundle.json" lang="ar" digits="arab" program="mahar" theme="dark">
//
// Events (bubbling, composed): `madad-ready` (the verifier is loaded), `madad-analysed` (bundles
// verified and shown), `madad-error` (`detail.code` plus the translated `detail.message`).
import { MadadError, initStats, type Bundle, type Merged, type NamedBytes, type Published } from "madad";
import { errorText, mergedView } from "../compare.js";
import { chartFigure, kpi } from "../dashboard.js";
import { h } from "../dom.js";
import { formatDate, formatNumber } from "../format.js";
import { dir, isDigits, isLang, setDigits, setLang, t, tNodes, type Lang } from "../i18n.js";
import type { AnalysedDetail, ErrorDetail, MadadDashboard } from "madad/widget";
import { fetchBundleFile, forProgram, isProgram, objectsAsFiles, verifyAndMerge } from "./bundles.js";
import baseCss from "../styles.css?inline";
import widgetCss from "./widget.css?inline";

export type { AnalysedDetail, ErrorDetail } from "madad/widget";

type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "shown"; bundles: Bundle[]; merged: Merged }
  | { kind: "error"; error: MadadError };

let sheets: CSSStyleSheet[] | null = null;
/** One pair of constructed style sheets for every instance (no `<style>`: strict CSPs allow these). */
function styleSheets(): CSSStyleSheet[] {
  if (sheets === null) {
    sheets = [baseCss, widgetCss].map((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
  }
  return sheets;
}

function asMadadError(e: unknown, code = "internal.unexpected"): MadadError {
  return e instanceof MadadError ? e : new MadadError(code, { params: { detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } });
}

/** A bundle measure's value as a published number (`null`: withheld). */
function published(m: Bundle["measures"][number]): Published<number> {
  const v = (m.value as { value?: unknown }).value;
  return typeof v === "number" ? { value: v, suppressed: false } : { value: null, suppressed: true };
}

const KPIS = [
  ["volunteers", "summary/volunteers", 0, false],
  ["approvedHours", "summary/approvedHours", 2, true],
  ["meanHours", "summary/meanHoursPerVolunteer", 1, true],
  ["medianHours", "summary/medianHoursPerVolunteer", 1, true],
] as const;

/** One municipality's bundle: the dashboard's KPI cards and monthly chart, from its measures. */
function singleView(b: Bundle): HTMLElement[] {
  const k = b.suppressionThreshold;
  const cards = KPIS.flatMap(([id, measure, digits, hours]) => {
    const m = b.measures.find((x) => x.id === measure);
    return m ? [kpi(id, published(m), k, digits, hours ? t("unit.hours") : null)] : [];
  });
  const months = b.measures
    .flatMap((m) => {
      const month = /^monthlyActive\/(\d{4}-\d{2})$/.exec(m.id)?.[1];
      return month ? [{ month, volunteers: published(m), partial: false }] : [];
    })
    .sort((x, y) => x.month.localeCompare(y.month));
  const out: HTMLElement[] = [];
  if (cards.length > 0) out.push(h("ul", { class: "kpis", "aria-label": t("widget.title") }, cards));
  if (months.length > 0) out.push(chartFigure({ monthlyActive: months, definitions: { suppressionThreshold: k } }));
  return out;
}

function withoutMonths(merged: Merged): Merged {
  return { ...merged, measures: merged.measures.filter((m) => !m.id.startsWith("monthlyActive/")) };
}

const PARTS: [string, string][] = [
  [".kpis", "kpis"],
  [".kpi", "kpi"],
  ["figure", "chart"],
  ["table", "table"],
  [".card", "card"],
  ["button", "button"],
  [".badge", "badge"],
];

export class MadadDashboardElement extends HTMLElement implements MadadDashboard {
  static readonly observedAttributes = ["lang", "program", "theme", "digits", "src"];

  readonly #root: ShadowRoot;
  #state: State = { kind: "idle" };
  #job: AbortController | null = null;
  #ready: Promise<void> | null = null;
  /** Where the bundles come from (the `src` URL or the objects set), to load again after a move. */
  #source: ((signal: AbortSignal) => Promise<NamedBytes[]>) | null = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.adoptedStyleSheets = styleSheets();
    // `bundles` set on the element before its definition loaded (e.g. the IIFE form) is an own
    // property hiding the accessor: take it over.
    if (Object.hasOwn(this, "bundles")) {
      const value: unknown = (this as { bundles?: unknown }).bundles;
      delete (this as { bundles?: unknown }).bundles;
      this.bundles = value;
    }
  }

  /** The verified bundles shown (empty until `madad-analysed`). */
  get bundles(): Bundle[] {
    return this.#state.kind === "shown" ? this.#state.bundles : [];
  }

  /**
   * Shows bundle objects (one or an array, e.g. parsed from your own JSON), verified exactly
   * like a `src` file. Replaces what `src` showed.
   */
  set bundles(value: unknown) {
    void this.#load(async () => objectsAsFiles(value));
  }

  /** Their merge (`mergeBundles`), or `null`. */
  get merged(): Merged | null {
    return this.#state.kind === "shown" ? this.#state.merged : null;
  }

  connectedCallback(): void {
    this.#whenReady().catch((e: unknown) => {
      if (this.#job === null) this.#fail(asMadadError(e, "widget.load"));
    });
    const src = this.getAttribute("src");
    if (this.#state.kind === "idle" && this.#source !== null) void this.#load(this.#source);
    else if (this.#state.kind === "idle" && src) this.#loadSrc(src);
    else this.#render();
  }

  disconnectedCallback(): void {
    // A job cut short by a move (or removal) starts again on the next connection.
    if (this.#job !== null) {
      this.#job.abort();
      this.#job = null;
      this.#state = { kind: "idle" };
    }
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.isConnected) return;
    if (name === "src") {
      if (value) this.#loadSrc(value);
    } else if (name !== "theme") {
      this.#render();
    }
  }

  /** Loads the statistics module once (it verifies and merges); fires `madad-ready`. */
  #whenReady(): Promise<void> {
    if (this.#ready === null) {
      this.#ready = initStats().then(
        () => {
          this.#emit("madad-ready", {});
        },
        (e: unknown) => {
          this.#ready = null;
          throw e instanceof MadadError ? e : new MadadError("widget.load", { params: { detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, cause: e });
        },
      );
    }
    return this.#ready;
  }

  #loadSrc(src: string): void {
    let url: URL;
    try {
      url = new URL(src, document.baseURI);
    } catch (e) {
      this.#fail(new MadadError("widget.fetch", { file: src, params: { status: "url" }, cause: e }));
      return;
    }
    void this.#load((signal) => fetchBundleFile(url, signal));
  }

  async #load(files: (signal: AbortSignal) => Promise<NamedBytes[]>): Promise<void> {
    this.#source = files;
    this.#job?.abort();
    const job = new AbortController();
    this.#job = job;
    this.#state = { kind: "loading" };
    this.#render();
    try {
      const [inputs] = await Promise.all([files(job.signal), this.#whenReady()]);
      const { bundles, merged } = await verifyAndMerge(inputs);
      if (this.#job !== job) return;
      this.#state = { kind: "shown", bundles, merged };
      this.#render();
      const shown = forProgram(merged, this.#program());
      this.#emit("madad-analysed", {
        municipalities: bundles.map((b) => b.municipality),
        contentSha256: bundles.map((b) => b.contentSha256),
        measures: shown.measures.length,
      } satisfies AnalysedDetail);
    } catch (e) {
      if (this.#job !== job || job.signal.aborted) return;
      this.#fail(asMadadError(e));
    } finally {
      if (this.#job === job) this.#job = null;
    }
  }

  #fail(error: MadadError): void {
    this.#state = { kind: "error", error };
    this.#render();
    const message = this.#root.querySelector(".error-message")?.textContent ?? error.code;
    this.#emit("madad-error", { code: error.code, file: error.file, params: error.params, message } satisfies ErrorDetail);
  }

  #emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #program(): "mahar" | "mitchabrim" | null {
    const p = this.getAttribute("program");
    return isProgram(p) ? p : null;
  }

  /** Draws the current state in the element's language and digits (the catalogs are shared). */
  #render(): void {
    const l = this.getAttribute("lang");
    const language: Lang = isLang(l) ? l : "he";
    const digits = this.getAttribute("digits");
    setLang(language);
    setDigits(isDigits(digits) ? digits : null);
    const program = this.#program();
    const s = this.#state;
    let body: (HTMLElement | null)[];
    let subtitle: (Node | string)[] | string = "";
    switch (s.kind) {
      case "idle":
        body = [h("p", { class: "hint" }, t("widget.empty"))];
        break;
      case "loading":
        body = [h("p", { class: "hint", role: "status" }, t("widget.loading"))];
        break;
      case "error":
        body = [
          h(
            "div",
            { class: "error card", role: "alert", part: "error", "data-error-code": s.error.code },
            h("p", { class: "error-message" }, errorText(s.error)),
            h("p", { class: "error-detail" }, tNodes("error.code", { code: h("code", { dir: "ltr" }, s.error.code) })),
          ),
        ];
        break;
      case "shown": {
        const single = s.bundles.length === 1 ? s.bundles[0] : undefined;
        const k = Math.max(...s.bundles.map((b) => b.suppressionThreshold));
        // One municipality: its months are the chart (with its table), not 36 more rows.
        const filtered = forProgram(s.merged, program);
        const shownMeasures = single ? withoutMonths(filtered).measures : filtered.measures;
        subtitle = single
          ? [h("bdi", null, single.municipality), " · ", t("compare.periodValue", { from: formatDate(single.period.from), to: formatDate(single.period.to) })]
          : t("compare.municipalities", { n: formatNumber(s.bundles.length) });
        body = [
          s.bundles.some((b) => b.sampleData) ? h("p", { class: "sample-banner" }, h("strong", { class: "sample-badge" }, t("dash.sample")), " ", t("dash.sample.note")) : null,
          ...(single && program !== "mitchabrim" ? singleView(single) : []),
          shownMeasures.length === 0 ? h("p", { class: "hint", "data-no-measures": "" }, t("widget.noMeasures")) : null,
          mergedView({ ...s.merged, measures: shownMeasures }),
          h("p", { class: "hint widget-note", part: "note" }, t("widget.published", { k: formatNumber(k) })),
        ];
        break;
      }
    }
    const root = h(
      "div",
      { class: "madad-widget", part: "root", lang: language, dir: dir(), "data-state": s.kind },
      h(
        "header",
        { class: "widget-header", part: "header" },
        h("h2", { class: "widget-title", part: "title" }, program ? t(`program.${program}`) : t("widget.title")),
        subtitle ? h("p", { class: "widget-subtitle" }, subtitle) : null,
      ),
      body,
    );
    for (const [selector, part] of PARTS) {
      for (const el of root.querySelectorAll(selector)) el.setAttribute("part", [el.getAttribute("part"), part].filter(Boolean).join(" "));
    }
    this.#root.replaceChildren(root);
  }
}

/** Defines `<madad-dashboard>` (once; a second call, or a second copy of the script, is a no-op). */
export function defineMadadDashboard(name = "madad-dashboard"): void {
  if (!customElements.get(name)) customElements.define(name, class extends MadadDashboardElement {});
}

