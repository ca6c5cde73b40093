// Browser end-to-end tests of the Trends screen (report.trends) in he/ar/en, against the native
// CLI's report of the same four served demo files: the trend sentence (numbers formatted with
// Intl, "no clear trend" when the CI covers 0, translated not-applicable reasons), the series
// table (withheld points "<K"), the changes with their CIs, the survival curve and its table,
// the log-rank comparisons, the cohort table; the programme start re-runs the analysis and shows
// the interrupted-time-series panel (checked against the `madad` package in Node with the same
// options: the CLI has no programme-start flag); keyboard operation; the Methods screen lists
// the trend methods; no egress after load, no CSP violation, no page error. Screenshots
// tests/out/screenshots/trends-{he,ar,en}.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { analyzeFiles } from "madad";
import { AS_OF } from "../js/helpers.mjs";
import {
  DEMO_FILES,
  assertClose,
  SHOTS,
  assertNoEgress,
  assertNoPlaceholders,
  catalogs,
  cliReportFiles,
  demoPaths,
  gotoAndSettle,
  launch,
  nativeReport,
  openContext,
  packageReport,
  switchLang,
} from "./harness.mjs";

const LANGS = ["he", "ar", "en"];
const DIR = { he: "rtl", ar: "rtl", en: "ltr" };
const LOCALE = { he: "he-IL", ar: "ar-IL-u-nu-latn", en: "en-IL" };

let env;
let cli;

before(async () => {
  cli = await cliReportFiles(demoPaths(), AS_OF, ["--sample-data"]);
  assert.ok(cli.trends, "the demo report has a trends section");
  env = await launch();
});

after(async () => {
  await env?.close();
});

/** Strips the bidi isolates (U+2066–U+2069) the page puts around numbers. */
const plain = (s) => (s ?? "").replace(/[\u2066-\u2069]/g, "");

/** The expected formatting, re-implemented from the catalogs and Intl (not from the page code). */
function fmt(lang) {
  const nf = (o) => new Intl.NumberFormat(LOCALE[lang], o);
  const msg = (key, vars = {}) => catalogs[lang][key].replace(/\{(\w+)\}/g, (_, n) => String(vars[n] ?? ""));
  const num = (x, d = 0) => nf({ maximumFractionDigits: d }).format(x);
  const delta = (unit, x) => (unit === "share" ? msg("unit.pp", { n: nf({ maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(x * 100) }) : num(x, 2));
  const p = (x) => (x < 0.001 ? `< ${num(0.001, 3)}` : `= ${num(x, 3)}`);
  return { msg, num, delta, p, share: (x, d = 1) => nf({ style: "percent", maximumFractionDigits: d }).format(x) };
}

function expectedHeadline(lang, s, level) {
  const f = fmt(lang);
  const hl = s.headline;
  if (!hl) {
    const key = `na.${s.headlineNotApplicable.code}`;
    return catalogs[lang][key] ?? f.msg("na.unknown", { code: s.headlineNotApplicable.code });
  }
  const ci = hl.slopeCi;
  const covers0 = ci !== null && ci.lower <= 0 && ci.upper >= 0;
  const kind = hl.direction === "no_trend" || covers0 ? "none" : hl.slope > 0 ? "up" : "down";
  const sign = kind === "down" ? -1 : 1;
  const vars = {
    series: catalogs[lang][`trend.series.${s.id}`],
    slope: f.delta(s.unit, sign * hl.slope),
    per: catalogs[lang][`trend.per.${hl.per}`],
    level: f.num(Math.round(level * 100)),
    lower: ci ? f.delta(s.unit, kind === "down" ? -ci.upper : ci.lower) : "–",
    upper: ci ? f.delta(s.unit, kind === "down" ? -ci.lower : ci.upper) : "–",
    method: catalogs[lang][`trend.method.${hl.method}`],
    p: f.p(hl.pValue),
  };
  return { text: f.msg(ci ? `trend.headline.${kind}` : `trend.headline.${kind}.noCi`, vars), kind };
}

async function openTrends(page, log, lang) {
  await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=${lang}`);
  await page.click("[data-action=demo]");
  await page.waitForSelector("[data-screen=dashboard] [data-action=trends]", { timeout: 60000 });
  // Keyboard: the Trends button is reachable and opens with Enter.
  await page.focus("[data-action=trends]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-screen=trends]");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "trends-title", "focus moves to the Trends heading");
}

const near = (a, b, what) => assert.ok(Math.abs(Number(a) - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe("the Trends screen in Chromium", () => {
  test("series, sentence, table, changes, survival, log-rank and cohorts match the CLI (he/ar/en)", async () => {
    const { context, page, log } = await openContext(env);
    const tr = cli.trends;
    const k = cli.definitions.suppressionThreshold;
    // Every "not applicable" in the section has a translated reason in every language.
    const codes = new Set();
    JSON.stringify(tr, (key, v) => {
      if (v && typeof v === "object" && typeof v.code === "string" && typeof v.reason === "string") codes.add(v.code);
      return v;
    });
    for (const lang of LANGS) for (const c of codes) assert.ok(catalogs[lang][`na.${c}`], `${lang}: na.${c} is translated`);
    try {
      await openTrends(page, log, "he");
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        const f = fmt(lang);
        assert.equal(await page.getAttribute("html", "dir"), DIR[lang]);
        assert.equal(await page.locator("[data-screen=trends]").count(), 1, `${lang}: still on the Trends screen`);
        const options = await page.$$eval("#trend-series option", (els) => els.map((e) => [e.value, e.textContent]));
        assert.deepEqual(options, tr.series.map((s) => [s.id, catalogs[lang][`trend.series.${s.id}`]]), `${lang}: one option per series, translated`);
        for (const s of tr.series) {
          await page.selectOption("#trend-series", s.id);
          await page.waitForSelector(`[data-trend-series="${s.id}"]`);
          const panel = `[data-trend-series="${s.id}"]`;
          // The sentence in words.
          const want = expectedHeadline(lang, s, tr.level);
          const got = plain(await page.textContent(`${panel} .chart-summary`));
          assert.equal(got, typeof want === "string" ? want : want.text, `${lang}/${s.id}: the trend sentence`);
          // The figure: a <figure> with a caption, the chart drawn, the table behind a button.
          await page.waitForSelector(`${panel} figure[data-figure=trend] svg.madad-plot`, { timeout: 15000 });
          assert.equal(plain(await page.getAttribute(`${panel} figure svg.madad-plot`, "aria-label")), got, `${lang}/${s.id}: the chart's name is the sentence`);
          const rows = await page.$$eval(`${panel} table[data-table=trend-points] tbody tr[data-period]`, (els) =>
            els.map((e) => ({ period: e.dataset.period, value: e.dataset.value, suppressed: e.dataset.suppressed === "true", complete: e.dataset.complete, cell: e.children[1]?.textContent ?? "" })),
          );
          assert.equal(rows.length, s.points.length, `${lang}/${s.id}: one row per period`);
          s.points.forEach((p, i) => {
            const r = rows[i];
            assert.equal(r.period, p.period.label);
            assert.equal(r.value, p.value === null ? "" : String(p.value), `${lang}/${s.id} ${p.period.label}: value`);
            assert.equal(r.complete, String(p.complete));
            if (p.suppressed) assert.equal(plain(r.cell), `<${k}`, `${lang}/${s.id} ${p.period.label}: withheld as <K`);
          });
          // Changes with their CIs.
          for (const [which, c] of [["period", s.periodChange], ["year", s.yearOverYear]]) {
            const block = `${panel} [data-change-block=${which}]`;
            const est = c.count ?? c.proportion;
            if (est) {
              const d = await page.$eval(`${block} [data-change]`, (e) => ({ ...e.dataset, text: e.textContent }));
              near(d.difference, est.difference, `${lang}/${s.id} ${which}: difference`);
              near(d.lower, est.differenceCi.lower, `${lang}/${s.id} ${which}: CI lower`);
              near(d.upper, est.differenceCi.upper, `${lang}/${s.id} ${which}: CI upper`);
              assert.ok(plain(d.text).includes(f.delta(c.count ? "count" : "share", est.differenceCi.lower)), `${lang}/${s.id} ${which}: the CI in the text`);
            } else {
              const na = await page.textContent(`${block} [data-na]`);
              assert.equal(na, catalogs[lang][`na.${c.notApplicable.code}`], `${lang}/${s.id} ${which}: translated reason`);
            }
          }
          // No programme start yet: the ITS panel says why, translated.
          assert.equal(await page.getAttribute(`${panel} [data-its-panel]`, "data-its-panel"), "na");
          assert.equal(await page.textContent(`${panel} [data-its-panel] [data-na]`), catalogs[lang][`na.${s.itsNotApplicable.code}`]);
          // The projection: labelled as such, or its reason.
          assert.equal(await page.getAttribute(`${panel} [data-projection-block]`, "data-projection-block"), s.projection ? "result" : "na");
          if (s.projection) {
            assert.equal(await page.locator(`${panel} tr[data-projection]`).count(), s.projection.points.length, `${lang}/${s.id}: projection rows`);
            assert.ok((await page.textContent(`${panel} .chart-legend`)).includes(catalogs[lang]["trend.legend.projection"]));
          }
        }
        // Retention: the survival curve, its figures, the comparisons and the cohort table.
        const ov = tr.retention.overall;
        if (ov) {
          await page.waitForSelector("figure[data-figure=survival] svg.madad-plot", { timeout: 15000 });
          const curve = await page.$$eval("table[data-table=survival] tbody tr", (els) => els.map((e) => [Number(e.dataset.months), Number(e.dataset.survival)]));
          assert.deepEqual(curve, ov.curve.map((p) => [p.months, p.survival]), `${lang}: the survival table is the KM curve`);
          assert.equal(await page.getAttribute("[data-median]", "data-median"), ov.median === null ? "" : String(ov.median));
          for (const a of ov.atMonths) {
            const cell = `[data-at-months="${a.months}"]`;
            if (a.point) assert.ok(plain(await page.textContent(cell)).startsWith(f.share(a.point.survival)), `${lang}: S(${a.months})`);
            else assert.equal(await page.textContent(cell), catalogs[lang][`na.${a.notApplicable.code}`]);
          }
        }
        for (const [key, c] of [["seniors", tr.retention.seniors], ["department", tr.retention.byDepartment], ["cohortYear", tr.retention.byCohortYear]]) {
          const block = `[data-comparison=${key}]`;
          if (c?.logRank) {
            const d = await page.$eval(`${block} [data-logrank]`, (e) => ({ ...e.dataset, text: e.textContent }));
            near(d.chi2, c.logRank.chi2, `${lang}: ${key} χ²`);
            assert.equal(Number(d.df), c.logRank.df);
            near(d.p, c.logRank.pValue, `${lang}: ${key} p`);
            assert.ok(plain(d.text).includes(f.num(c.logRank.chi2, 2)), `${lang}: ${key} χ² in words: ${d.text}`);
            assert.equal(await page.locator(`${block} tbody tr`).count(), c.groups.length);
          } else if (c) {
            assert.equal(await page.textContent(`${block} [data-na]`), catalogs[lang][`na.${c.notApplicable.code}`]);
          }
        }
        const co = tr.retention.cohorts;
        if (co) {
          const cells = await page.$$eval("table[data-table=cohorts] td[data-months]", (els) => els.map((e) => ({ share: e.dataset.share, withheld: e.dataset.withheld === "true", text: e.firstChild?.textContent ?? "" })));
          const want = co.rows.flatMap((r) => r.cells);
          assert.equal(cells.length, want.length, `${lang}: one cohort cell per report cell`);
          want.forEach((c, i) => {
            const withheld = c.active.suppressed || c.share === null;
            assert.equal(cells[i].withheld, withheld, `${lang}: cohort cell ${i} withheld`);
            if (withheld) assert.equal(plain(cells[i].text), `<${k}`);
            else near(cells[i].share, c.share, `${lang}: cohort cell ${i}`);
          });
          assert.ok(want.some((c) => c.active.suppressed), "the demo cohort table has withheld cells");
        }
        await assertNoPlaceholders(page, lang);
        await page.selectOption("#trend-series", tr.series[0].id);
        await page.waitForSelector("[data-trend-series] figure svg.madad-plot", { timeout: 15000 });
        await page.screenshot({ path: path.join(SHOTS, `trends-${lang}.png`), fullPage: false });
      }
      assertNoEgress(env, log, "trends");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("a programme start date re-runs the analysis and shows the ITS panel (he/ar/en); Methods lists the trend methods", async () => {
    const series = cli.trends.series[0];
    // A start in the middle of the published months of the first series.
    const published = series.points.filter((p) => p.value !== null && p.complete);
    const mid = published[Math.floor(published.length / 2)];
    const start = mid.period.start;
    const inputs = demoPaths().map((p, i) => ({ name: DEMO_FILES[i], bytes: new Uint8Array(readFileSync(p)) }));
    const ref = await analyzeFiles(inputs, { ingest: { asOf: AS_OF }, analysis: { sampleData: true, trends: { programStart: start } } });
    // The CLI has no programme-start flag: the package in Node stands in. It reproduces the
    // native CLI's trends section on the files the CLI reads (and on all four once it reads XLSX).
    const textFiles = demoPaths().filter((f) => !f.endsWith(".xlsx"));
    assertClose((await packageReport(textFiles, AS_OF, { sampleData: true })).trends, nativeReport(textFiles, AS_OF, ["--sample-data"]).trends, "package = native CLI (trends, text files)");
    if (cli.source === "cli") {
      const plainRef = await analyzeFiles(inputs, { ingest: { asOf: AS_OF }, analysis: { sampleData: true } });
      assertClose(plainRef.trends, cli.trends, "package = native CLI (trends, all four files)");
    }
    const refSeries = ref.trends.series.find((s) => s.id === series.id);
    assert.ok(refSeries.its, `the reference has an ITS at ${start}: ${JSON.stringify(refSeries.itsNotApplicable)}`);
    const { context, page, log } = await openContext(env);
    try {
      await openTrends(page, log, "he");
      // Keyboard: type the date in the field and submit with Enter.
      await page.fill("#program-start", start);
      await page.focus("#program-start");
      await page.keyboard.press("Enter");
      await page.waitForSelector(`[data-screen=trends][data-program-start="${start}"] [data-its-panel=result]`, { timeout: 60000 });
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        const f = fmt(lang);
        const its = refSeries.its;
        for (const id of ["levelChange", "slopeChange", "effectAtHorizon"]) {
          const d = await page.$eval(`[data-its="${id}"]`, (e) => ({ ...e.dataset, text: e.textContent }));
          near(d.estimate, its[id].estimate, `${lang}: ITS ${id}`);
          near(d.lower, its[id].confInt.lower, `${lang}: ITS ${id} CI lower`);
          near(d.upper, its[id].confInt.upper, `${lang}: ITS ${id} CI upper`);
          assert.ok(plain(d.text).includes(f.delta(series.unit, its[id].estimate)), `${lang}: ITS ${id} in words: ${d.text}`);
        }
        near(await page.getAttribute('[data-its="durbinWatson"]', "data-value"), its.durbinWatson, `${lang}: Durbin–Watson`);
        assert.equal(Number(await page.getAttribute('[data-its="hacLags"]', "data-value")), its.hacLags, `${lang}: HAC lags`);
        assert.ok((await page.textContent("[data-its-panel=result]")).includes(catalogs[lang]["trend.its.title"]));
        await page.waitForSelector("[data-trend-series] figure svg.madad-plot", { timeout: 15000 });
        await assertNoPlaceholders(page, lang);
        if (lang === "en") await page.locator("[data-its-panel=result]").screenshot({ path: path.join(SHOTS, "trends-its-en.png") });
      }
      // The Methods screen lists the trend methods the section names.
      await page.click("[data-action=back-dashboard]");
      await page.click("[data-action=methods]");
      await page.waitForSelector("[data-section=trend-methods]");
      const methods = await page.$$eval("[data-section=trend-methods] li[data-method]", (els) => els.map((e) => e.dataset.method));
      for (const m of [ref.trends.method, refSeries.summary.method, refSeries.its.method, ref.trends.retention.method]) {
        assert.ok(methods.includes(m), `Methods lists ${m}`);
      }
      assertNoEgress(env, log, "trends re-run");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});
