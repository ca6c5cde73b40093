// The Loneliness screen (`report.loneliness`): the instruments found and how they are scored,
// per-wave n / mean / SD / share lonely (Wilson CI) and reliability; the linking of the waves
// and the attrition table; the paired change (dot-and-CI chart, the improved / unchanged /
// worsened distribution, effect sizes, the paired tests, RCI classes, the BCa interval with its
// seed, the change-score histogram, McNemar variants and Stuart–Maxwell on the categories); the comparison group (difference in differences, ANCOVA, d_ppc2), dose–response,
// subgroups with adjusted p, power / MDE; the APA table and sentence in a chosen language.
//
// Every statistic is a gated value (`{ value, suppressed, notApplicable }`): suppressed reads
// "<K", not applicable reads the translated reason (`na.<code>`). Every number on the screen
// carries `data-path` (its place in the section) and `data-value` (the raw number), so a test
// can check the screen against the report.
import type { Report } from "madad";
import { h } from "./dom.js";
import { formatNumber, formatShare, isolate } from "./format.js";
import { dir, has, isLang, lang, LANGS, locale, t, type Lang } from "./i18n.js";
import { formatP, naText } from "./trends.js";

interface NA {
  code: string;
  reason: string;
}
interface Interval {
  lower: number;
  upper: number;
  level: number;
}
interface Pub {
  value: number | null;
  suppressed: boolean;
}
interface Gated<T> {
  value: T | null;
  suppressed: boolean;
  notApplicable?: NA | null;
}
interface Est {
  estimate: number;
  ci: Interval | null;
}
interface Test {
  statistic: number;
  df: number | null;
  p: number;
  estimate: number | null;
  ci: Interval | null;
}
interface ShareEst {
  share: Pub;
  ci: Interval | null;
}
interface WaveStats {
  n: Pub;
  mean: Pub;
  sd: Pub;
  lonely: ShareEst;
}
interface Reliability {
  wave: string;
  n: Pub;
  alpha: Gated<Est>;
  kr20: Gated<Est> | null;
  low: boolean;
  reverseScoringSuspected: boolean;
  suspectItems: string[];
}
interface Instrument {
  instrument: string;
  name: string;
  analysed: boolean;
  citation: string;
  cutoff: number | null;
  missingRule: string;
  responses: Pub;
  unscored: Pub;
  answerIssues: number;
  waves: (WaveStats & { wave: string })[];
  reliability: Reliability[];
  notApplicable: NA | null;
}
interface Rci {
  reliability: number;
  reliabilityKind: string;
  reliabilitySource: string;
  reliableChange: number;
  improved: ShareEst;
  unchanged: ShareEst;
  deteriorated: ShareEst;
  recovered: ShareEst | null;
}
interface Change {
  group: string;
  from: string;
  to: string;
  signConvention: string;
  pairs: Pub;
  meanBefore: Gated<number>;
  sdBefore: Gated<number>;
  meanAfter: Gated<number>;
  sdAfter: Gated<number>;
  t: Gated<Test>;
  meanChangeBca: Gated<Interval> | null;
  wilcoxon: Gated<Test>;
  rankBiserial: Gated<number>;
  signP: Gated<number>;
  dZ: Gated<Est>;
  gAv: Gated<number>;
  dRm: Gated<number>;
  improved: ShareEst;
  unchanged: ShareEst;
  worsened: ShareEst;
  rci: Gated<Rci>;
  lonely: {
    pairs: Pub;
    before: ShareEst;
    after: ShareEst;
    difference: Gated<number>;
    mcnemar: Gated<Test>;
    mcnemarExactP: Gated<number>;
    mcnemarMidP?: Gated<number>;
    mcnemarUncorrected?: Gated<Test>;
  } | null;
  distribution?: { rule: string; bins: ChangeBin[] };
  categories?: { categories: string[]; pairs: Pub; stuartMaxwell: Gated<Test> } | null;
}
interface ChangeBin {
  side: "improved" | "unchanged" | "worsened";
  from: number;
  to: number | null;
  share: Pub;
}
interface Segment {
  text: string;
  italic: boolean;
  subscript: boolean;
}
interface Apa {
  lang: string;
  sentence: Segment[];
  columns: Segment[][];
  rows: Segment[][][];
  note: Segment[];
}
export interface LonelinessSection {
  instrument: string | null;
  options: { instrument: string; cutoff: number | null; missing: string; waves: string; rciReliability: unknown; bootstrap: boolean; seed: number; resamples: number; level: number; subgroups: string[]; dose: boolean };
  instruments: Instrument[];
  linking: Record<string, unknown> | null;
  change: Change | null;
  comparisonChange: Change | null;
  comparison: Record<string, unknown> | null;
  dose: { rule: string; people: Pub; bands: { band: string; n: Pub; change: Gated<Test> }[]; trend: Gated<Test>; twoOrMore: ShareEst } | null;
  subgroups: { family: number; rows: { dimension: string; level: string; n: Pub; change: Gated<Test>; pHolm: Gated<number>; pBh: Gated<number> }[] } | null;
  power: { pairs: Pub; alpha: number; power: number; mdeDz: Gated<number>; mdePoints: Gated<number> } | null;
  apa: Apa[];
  indicators: { id: string; path: string }[];
  notApplicable: { part: string; code: string; reason: string }[];
}

export function lonelinessSection(report: Report): LonelinessSection | null {
  return ((report as unknown as { loneliness?: LonelinessSection | null }).loneliness ?? null) as LonelinessSection | null;
}

let K = 10;
let SEC: LonelinessSection | null = null;

/** The value at a dotted path of the section ("change.dZ.value.ci.lower"). */
function at(path: string): unknown {
  let o: unknown = SEC;
  for (const part of path.split(".")) {
    if (o === null || typeof o !== "object") return undefined;
    o = (o as Record<string, unknown>)[part];
  }
  return o;
}

type Fmt = "n0" | "n2" | "n3" | "pct" | "p";
function fmtNum(x: number, f: Fmt): string {
  switch (f) {
    case "n0":
      return formatNumber(x, 0);
    case "n2":
      return formatNumber(x, 2);
    case "n3":
      return formatNumber(x, 3);
    case "pct":
      return formatShare(x, 1);
    case "p":
      return formatP(x);
  }
}
function kText(): string {
  return t("suppressed.value", { k: formatNumber(K) });
}
const dash = (): HTMLElement => h("span", { class: "none" }, "–");

/** A plain number of the section at `path`. */
function num(path: string, f: Fmt): HTMLElement {
  const v = at(path);
  if (typeof v !== "number") return dash();
  return h("span", { class: "v", "data-path": path, "data-value": String(v), "data-fmt": f }, isolate(fmtNum(v, f)));
}

/**
 * A gated or published value at `path` (`{ value, suppressed, notApplicable? }`); `leaf` picks
 * a number inside an object value ("estimate", "statistic"…). Suppressed → "<K"; not
 * applicable → the translated reason.
 */
function gated(path: string, f: Fmt, leaf = ""): HTMLElement {
  const g = at(path) as Gated<unknown> | undefined | null;
  if (!g || typeof g !== "object") return dash();
  if (g.suppressed) return h("span", { class: "suppressed", "data-path": path, "data-suppressed": "true", title: t("lon.suppressedTitle", { k: formatNumber(K) }) }, kText());
  if (g.notApplicable) return h("span", { class: "na", "data-path": path, "data-na": g.notApplicable.code }, naText(g.notApplicable));
  if (g.value === null || g.value === undefined) return dash();
  return leaf ? num(`${path}.value.${leaf}`, f) : num(`${path}.value`, f);
}

/** Whether the gated value at `path` is published (not suppressed, applicable, present). */
function ok(path: string): boolean {
  const g = at(path) as Gated<unknown> | undefined | null;
  return !!g && !g.suppressed && !g.notApplicable && g.value !== null && g.value !== undefined;
}

/** " [lower, upper]" of the interval at `path` (nothing when absent). */
function ci(path: string, f: Fmt): (HTMLElement | string)[] {
  const c = at(path) as Interval | null | undefined;
  if (!c || typeof c.lower !== "number") return [];
  return [" ", h("span", { class: "ci", dir: "ltr" }, "[", num(`${path}.lower`, f), ", ", num(`${path}.upper`, f), "]")];
}

/** A gated estimate with its CI: "−1.06 [−1.27, −0.84]". */
function estCi(path: string, f: Fmt = "n2"): HTMLElement {
  if (!ok(path)) return gated(path, f);
  return h("span", { dir: "ltr" }, num(`${path}.value.estimate`, f), ci(`${path}.value.ci`, f));
}

/** A share with its Wilson CI: "45.6% [39.8%, 51.5%]". */
function shareCi(path: string): HTMLElement {
  const s = at(path) as ShareEst | null | undefined;
  if (!s) return dash();
  if (!ok(`${path}.share`)) return gated(`${path}.share`, "pct");
  return h("span", { dir: "ltr" }, num(`${path}.share.value`, "pct"), ci(`${path}.ci`, "pct"));
}

function th(text: string | Node | (string | Node)[]): HTMLElement {
  return h("th", { scope: "col" }, text);
}
function rowTh(text: string | Node | (string | Node)[]): HTMLElement {
  return h("th", { scope: "row" }, text);
}
function td(...c: (Node | string | (Node | string)[])[]): HTMLElement {
  return h("td", { class: "num" }, c);
}
function table(key: string, caption: string, head: (string | Node)[], rows: (HTMLElement | HTMLElement[] | null)[]): HTMLElement {
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    h("table", { class: "data-table lon-table", "data-table": key }, h("caption", null, caption), h("thead", null, h("tr", null, head.map((x) => th(x)))), h("tbody", null, rows)),
  );
}
function card(id: string, title: string, ...children: (Node | string | null | false | (Node | string | null)[])[]): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": `lon-${id}-title`, "data-section": `lon-${id}` }, h("h2", { id: `lon-${id}-title` }, title), children);
}
function word(prefix: string, key: string): string {
  return has(`${prefix}.${key}`) ? t(`${prefix}.${key}`) : key;
}
const waveName = (w: string): string => word("lon.wave", w);
const groupName = (g: string): string => word("lon.group", g);
function sym(s: string, sub = ""): HTMLElement {
  return h("span", { class: "sym", lang: "en", dir: "ltr" }, h("i", null, s), sub ? h("sub", null, sub) : null);
}

function tableToggle(id: string, box: HTMLElement): HTMLElement {
  box.id = id;
  box.hidden = true;
  const button = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": id, "data-action": "toggle-table" }, t("chart.showTable"));
  button.addEventListener("click", () => {
    const open = box.hidden;
    box.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? t("chart.hideTable") : t("chart.showTable");
  });
  return button;
}

// ── 1. Instruments ──────────────────────────────────────────────────────────────────────────

function instrumentBlock(ins: Instrument, i: number): HTMLElement {
  const p = `instruments.${i}`;
  const scoring = has(`lon.scoring.${ins.instrument}`) ? t(`lon.scoring.${ins.instrument}`, { cutoff: ins.cutoff === null ? "–" : formatNumber(ins.cutoff) }) : "";
  return h(
    "section",
    { class: "lon-instrument", "data-instrument": ins.instrument, "aria-labelledby": `lon-ins-${i}` },
    h("h3", { id: `lon-ins-${i}` }, h("bdi", null, ins.name), " ", ins.analysed ? h("span", { class: "badge", "data-analysed": "true" }, t("lon.analysed")) : null),
    scoring ? h("p", { "data-scoring": ins.instrument }, scoring) : null,
    h("p", { class: "muted" }, t("lon.cutoff"), " ", ins.cutoff === null ? "–" : num(`${p}.cutoff`, "n0"), " · ", t("lon.missingRule"), " ", h("bdi", { lang: "en" }, ins.missingRule)),
    h("p", { class: "muted" }, t("lon.responses"), " ", gated(`${p}.responses`, "n0"), " · ", t("lon.unscored"), " ", gated(`${p}.unscored`, "n0"), " · ", t("lon.answerIssues"), " ", num(`${p}.answerIssues`, "n0")),
    h("p", { class: "citation", lang: "en", dir: "ltr" }, ins.citation),
    ins.notApplicable ? h("p", { class: "na", "data-na": ins.notApplicable.code }, naText(ins.notApplicable)) : null,
    table(
      `waves-${ins.instrument}`,
      t("lon.waves.caption", { name: ins.name }),
      [t("lon.wave"), sym("n"), sym("M"), sym("SD"), t("lon.lonelyShare")],
      ins.waves.map((w, j) => {
        const q = `${p}.waves.${j}`;
        return h("tr", { "data-wave": w.wave }, rowTh(waveName(w.wave)), td(gated(`${q}.n`, "n0")), td(gated(`${q}.mean`, "n2")), td(gated(`${q}.sd`, "n2")), td(shareCi(`${q}.lonely`)));
      }),
    ),
    table(
      `reliability-${ins.instrument}`,
      t("lon.reliability.caption", { name: ins.name }),
      [t("lon.wave"), sym("n"), ["α ", t("lon.ci95")].join(""), ["KR-20 ", t("lon.ci95")].join(""), t("lon.reliability.flags")],
      ins.reliability.map((r, j) => {
        const q = `${p}.reliability.${j}`;
        const flags: (HTMLElement | string)[] = [];
        if (r.low) flags.push(h("span", { class: "warn", "data-flag": "low" }, t("lon.reliability.low")));
        if (r.reverseScoringSuspected) flags.push(h("span", { class: "warn", "data-flag": "reverse" }, t("lon.reliability.reverse", { items: r.suspectItems.join(", ") })));
        return h("tr", { "data-wave": r.wave }, rowTh(waveName(r.wave)), td(gated(`${q}.n`, "n0")), td(estCi(`${q}.alpha`)), td(r.kr20 ? estCi(`${q}.kr20`) : "–"), h("td", null, flags.length ? flags : "–"));
      }),
    ),
  );
}

// ── 2. Linking ──────────────────────────────────────────────────────────────────────────────

const LINK_COUNTS = ["people", "pre", "post", "followUp", "matched", "matchedPrePost", "matchedAll", "duplicates", "groupConflicts", "singleWave"];

function linkingCard(sec: LonelinessSection): HTMLElement {
  const l = sec.linking;
  if (!l) return card("linking", t("lon.linking.title"), notesFor(sec, "linking"));
  const att = l.attrition as { to: string } | null | undefined;
  return card(
    "linking",
    t("lon.linking.title"),
    table(
      "linking",
      t("lon.linking.caption"),
      [t("lon.linking.what"), sym("n")],
      LINK_COUNTS.filter((c) => c in l).map((c) => h("tr", { "data-count": c }, rowTh(word("lon.linking", c)), td(gated(`linking.${c}`, "n0")))),
    ),
    att
      ? [
          table(
            "attrition",
            t("lon.attrition.caption", { to: waveName(att.to) }),
            [t("lon.attrition.group"), sym("n"), sym("M"), sym("SD"), t("lon.lonelyShare")],
            ["completers", "dropouts"].map((g) => {
              const q = `linking.attrition.${g}`;
              return h("tr", { "data-group": g }, rowTh(t(`lon.attrition.${g}`)), td(gated(`${q}.n`, "n0")), td(gated(`${q}.mean`, "n2")), td(gated(`${q}.sd`, "n2")), td(shareCi(`${q}.lonely`)));
            }),
          ),
          h(
            "p",
            { "data-attrition-test": "" },
            t("lon.attrition.test"),
            " ",
            testLine("linking.attrition.difference", "t"),
            " · SMD ",
            gated("linking.attrition.smd", "n2"),
          ),
        ]
      : null,
  );
}

/** "t(84.7) = −2.13, p = 0.036, estimate [CI]" of a gated test summary. */
function testLine(gatedPath: string, stat: string, sub = ""): HTMLElement {
  // A plain test summary (inside an already published value) or a gated one.
  const raw = typeof (at(gatedPath) as Test | null)?.statistic === "number";
  if (!raw && !ok(gatedPath)) return gated(gatedPath, "n2");
  const base = raw ? gatedPath : `${gatedPath}.value`;
  const v = at(base) as Test;
  // The statistical expression reads left to right in every language (APA convention).
  return h(
    "span",
    { class: "test" },
    h("span", { dir: "ltr" }, sym(stat, sub), v.df !== null ? ["(", num(`${base}.df`, Number.isInteger(v.df) ? "n0" : "n2"), ")"] : null, " = ", num(`${base}.statistic`, "n2"), ", ", sym("p"), " ", num(`${base}.p`, "p")),
    v.estimate !== null ? [" · ", t("lon.estimate"), " ", h("span", { dir: "ltr" }, num(`${base}.estimate`, "n2"), ci(`${base}.ci`, "n2"))] : null,
  );
}

// ── 3. Paired change ────────────────────────────────────────────────────────────────────────

interface PairedGroup {
  group: string;
  n: number;
  before: number;
  after: number;
  /** Half-widths of the t-interval of each mean (null when it cannot be derived). */
  halfBefore: number | null;
  halfAfter: number | null;
}

/**
 * The paired means of a change summary with the CI of each mean: mean ± t* · SD / √n, where the
 * critical value t* of t(n − 1) is the one of the report's own paired t interval
 * (t* = (upper − estimate) / SE, SE = estimate / t), so no quantile is computed here.
 */
export function pairedGroup(c: Change): PairedGroup | null {
  const n = c.pairs.value;
  const mb = c.meanBefore.value;
  const ma = c.meanAfter.value;
  if (c.pairs.suppressed || n === null || mb === null || ma === null || c.meanBefore.suppressed || c.meanAfter.suppressed) return null;
  let tcrit: number | null = null;
  const tv = c.t.value;
  if (!c.t.suppressed && tv && tv.ci && tv.estimate !== null && tv.estimate !== 0 && tv.statistic !== 0) {
    const se = tv.estimate / tv.statistic;
    tcrit = (tv.ci.upper - tv.estimate) / se;
  }
  const half = (sd: Gated<number>): number | null => (tcrit !== null && sd.value !== null && !sd.suppressed ? (tcrit * sd.value) / Math.sqrt(n) : null);
  return { group: c.group, n, before: mb, after: ma, halfBefore: half(c.sdBefore), halfAfter: half(c.sdAfter) };
}

function changes(sec: LonelinessSection): [string, Change][] {
  const out: [string, Change][] = [];
  if (sec.change) out.push(["change", sec.change]);
  if (sec.comparisonChange) out.push(["comparisonChange", sec.comparisonChange]);
  return out;
}

function pairedSummary(groups: PairedGroup[], from: string, to: string): string {
  if (groups.length === 0) return t("lon.paired.none");
  return groups
    .map((g) =>
      t("lon.paired.summary", {
        group: groupName(g.group),
        from: waveName(from),
        to: waveName(to),
        before: isolate(formatNumber(g.before, 2)),
        after: isolate(formatNumber(g.after, 2)),
        n: isolate(formatNumber(g.n)),
      }),
    )
    .join(" ");
}

function pairedFigure(sec: LonelinessSection, name: string): HTMLElement {
  const list = changes(sec);
  const first = list[0]?.[1];
  const from = first?.from ?? "pre";
  const to = first?.to ?? "post";
  const groups = list.map(([, c]) => pairedGroup(c)).filter((g): g is PairedGroup => g !== null);
  const summary = pairedSummary(groups, from, to);
  const plotBox = h("div", { class: "chart-plot", "data-chart": "lon-paired" }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const rows = list.map(([key, c]) => {
    const g = pairedGroup(c);
    const cell = (m: string, half: number | null | undefined, mean: number | undefined): HTMLElement =>
      td(gated(`${key}.${m}`, "n2"), half !== null && half !== undefined && mean !== undefined ? h("span", { class: "ci", dir: "ltr", "data-derived": "t-interval", "data-lower": String(mean - half), "data-upper": String(mean + half) }, " [", isolate(formatNumber(mean - half, 2)), ", ", isolate(formatNumber(mean + half, 2)), "]") : "");
    return h("tr", { "data-group": c.group }, rowTh(groupName(c.group)), td(gated(`${key}.pairs`, "n0")), cell("meanBefore", g?.halfBefore, g?.before), cell("meanAfter", g?.halfAfter, g?.after));
  });
  const box = h("div", { class: "chart-table table-scroll", tabindex: "0", role: "region", "aria-label": t("chart.showTable") }, h("table", { class: "data-table", "data-table": "lon-paired" }, h("caption", null, t("lon.paired.tableCaption")), h("thead", null, h("tr", null, th(t("lon.group")), th(sym("n")), th([waveName(from), " ", t("lon.meanCi")].join("")), th([waveName(to), " ", t("lon.meanCi")].join("")))), h("tbody", null, rows)));
  const button = tableToggle("lon-paired-table", box);
  const figure = h(
    "figure",
    { class: "chart card", "aria-labelledby": "lon-paired-title", "data-figure": "lon-paired" },
    h("figcaption", null, h("h3", { id: "lon-paired-title" }, t("lon.paired.title", { name })), h("p", { class: "chart-caption" }, t("lon.paired.caption")), h("p", { class: "chart-summary" }, summary)),
    plotBox,
    h("div", { class: "chart-actions" }, button),
    box,
  );
  const drawLang = lang();
  import("./chart.js")
    .then(({ renderPairedChart }) => {
      if (!plotBox.isConnected || lang() !== drawLang) return;
      if (groups.length === 0) {
        plotBox.replaceChildren(h("p", { class: "na" }, t("lon.paired.none")));
        return;
      }
      const pts = groups.flatMap((g) => [
        { group: groupName(g.group), wave: waveName(from), order: 0, mean: g.before, lower: g.halfBefore === null ? null : g.before - g.halfBefore, upper: g.halfBefore === null ? null : g.before + g.halfBefore },
        { group: groupName(g.group), wave: waveName(to), order: 1, mean: g.after, lower: g.halfAfter === null ? null : g.after - g.halfAfter, upper: g.halfAfter === null ? null : g.after + g.halfAfter },
      ]);
      plotBox.replaceChildren(renderPairedChart(pts, { rtl: dir() === "rtl", width: plotBox.clientWidth || 560, yLabel: t("lon.paired.y", { name }), summary, formatNumber: (n) => formatNumber(n, 1), waves: [waveName(from), waveName(to)] }));
    })
    .catch(() => plotBox.replaceChildren(h("p", { class: "na" }, t("chart.failed"))));
  return figure;
}

const CLASSES = ["improved", "unchanged", "worsened"] as const;

/**
 * The label of a histogram bin in scale points of change (after − before): "−2", "−4 to −3",
 * "≤ −5", "0", "+1", "≥ +3". A bin of the improved side holds changes −to … −from; the open
 * outer bin of a side has no `to`.
 */
export function binLabel(b: ChangeBin): string {
  if (b.side === "unchanged") return isolate(formatNumber(0));
  const sign = b.side === "improved" ? -1 : 1;
  const n = (m: number): string => isolate(new Intl.NumberFormat(locale(), { signDisplay: "exceptZero", maximumFractionDigits: 0 }).format(sign * m));
  if (b.to === null) return t(b.side === "improved" ? "lon.hist.atMost" : "lon.hist.atLeast", { x: n(b.from) });
  if (b.to === b.from) return n(b.from);
  return b.side === "improved" ? t("lon.hist.range", { from: n(b.to), to: n(b.from) }) : t("lon.hist.range", { from: n(b.from), to: n(b.to) });
}

function distributionFigure(key: string, c: Change): HTMLElement {
  const n = c.pairs.suppressed || c.pairs.value === null ? kText() : formatNumber(c.pairs.value);
  const part = (cl: string): string => {
    const s = (c as unknown as Record<string, ShareEst>)[cl];
    return s && !s.share.suppressed && s.share.value !== null ? isolate(formatShare(s.share.value, 1)) : kText();
  };
  const bins = c.distribution?.bins ?? [];
  const withheld = bins.filter((b) => b.share.suppressed).length;
  const summary = [
    t("lon.dist.summary", { group: groupName(c.group), improved: part("improved"), unchanged: part("unchanged"), worsened: part("worsened"), n: isolate(n) }),
    t("lon.hist.summary", { bins: isolate(formatNumber(bins.length)), withheld: isolate(formatNumber(withheld)), k: isolate(formatNumber(K)) }),
  ].join(" ");
  const plotBox = h("div", { class: "chart-plot", "data-chart": `lon-dist-${c.group}` }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const box = h(
    "div",
    { class: "chart-table table-scroll", tabindex: "0", role: "region", "aria-label": t("chart.showTable") },
    h(
      "table",
      { class: "data-table", "data-table": `lon-dist-${c.group}` },
      h("caption", null, t("lon.hist.tableCaption", { group: groupName(c.group) })),
      h("thead", null, h("tr", null, th(t("lon.hist.bin")), th(t("lon.hist.side")), th(t("lon.hist.share")))),
      h("tbody", null, bins.map((b, i) => h("tr", { "data-bin": String(i), "data-side": b.side }, rowTh(h("bdi", { dir: "ltr" }, binLabel(b))), h("td", null, t(`lon.dist.${b.side}`)), td(gated(`${key}.distribution.bins.${i}.share`, "pct"))))),
    ),
  );
  const button = tableToggle(`lon-dist-table-${c.group}`, box);
  const figure = h(
    "figure",
    { class: "chart card", "aria-labelledby": `lon-dist-title-${c.group}`, "data-figure": `lon-dist-${c.group}` },
    h("figcaption", null, h("h3", { id: `lon-dist-title-${c.group}` }, t("lon.hist.title", { group: groupName(c.group) })), h("p", { class: "chart-caption" }, t("lon.hist.caption", { k: formatNumber(K) })), h("p", { class: "chart-summary" }, summary)),
    plotBox,
    h("div", { class: "chart-actions" }, button),
    box,
  );
  const drawLang = lang();
  const bars = bins.map((b) => ({ label: binLabel(b).replace(/[\u2066-\u2069]/g, ""), side: b.side, value: b.share.suppressed ? null : b.share.value }));
  import("./chart.js")
    .then(({ renderHistogram }) => {
      if (!plotBox.isConnected || lang() !== drawLang) return;
      if (bars.length === 0) {
        plotBox.replaceChildren(h("p", { class: "na" }, t("lon.paired.none")));
        return;
      }
      plotBox.replaceChildren(renderHistogram(bars, { rtl: dir() === "rtl", width: plotBox.clientWidth || 560, summary, xLabel: t("lon.hist.x"), yLabel: t("lon.hist.y"), formatShare: (x) => formatShare(x, 0), withheld: kText() }));
    })
    .catch(() => plotBox.replaceChildren(h("p", { class: "na" }, t("chart.failed"))));
  return figure;
}

function changeCard(sec: LonelinessSection, key: string, c: Change): HTMLElement {
  const seed = sec.options;
  const rci = c.rci;
  return h(
    "section",
    { class: "card", "aria-labelledby": `lon-${key}-title`, "data-section": `lon-${key}`, "data-group": c.group },
    h("h2", { id: `lon-${key}-title` }, t("lon.change.title", { group: groupName(c.group), from: waveName(c.from), to: waveName(c.to) })),
    h("p", { class: "muted" }, t("lon.change.sign")),
    h(
      "p",
      { class: "lon-headline", "data-headline": key },
      t("lon.change.improvedLine", { group: groupName(c.group) }),
      " ",
      shareCi(`${key}.improved`),
      " · ",
      t("lon.dist.unchanged"),
      " ",
      shareCi(`${key}.unchanged`),
      " · ",
      t("lon.dist.worsened"),
      " ",
      shareCi(`${key}.worsened`),
    ),
    h("p", { class: "lon-headline", "data-effect": key }, t("lon.effect.dz"), " ", h("span", { dir: "ltr" }, sym("d", "z"), " = ", estCi(`${key}.dZ`))),
    distributionFigure(key, c),
    table(
      `effects-${c.group}`,
      t("lon.effects.caption"),
      [t("lon.effects.measure"), t("lon.effects.value")],
      [
        h("tr", { "data-effect-row": "dZ" }, rowTh([sym("d", "z"), " ", t("lon.effects.dz")]), td(estCi(`${key}.dZ`))),
        h("tr", { "data-effect-row": "gAv" }, rowTh([sym("g", "av"), " ", t("lon.effects.gav")]), td(gated(`${key}.gAv`, "n2"))),
        h("tr", { "data-effect-row": "dRm" }, rowTh([sym("d", "rm"), " ", t("lon.effects.drm")]), td(gated(`${key}.dRm`, "n2"))),
        h("tr", { "data-effect-row": "rankBiserial" }, rowTh([sym("r", "rb"), " ", t("lon.effects.rb")]), td(gated(`${key}.rankBiserial`, "n2"))),
      ],
    ),
    table(
      `tests-${c.group}`,
      t("lon.tests.caption"),
      [t("lon.tests.test"), t("lon.tests.result")],
      [
        h("tr", { "data-test": "t" }, rowTh(t("lon.tests.t")), td(testLine(`${key}.t`, "t"))),
        h(
          "tr",
          { "data-test": "bca" },
          rowTh(t("lon.tests.bca")),
          td(
            c.meanChangeBca ? (ok(`${key}.meanChangeBca`) ? h("span", { dir: "ltr" }, "[", num(`${key}.meanChangeBca.value.lower`, "n2"), ", ", num(`${key}.meanChangeBca.value.upper`, "n2"), "]") : gated(`${key}.meanChangeBca`, "n2")) : h("span", null, t("lon.tests.bcaOff")),
            " ",
            h("span", { class: "muted", "data-seed": String(seed.seed) }, t("lon.tests.seed", { seed: isolate(String(seed.seed)), resamples: isolate(formatNumber(seed.resamples)) })),
          ),
        ),
        h("tr", { "data-test": "wilcoxon" }, rowTh(t("lon.tests.wilcoxon")), td(testLine(`${key}.wilcoxon`, "V"))),
        h("tr", { "data-test": "sign" }, rowTh(t("lon.tests.sign")), td(ok(`${key}.signP`) ? h("span", { dir: "ltr" }, sym("p"), " ", gated(`${key}.signP`, "p")) : gated(`${key}.signP`, "p"))),
        c.lonely
          ? [
              h("tr", { "data-test": "lonelyShares" }, rowTh(t("lon.tests.lonelyShares")), td(shareCi(`${key}.lonely.before`), " → ", shareCi(`${key}.lonely.after`), " (", t("lon.tests.diff"), " ", gated(`${key}.lonely.difference`, "pct"), ")")),
              h(
                "tr",
                { "data-test": "mcnemar" },
                rowTh(t("lon.tests.mcnemar")),
                td(
                  t("lon.tests.corrected"),
                  " ",
                  testLine(`${key}.lonely.mcnemar`, "χ²"),
                  c.lonely.mcnemarUncorrected ? [" · ", t("lon.tests.uncorrected"), " ", testLine(`${key}.lonely.mcnemarUncorrected`, "χ²")] : [],
                  " · ",
                  t("lon.tests.exact"),
                  " ",
                  h("span", { dir: "ltr" }, sym("p"), " ", gated(`${key}.lonely.mcnemarExactP`, "p")),
                  c.lonely.mcnemarMidP ? [" · ", t("lon.tests.midP"), " ", h("span", { dir: "ltr" }, sym("p"), " ", gated(`${key}.lonely.mcnemarMidP`, "p"))] : [],
                ),
              ),
            ]
          : null,
        c.categories
          ? h(
              "tr",
              { "data-test": "stuartMaxwell" },
              rowTh(t("lon.tests.stuartMaxwell", { categories: c.categories.categories.map((x) => word("lon.cat", x)).join(" · ") })),
              td(testLine(`${key}.categories.stuartMaxwell`, "χ²"), " · ", sym("n"), " = ", gated(`${key}.categories.pairs`, "n0")),
            )
          : null,
      ],
    ),
    h(
      "section",
      { class: "lon-rci", "data-rci": key, "aria-labelledby": `lon-rci-${c.group}` },
      h("h3", { id: `lon-rci-${c.group}` }, t("lon.rci.title")),
      ok(`${key}.rci`)
        ? [
            h("p", null, t("lon.rci.threshold"), " ", num(`${key}.rci.value.reliableChange`, "n2"), " · ", t("lon.rci.reliability"), " ", num(`${key}.rci.value.reliability`, "n2"), " ", h("bdi", { lang: "en" }, `(${(rci.value as Rci).reliabilitySource})`)),
            table(
              `rci-${c.group}`,
              t("lon.rci.caption"),
              [t("lon.dist.class"), t("lon.dist.share")],
              ["improved", "unchanged", "deteriorated", "recovered"].filter((cl) => (rci.value as unknown as Record<string, unknown>)[cl]).map((cl) => h("tr", { "data-class": cl }, rowTh(t(`lon.rci.${cl}`)), td(shareCi(`${key}.rci.value.${cl}`)))),
            ),
          ]
        : h("p", null, gated(`${key}.rci`, "n2")),
    ),
  );
}

// ── 4. Comparison, dose, subgroups, power ──────────────────────────────────────────────────

function comparisonCard(sec: LonelinessSection): HTMLElement | null {
  const c = sec.comparison;
  if (!c) return notesFor(sec, "comparison") ? card("comparison", t("lon.comparison.title"), notesFor(sec, "comparison")) : null;
  return card(
    "comparison",
    t("lon.comparison.title"),
    table(
      "comparison-groups",
      t("lon.comparison.caption"),
      [t("lon.group"), sym("n"), h("span", null, sym("M"), " ", waveName("pre")), h("span", null, sym("M"), " ", waveName("post")), t("lon.comparison.meanChangeOnly"), h("span", null, sym("SD"), " ", t("lon.comparison.ofChange"))],
      ["intervention", "comparison"].map((g) => {
        const q = `comparison.${g}`;
        return h("tr", { "data-group": g }, rowTh(groupName(g)), td(gated(`${q}.n`, "n0")), td(gated(`${q}.meanPre`, "n2")), td(gated(`${q}.meanPost`, "n2")), td(gated(`${q}.meanChange`, "n2")), td(gated(`${q}.sdChange`, "n2")));
      }),
    ),
    table(
      "comparison-tests",
      t("lon.comparison.testsCaption"),
      [t("lon.tests.test"), t("lon.tests.result")],
      [
        h("tr", { "data-test": "did" }, rowTh(t("lon.comparison.did")), td(gated("comparison.did", "n2"))),
        h("tr", { "data-test": "welch" }, rowTh(t("lon.comparison.welch")), td(testLine("comparison.welch", "t"))),
        h("tr", { "data-test": "regression" }, rowTh(t("lon.comparison.regression")), td(testLine("comparison.regression", "z"))),
        h("tr", { "data-test": "ancova" }, rowTh(t("lon.comparison.ancova")), td(ok("comparison.ancova") ? testLine("comparison.ancova.value.groupEffect", "t") : gated("comparison.ancova", "n2"))),
        h("tr", { "data-test": "dPpc2" }, rowTh([sym("d", "ppc2"), " ", t("lon.comparison.dppc2")]), td(estCi("comparison.dPpc2"))),
      ],
    ),
    ok("comparison.ancova")
      ? table(
          "ancova",
          t("lon.ancova.caption"),
          [t("lon.group"), t("lon.ancova.adjusted")],
          [
            h("tr", { "data-group": "intervention" }, rowTh(groupName("intervention")), td(adjusted("adjustedIntervention"))),
            h("tr", { "data-group": "comparison" }, rowTh(groupName("comparison")), td(adjusted("adjustedComparison"))),
            h("tr", { "data-effect-row": "groupEffect" }, rowTh(t("lon.ancova.effect")), td(h("span", { dir: "ltr" }, num("comparison.ancova.value.groupEffect.estimate", "n2"), ci("comparison.ancova.value.groupEffect.ci", "n2"), " · ", sym("p"), " ", num("comparison.ancova.value.groupEffect.p", "p")))),
            h("tr", { "data-effect-row": "partialEta" }, rowTh([sym("η²", "p")]), td(num("comparison.ancova.value.partialEtaSquared", "n3"))),
          ],
        )
      : null,
  );
}
function adjusted(which: string): HTMLElement {
  const p = `comparison.ancova.value.${which}`;
  return h("span", { dir: "ltr" }, num(`${p}.estimate`, "n2"), ci(`${p}.ci`, "n2"));
}

function doseCard(sec: LonelinessSection): HTMLElement | null {
  const d = sec.dose;
  if (!d) return notesFor(sec, "dose") ? card("dose", t("lon.dose.title"), notesFor(sec, "dose")) : null;
  return card(
    "dose",
    t("lon.dose.title"),
    h("p", { class: "muted", lang: "en", dir: "ltr" }, d.rule),
    h("p", null, t("lon.dose.people"), " ", gated("dose.people", "n0"), " · ", t("lon.dose.twoOrMore"), " ", shareCi("dose.twoOrMore")),
    table(
      "dose",
      t("lon.dose.caption"),
      [t("lon.dose.band"), sym("n"), t("lon.comparison.meanChange")],
      d.bands.map((b, i) => h("tr", { "data-band": b.band }, rowTh(word("lon.dose.band", b.band)), td(gated(`dose.bands.${i}.n`, "n0")), td(ok(`dose.bands.${i}.change`) ? h("span", { dir: "ltr" }, num(`dose.bands.${i}.change.value.estimate`, "n2"), ci(`dose.bands.${i}.change.value.ci`, "n2")) : gated(`dose.bands.${i}.change`, "n2")))),
    ),
    h("p", { "data-test": "dose-trend" }, t("lon.dose.trend"), " ", testLine("dose.trend", "t")),
  );
}

/** The subgroup dimensions the core knows (`analysis.loneliness.subgroups`), in display order. */
export const SUBGROUP_DIMENSIONS = ["role", "municipality", "livingAlone", "group", "gender", "ageBand"] as const;

/**
 * A checkbox per subgroup dimension (the analysed ones ticked) and a button that analyses the
 * data again with the ticked ones. A box never re-runs by itself (WCAG 3.2.2, on input).
 */
function subgroupPicker(sec: LonelinessSection, onApply: (dims: string[]) => void): HTMLElement {
  const chosen = new Set(sec.options.subgroups);
  const boxes = SUBGROUP_DIMENSIONS.map((d) => {
    const id = `lon-subgroup-${d}`;
    const box = h("input", { type: "checkbox", id, value: d, checked: chosen.has(d), "data-subgroup-dim": d });
    return { d, box, field: h("div", { class: "check-field" }, box, h("label", { for: id }, t(`lon.dim.${d}`))) };
  });
  const form = h(
    "form",
    { class: "subgroup-picker", "data-subgroup-picker": "" },
    h(
      "fieldset",
      null,
      h("legend", null, t("lon.subgroups.pick")),
      h("p", { class: "hint", id: "lon-subgroup-hint" }, t("lon.subgroups.pickHint")),
      boxes.map((b) => b.field),
    ),
    h("button", { type: "submit", class: "secondary", "data-action": "apply-subgroups", "aria-describedby": "lon-subgroup-hint" }, t("lon.subgroups.apply")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    onApply(boxes.filter((b) => (b.box as HTMLInputElement).checked).map((b) => b.d));
  });
  return form;
}

function subgroupCard(sec: LonelinessSection, onSubgroups: ((dims: string[]) => void) | undefined): HTMLElement | null {
  const s = sec.subgroups;
  const picker = onSubgroups ? subgroupPicker(sec, onSubgroups) : null;
  if (!s) return notesFor(sec, "subgroups") || picker ? card("subgroups", t("lon.subgroups.title"), notesFor(sec, "subgroups"), picker) : null;
  return card(
    "subgroups",
    t("lon.subgroups.title"),
    picker,
    h("p", { class: "muted" }, t("lon.subgroups.intro", { family: formatNumber(s.family) })),
    table(
      "subgroups",
      t("lon.subgroups.caption"),
      [t("lon.subgroups.dimension"), t("lon.subgroups.level"), sym("n"), t("lon.comparison.meanChange"), sym("t"), sym("p"), t("lon.subgroups.holm"), t("lon.subgroups.bh")],
      s.rows.map((r, i) => {
        const q = `subgroups.rows.${i}`;
        return h(
          "tr",
          { "data-subgroup": `${r.dimension}:${r.level}` },
          rowTh(h("bdi", null, word("lon.dim", r.dimension))),
          h("td", null, h("bdi", null, word("lon.level", r.level))),
          td(gated(`${q}.n`, "n0")),
          td(ok(`${q}.change`) ? h("span", { dir: "ltr" }, num(`${q}.change.value.estimate`, "n2"), ci(`${q}.change.value.ci`, "n2")) : gated(`${q}.change`, "n2")),
          td(gated(`${q}.change`, "n2", "statistic")),
          td(gated(`${q}.change`, "p", "p")),
          td(gated(`${q}.pHolm`, "p")),
          td(gated(`${q}.pBh`, "p")),
        );
      }),
    ),
  );
}

function powerCard(sec: LonelinessSection): HTMLElement | null {
  const p = sec.power;
  if (!p) return null;
  return card(
    "power",
    t("lon.power.title"),
    h(
      "p",
      { "data-power": "" },
      t("lon.power.text", { alpha: isolate(formatNumber(p.alpha, 3)), power: isolate(formatShare(p.power, 0)) }),
      " ",
      sym("n"),
      " = ",
      gated("power.pairs", "n0"),
      " · ",
      t("lon.power.mdeDz"),
      " ",
      gated("power.mdeDz", "n2"),
      " · ",
      t("lon.power.mdePoints"),
      " ",
      gated("power.mdePoints", "n2"),
    ),
  );
}

// ── 5. APA ──────────────────────────────────────────────────────────────────────────────────

function segNode(s: Segment): Node {
  return s.subscript ? h("sub", null, s.text) : s.italic ? h("i", null, s.text) : document.createTextNode(s.text);
}
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * Segments as inline nodes: italics in <i>, subscripts in <sub>. In a right-to-left text every
 * run without Hebrew or Arabic letters that holds a Latin letter or a digit ("t(127) = −11.98",
 * "[−1.27, −0.84]") is isolated left to right, so that minus signs, brackets and parentheses
 * keep their order; the surrounding spaces and punctuation stay outside the run. No character
 * is added or removed.
 */
export function segments(segs: Segment[], rtl = false): Node[] {
  if (!rtl) return segs.map(segNode);
  const chars: { c: string; s: Segment }[] = [];
  for (const s of segs) for (const c of s.text) chars.push({ c, s });
  const inRun = chars.map(() => false);
  let i = 0;
  while (i < chars.length) {
    if (RTL_CHAR.test(chars[i]?.c ?? "")) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && !RTL_CHAR.test(chars[j]?.c ?? "")) j++;
    let a = i;
    let b = j;
    while (a < b && /[\s,;:]/.test(chars[a]?.c ?? "")) a++;
    while (b > a && /[\s,;:.]/.test(chars[b - 1]?.c ?? "")) b--;
    const text = chars.slice(a, b).map((x) => x.c).join("");
    if (/[A-Za-z0-9]/.test(text)) for (let k = a; k < b; k++) inRun[k] = true;
    i = j;
  }
  const out: Node[] = [];
  let group: HTMLElement | null = null;
  let k = 0;
  while (k < chars.length) {
    const first = chars[k];
    if (!first) break;
    let m = k;
    while (m < chars.length && chars[m]?.s === first.s && inRun[m] === inRun[k]) m++;
    const node = segNode({ ...first.s, text: chars.slice(k, m).map((x) => x.c).join("") });
    if (inRun[k]) {
      if (!group) {
        group = h("span", { dir: "ltr" });
        out.push(group);
      }
      group.append(node);
    } else {
      group = null;
      out.push(node);
    }
    k = m;
  }
  return out;
}

function apaCard(sec: LonelinessSection, report: { lang: Lang }): HTMLElement | null {
  if (sec.apa.length === 0) return card("apa", t("lon.apa.title"), h("p", { class: "na", "data-na": "apa" }, t("lon.apa.none")));
  const slot = h("div", { class: "apa-slot" });
  const draw = (l: string): void => {
    const a = sec.apa.find((x) => x.lang === l) ?? sec.apa[0];
    if (!a) return;
    const d = isLang(a.lang) ? LANGS[a.lang].dir : "ltr";
    const rtl = d === "rtl";
    slot.replaceChildren(
      h(
        "div",
        { class: "apa", lang: a.lang, dir: d, "data-apa-lang": a.lang },
        h(
          "div",
          { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("lon.apa.table") },
          h(
            "table",
            { class: "apa-table", "data-table": "apa" },
            h("caption", null, h("span", { class: "apa-number" }, t("lon.apa.tableNumber")), h("br"), h("i", null, t("lon.apa.tableTitle"))),
            h("thead", null, h("tr", null, a.columns.map((c) => h("th", { scope: "col" }, segments(c, rtl))))),
            h("tbody", null, a.rows.map((r) => h("tr", null, r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, segments(c, rtl)) : h("td", { class: "num" }, segments(c, rtl))))))),
          ),
        ),
        h("p", { class: "apa-note", "data-apa": "note" }, segments(a.note, rtl)),
        h("p", { class: "apa-sentence", "data-apa": "sentence" }, segments(a.sentence, rtl)),
      ),
    );
  };
  const langs = sec.apa.map((a) => a.lang);
  const select = h(
    "select",
    { id: "lon-apa-lang", "data-control": "report-lang" },
    langs.map((l) => h("option", { value: l, selected: l === report.lang }, isLang(l) ? LANGS[l].name : l)),
  );
  select.addEventListener("change", () => draw(select.value));
  draw(langs.includes(report.lang) ? report.lang : (langs[0] ?? "en"));
  return card("apa", t("lon.apa.title"), h("div", { class: "field" }, h("label", { for: "lon-apa-lang" }, t("lon.apa.lang")), select), slot);
}

function notesFor(sec: LonelinessSection, part: string): HTMLElement | null {
  const notes = sec.notApplicable.filter((n) => n.part === part);
  if (notes.length === 0) return null;
  return h("div", null, notes.map((n) => h("p", { class: "na", "data-na": n.code, "data-na-part": n.part }, naText(n))));
}

export interface LonelinessHandlers {
  onBack: () => void;
  /** Analyse again with these subgroup dimensions (no picker without it). */
  onSubgroups?: (dims: string[]) => void;
}

/** The Loneliness screen. */
export function renderLoneliness(report: Report, on: LonelinessHandlers): HTMLElement {
  const sec = lonelinessSection(report);
  K = report.definitions.suppressionThreshold;
  SEC = sec;
  const head = h(
    "div",
    { class: "dash-head" },
    h("div", null, h("h1", { id: "lon-title", tabindex: "-1" }, t("lon.title")), h("p", { class: "dash-meta" }, t("lon.intro"))),
    h("button", { type: "button", class: "secondary", "data-action": "back-dashboard", onclick: () => on.onBack() }, t("methods.back")),
  );
  if (!sec) return h("section", { class: "loneliness", "aria-labelledby": "lon-title", "data-screen": "loneliness" }, head, h("p", { class: "na", "data-na": "no_data" }, naText({ code: "no_data", reason: "" })));
  const analysed = sec.instruments.find((i) => i.analysed);
  const name = analysed?.name ?? sec.instrument ?? "";
  const general = sec.notApplicable.filter((n) => !["comparison", "dose", "subgroups", "linking"].includes(n.part));
  return h(
    "section",
    { class: "loneliness", "aria-labelledby": "lon-title", "data-screen": "loneliness" },
    head,
    general.length ? h("div", { class: "card" }, general.map((n) => h("p", { class: "na", "data-na": n.code, "data-na-part": n.part }, naText(n)))) : null,
    card("instruments", t("lon.instruments.title"), sec.instruments.map((ins, i) => instrumentBlock(ins, i))),
    linkingCard(sec),
    sec.change ? pairedFigure(sec, name) : null,
    changes(sec).map(([key, c]) => changeCard(sec, key, c)),
    comparisonCard(sec),
    doseCard(sec),
    subgroupCard(sec, on.onSubgroups),
    powerCard(sec),
    apaCard(sec, { lang: lang() }),
  );
}

/** The loneliness methods, for the Methods screen. */
export function lonelinessMethods(report: Report): HTMLElement | null {
  const sec = lonelinessSection(report);
  if (!sec) return null;
  const o = sec.options;
  const items: [string, string][] = [];
  for (const ins of sec.instruments) items.push([`${ins.name}${ins.analysed ? " ✓" : ""}`, `${ins.citation}. Missing items: ${ins.missingRule}. Cut-off: ${ins.cutoff ?? "–"}.`]);
  const sign = sec.change?.signConvention;
  items.push(["Paired change", `Paired t-test with ${Math.round(o.level * 100)}% CI; Wilcoxon signed-rank (V = R⁺) with scipy 1.17's wilcoxon(d) defaults: zeros dropped (zero_method "wilcox"), no continuity correction, method "auto" (exact null distribution for n ≤ 50 without ties or zeros, exact conditional distribution with ties or zeros for n ≤ 13, otherwise the normal approximation); exact sign test; effect sizes d_z (with CI), g_av, d_rm, rank-biserial r; improved / unchanged / worsened with Wilson CIs.${sign ? ` Sign: ${sign}.` : ""}`]);
  items.push(["Bootstrap", o.bootstrap ? `BCa interval of the mean change, ${o.resamples} resamples, seed ${o.seed}.` : "Off."]);
  const rci = sec.change?.rci.value;
  items.push(["Reliable change index (Jacobson & Truax 1991)", rci ? `Reliability ${rci.reliability} (${rci.reliabilityKind}: ${rci.reliabilitySource}); reliable change ≥ ${rci.reliableChange.toFixed(3)} points.` : `Reliability: ${JSON.stringify(o.rciReliability)}.`]);
  items.push(["Change distribution", `Histogram of after − before in whole scale points; ${sec.change?.distribution?.rule ?? ""}`]);
  items.push(["Lonely share", "Wilson score interval; McNemar χ²(1) with and without continuity correction, exact binomial p and mid-p (Fagerland et al. 2013)."]);
  if (sec.change?.categories) items.push(["Categories", "Stuart–Maxwell test of marginal homogeneity of the instrument's categories before and after (statsmodels SquareTable.homogeneity)."]);
  items.push(["Reliability of the scale", "Cronbach's α (KR-20 for dichotomous items) with CI; below 0.7 flagged; reverse-scoring suspected when an item correlates negatively with the rest."]);
  items.push(["Attrition", "Completers vs drop-outs at baseline: Welch t-test and standardised mean difference."]);
  if (sec.comparison) items.push(["Comparison group", "Difference in differences (Welch t on change scores; regression with cluster-robust SE by person), ANCOVA of the post score on the pre score (adjusted means, partial η²), d_ppc2 (Morris 2008)."]);
  if (sec.dose) items.push(["Dose–response", `${sec.dose.rule} Linear trend across bands.`]);
  if (sec.subgroups) items.push(["Subgroups", `Paired t per subgroup (${o.subgroups.join(", ")}); Holm and Benjamini–Hochberg adjusted p over a family of ${sec.subgroups.family}.`]);
  if (sec.power) items.push(["Power", `Minimum detectable d_z at α = ${sec.power.alpha}, power ${sec.power.power} (paired t).`]);
  items.push(["Suppression", `Every statistic is withheld when it rests on fewer than K = ${report.definitions.suppressionThreshold} people, with complementary suppression of partitions.`]);
  return h(
    "section",
    { class: "card", "aria-labelledby": "methods-loneliness", "data-section": "loneliness-methods" },
    h("h2", { id: "methods-loneliness" }, t("methods.loneliness.title")),
    h("p", null, t("methods.loneliness.intro")),
    h("ul", { class: "trend-methods", lang: "en", dir: "ltr" }, items.map(([m, n]) => h("li", { "data-method": m }, h("strong", null, m), h("ul", null, h("li", null, n))))),
    sec.notApplicable.length
      ? h(
          "div",
          null,
          h("h3", null, t("methods.loneliness.na")),
          h("ul", null, sec.notApplicable.map((n) => h("li", { "data-na": n.code, "data-na-part": n.part }, h("bdi", { lang: "en" }, n.part), ": ", naText(n)))),
        )
      : null,
  );
}
