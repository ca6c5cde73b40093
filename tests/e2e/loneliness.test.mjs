// Browser end-to-end tests of the Loneliness screen (report.loneliness) in he/ar/en, against the
// `madad` package's report of the four served demo files (Node, the same options):
// - every number on the screen (elements carrying data-path) is the report's number at that path
//   within 1e-9 relative, and reads as Intl formats it in the active locale; every suppressed
//   statistic reads "<K" and every not-applicable one the translated `na.<code>` reason;
// - the key statistics (paired t, d_z with CI, improved share, Wilcoxon, McNemar, RCI, DiD Welch
//   and clustered regression, ANCOVA adjusted means, d_ppc2, dose trend, Holm/BH, MDE, per-wave
//   mean and α) are all on screen; the BCa seed is stated;
// - the paired dot-and-CI chart and the change-distribution chart are <figure>s with a caption,
//   a one-sentence summary that is the SVG's accessible name, and a keyboard-operable
//   "show as table"; the per-mean CIs are the t intervals of the report's means; the change
//   histogram has a table row per bin of the report (published shares on screen, withheld "<K");
// - the APA table and sentence are the report's segments in the chosen report language, with
//   italics in <i> and subscripts in <sub>;
// - at a high K (?k=100, against the package's report with suppressionThreshold 100) the
//   withheld cells read "<100";
// - the Methods screen lists the loneliness methods; no egress after load, no CSP violation, no
//   page error. Screenshots tests/out/screenshots/loneliness-{he,ar,en}.png.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AS_OF } from "../js/helpers.mjs";
import { SHOTS, assertNoEgress, assertNoPlaceholders, catalogs, demoPaths, gotoAndSettle, launch, openContext, packageReport, switchLang } from "./harness.mjs";

const LANGS = ["he", "ar", "en"];
const DIR = { he: "rtl", ar: "rtl", en: "ltr" };
const LOCALE = { he: "he-IL", ar: "ar-IL-u-nu-latn", en: "en-IL" };
const HIGH_K = 100;

let env;
let ref;
let refHigh;

before(async () => {
  ref = await packageReport(demoPaths(), AS_OF, { sampleData: true });
  refHigh = await packageReport(demoPaths(), AS_OF, { sampleData: true, suppressionThreshold: HIGH_K });
  assert.ok(ref.loneliness, "the demo report has a loneliness section");
  assert.equal(refHigh.definitions.suppressionThreshold, HIGH_K);
  env = await launch();
});

after(async () => {
  await env?.close();
});

/** Strips the bidi isolates (U+2066–U+2069) the page puts around numbers. */
const plain = (s) => (s ?? "").replace(/[\u2066-\u2069]/g, "").trim();

/** The expected formatting, re-implemented from the catalogs and Intl (not from the page code). */
function fmt(lang) {
  const nf = (o) => new Intl.NumberFormat(LOCALE[lang], o);
  const num = (x, d = 0) => nf({ maximumFractionDigits: d }).format(x);
  return {
    n0: (x) => num(x, 0),
    n2: (x) => num(x, 2),
    n3: (x) => num(x, 3),
    pct: (x) => nf({ style: "percent", maximumFractionDigits: 1 }).format(x),
    p: (x) => (x < 0.001 ? `< ${num(0.001, 3)}` : `= ${num(x, 3)}`),
  };
}

function resolve(obj, p) {
  return p.split(".").reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

/** Every "not applicable" code in a section. */
function naCodes(sec) {
  const codes = new Set();
  JSON.stringify(sec, (key, v) => {
    if (v && typeof v === "object" && typeof v.code === "string" && typeof v.reason === "string") codes.add(v.code);
    return v;
  });
  return codes;
}

async function openLoneliness(page, log, lang, extra = "") {
  await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=${lang}${extra}`);
  await page.click("[data-action=demo]");
  await page.waitForSelector("[data-screen=dashboard] [data-action=loneliness]", { timeout: 60000 });
  // Keyboard: the Loneliness button is reachable and opens with Enter; focus moves to the heading.
  await page.focus("[data-action=loneliness]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-screen=loneliness]");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "lon-title", "focus moves to the Loneliness heading");
}

/** Checks every [data-path] element against the section; returns the paths seen. */
async function checkNumbers(page, sec, k, lang, min = 100) {
  const f = fmt(lang);
  const els = await page.$$eval("[data-screen=loneliness] [data-path]", (xs) => xs.map((e) => ({ ...e.dataset, text: e.textContent })));
  assert.ok(els.length > min, `${lang}: many numbers on screen (${els.length})`);
  let suppressed = 0;
  for (const e of els) {
    const at = resolve(sec, e.path);
    const what = `${lang} ${e.path}`;
    if (e.suppressed === "true") {
      assert.equal(at?.suppressed, true, `${what}: shown withheld, and withheld in the report`);
      assert.equal(plain(e.text), `<${k}`, `${what}: reads <K`);
      suppressed++;
    } else if (e.na !== undefined) {
      assert.equal(at?.notApplicable?.code, e.na, `${what}: not applicable in the report`);
      assert.equal(e.text, catalogs[lang][`na.${e.na}`], `${what}: the translated reason`);
    } else {
      assert.equal(typeof at, "number", `${what}: a number in the report`);
      const v = Number(e.value);
      assert.ok(Math.abs(v - at) <= 1e-9 * Math.max(1, Math.abs(at)), `${what}: ${v} vs ${at}`);
      assert.equal(plain(e.text), f[e.fmt](at), `${what}: formatted (${e.fmt})`);
    }
  }
  // Every statistic the report withholds in the parts shown is shown as withheld.
  return { paths: new Set(els.map((e) => e.path)), suppressed };
}

const MUST_SHOW = [
  "instruments.0.waves.0.mean.value",
  "instruments.0.waves.0.lonely.share.value",
  "instruments.0.waves.0.lonely.ci.lower",
  "instruments.0.reliability.0.alpha.value.estimate",
  "linking.matchedPrePost.value",
  "linking.attrition.completers.mean.value",
  "linking.attrition.difference.value.statistic",
  "change.pairs.value",
  "change.t.value.statistic",
  "change.t.value.df",
  "change.t.value.p",
  "change.t.value.ci.lower",
  "change.dZ.value.estimate",
  "change.dZ.value.ci.upper",
  "change.gAv.value",
  "change.dRm.value",
  "change.rankBiserial.value",
  "change.improved.share.value",
  "change.wilcoxon.value.statistic",
  "change.signP.value",
  "change.meanChangeBca.value.lower",
  "change.lonely.mcnemar.value.statistic",
  "change.lonely.mcnemarExactP.value",
  "change.lonely.mcnemarMidP.value",
  "change.lonely.mcnemarUncorrected.value.statistic",
  "change.rci.value.reliableChange",
  "comparison.did.value",
  "comparison.welch.value.df",
  "comparison.regression.value.statistic",
  "comparison.ancova.value.adjustedIntervention.estimate",
  "comparison.ancova.value.adjustedComparison.ci.lower",
  "comparison.dPpc2.value.estimate",
  "dose.trend.value.p",
  "subgroups.rows.0.pHolm.value",
  "subgroups.rows.1.pBh.value",
  "power.mdeDz.value",
  "power.mdePoints.value",
];

describe("the Loneliness screen in Chromium", () => {
  test("numbers, figures, APA text and methods match the package's report (he/ar/en)", async () => {
    const sec = ref.loneliness;
    const k = ref.definitions.suppressionThreshold;
    for (const lang of LANGS) for (const c of naCodes(sec)) assert.ok(catalogs[lang][`na.${c}`], `${lang}: na.${c} is translated`);
    const { context, page, log } = await openContext(env);
    try {
      await openLoneliness(page, log, "he");
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        assert.equal(await page.getAttribute("html", "dir"), DIR[lang]);
        assert.equal(await page.locator("[data-screen=loneliness]").count(), 1, `${lang}: still on the Loneliness screen`);
        const { paths, suppressed } = await checkNumbers(page, sec, k, lang);
        for (const p of MUST_SHOW) if (resolve(sec, p) !== undefined && resolve(sec, p) !== null) assert.ok(paths.has(p), `${lang}: ${p} is on screen`);
        assert.ok(suppressed > 0, `${lang}: the demo has withheld statistics (complementary suppression), shown as <K`);
        // Instruments and scoring.
        for (const ins of sec.instruments) {
          const block = `[data-instrument="${ins.instrument}"]`;
          assert.equal(await page.locator(block).count(), 1, `${lang}: ${ins.instrument} listed`);
          if (catalogs[lang][`lon.scoring.${ins.instrument}`]) assert.ok((await page.textContent(`${block} [data-scoring]`)).includes(String(ins.cutoff)), `${lang}: ${ins.instrument} scoring with its cut-off`);
          assert.equal(await page.locator(`${block} [data-flag=low]`).count(), ins.reliability.filter((r) => r.low).length, `${lang}: ${ins.instrument} α < 0.7 warnings`);
        }
        // The bootstrap seed is stated.
        assert.equal(await page.getAttribute("[data-test=bca] [data-seed]", "data-seed"), String(sec.options.seed));
        assert.ok(plain(await page.textContent("[data-test=bca] [data-seed]")).includes(String(sec.options.seed)));
        // Figures: caption, summary = the SVG's name, a keyboard-operable table toggle.
        const figures = await page.$$eval("figure[data-figure^=lon]", (xs) => xs.map((x) => x.dataset.figure));
        assert.ok(figures.includes("lon-paired") && figures.includes("lon-dist-intervention"), `${lang}: the paired and distribution figures (${figures})`);
        for (const fig of figures) {
          const sel = `figure[data-figure="${fig}"]`;
          await page.waitForSelector(`${sel} svg.madad-plot`, { timeout: 15000 });
          const summary = await page.textContent(`${sel} figcaption .chart-summary`);
          assert.ok(summary.length > 20, `${lang}/${fig}: a summary sentence`);
          assert.equal(await page.getAttribute(`${sel} svg.madad-plot`, "aria-label"), summary, `${lang}/${fig}: the chart's name is the summary`);
          assert.equal(await page.getAttribute(`${sel} svg.madad-plot`, "role"), "img");
          assert.equal(await page.evaluate((s) => getComputedStyle(document.querySelector(`${s} svg.madad-plot`)).direction, sel), "ltr", `${lang}/${fig}: the SVG stays LTR`);
          const button = `${sel} [data-action=toggle-table]`;
          await page.focus(button);
          await page.keyboard.press("Enter");
          assert.equal(await page.getAttribute(button, "aria-expanded"), "true");
          assert.ok(await page.isVisible(`${sel} table`), `${lang}/${fig}: the table shows`);
          await page.keyboard.press("Enter");
          assert.equal(await page.getAttribute(button, "aria-expanded"), "false");
        }
        // The change histogram: one table row per bin of the report, in its order, each share
        // the report's (checked with every [data-path] above); bars for the published bins.
        for (const [key, c] of [["change", sec.change], ["comparisonChange", sec.comparisonChange]]) {
          const sides = await page.$$eval(`table[data-table="lon-dist-${c.group}"] tr[data-bin]`, (xs) => xs.map((x) => x.dataset.side));
          assert.deepEqual(sides, c.distribution.bins.map((b) => b.side), `${lang}/${key}: histogram bins`);
          c.distribution.bins.forEach((b, i) => {
            if (!b.share.suppressed) assert.ok(paths.has(`${key}.distribution.bins.${i}.share.value`), `${lang}/${key}: bin ${i} on screen`);
          });
          assert.ok(c.distribution.bins.filter((b) => !b.share.suppressed).length >= 2, `${lang}/${key}: the demo's histogram has published bins`);
          const bars = await page.$$eval(`figure[data-figure="lon-dist-${c.group}"] svg.madad-plot rect`, (xs) => xs.length);
          assert.ok(bars >= c.distribution.bins.filter((b) => !b.share.suppressed).length, `${lang}/${key}: a bar per published bin`);
        }
        // The per-mean CIs of the paired chart: mean ± t*·SD/√n with t* of the report's t interval.
        const ch = sec.change;
        const tv = ch.t.value;
        const tcrit = (tv.ci.upper - tv.estimate) / (tv.estimate / tv.statistic);
        assert.ok(tcrit > 1.96 && tcrit < 2.0, `t*(${tv.df}) = ${tcrit}`);
        const cis = await page.$$eval('table[data-table=lon-paired] tr[data-group=intervention] [data-derived]', (xs) => xs.map((x) => [Number(x.dataset.lower), Number(x.dataset.upper)]));
        const n = ch.pairs.value;
        const want = [[ch.meanBefore.value, ch.sdBefore.value], [ch.meanAfter.value, ch.sdAfter.value]].map(([m, sd]) => [m - (tcrit * sd) / Math.sqrt(n), m + (tcrit * sd) / Math.sqrt(n)]);
        cis.forEach((c, i) => c.forEach((x, j) => assert.ok(Math.abs(x - want[i][j]) <= 1e-9 * Math.abs(want[i][j]), `${lang}: paired CI ${i}/${j}`)));
        // APA: the report's segments in the chosen report language (default: the UI's).
        assert.equal(await page.inputValue("#lon-apa-lang"), lang);
        for (const rl of [lang, LANGS[(LANGS.indexOf(lang) + 1) % 3]]) {
          await page.selectOption("#lon-apa-lang", rl);
          const apa = sec.apa.find((a) => a.lang === rl);
          const box = `[data-apa-lang="${rl}"]`;
          await page.waitForSelector(box);
          assert.equal(await page.getAttribute(box, "dir"), DIR[rl]);
          const sentence = `${box} [data-apa=sentence]`;
          assert.equal(await page.textContent(sentence), apa.sentence.map((s) => s.text).join(""), `${lang}→${rl}: the APA sentence`);
          assert.deepEqual(await page.$$eval(`${sentence} i`, (xs) => xs.map((x) => x.textContent)), apa.sentence.filter((s) => s.italic && !s.subscript).map((s) => s.text), `${lang}→${rl}: italics`);
          assert.deepEqual(await page.$$eval(`${sentence} sub`, (xs) => xs.map((x) => x.textContent)), apa.sentence.filter((s) => s.subscript).map((s) => s.text), `${lang}→${rl}: subscripts`);
          const cells = await page.$$eval(`${box} table[data-table=apa] tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
          assert.deepEqual(cells, apa.rows.map((r) => r.map((c) => c.map((s) => s.text).join(""))), `${lang}→${rl}: the APA table`);
          assert.deepEqual(await page.$$eval(`${box} table[data-table=apa] thead th`, (xs) => xs.map((x) => x.textContent)), apa.columns.map((c) => c.map((s) => s.text).join("")), `${lang}→${rl}: APA columns`);
          assert.equal(await page.textContent(`${box} [data-apa=note]`), apa.note.map((s) => s.text).join(""), `${lang}→${rl}: the APA note`);
        }
        await page.selectOption("#lon-apa-lang", lang);
        await assertNoPlaceholders(page, lang);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(SHOTS, `loneliness-${lang}.png`), fullPage: true });
      }
      // The Methods screen lists the loneliness methods.
      await page.click("[data-action=back-dashboard]");
      await page.click("[data-action=methods]");
      await page.waitForSelector("[data-section=loneliness-methods]");
      const text = await page.textContent("[data-section=loneliness-methods]");
      for (const ins of sec.instruments) assert.ok(text.includes(ins.citation), `Methods cites ${ins.name}`);
      assert.ok(text.includes(`seed ${sec.options.seed}`), "Methods states the bootstrap seed");
      assert.ok(text.includes("Holm") && text.includes("d_ppc2") && text.includes("Wilcoxon"), "Methods names the tests");
      assertNoEgress(env, log, "loneliness");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("an uploaded De Jong Gierveld survey in words: Stuart–Maxwell, McNemar variants and the histogram (he/ar/en)", async () => {
    // The fixture of crates/madad-core/tests/loneliness_section.rs (djg_text_survey_*): answers in
    // English ("Yes!", "No!"), Hebrew and Arabic; three categories; 2 worsened (< K = 5).
    const file = path.join(import.meta.dirname, "..", "fixtures", "stats", "loneliness-section", "djg_text.csv");
    const djgK = 5;
    const report = await packageReport([file], AS_OF, { suppressionThreshold: djgK });
    const sec = report.loneliness;
    assert.equal(sec.instrument, "djg6");
    assert.equal(sec.instruments[0].answerIssues, 0, "every answer word is read");
    const ch = sec.change;
    assert.ok(ch.categories.stuartMaxwell.value, "Stuart–Maxwell is published");
    assert.ok(ch.distribution.bins.some((b) => b.share.suppressed) && ch.distribution.bins.some((b) => !b.share.suppressed));
    for (const lang of LANGS) for (const c of naCodes(sec)) assert.ok(catalogs[lang][`na.${c}`], `${lang}: na.${c} is translated`);
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he&k=${djgK}`);
      await page.setInputFiles("input[type=file]", file);
      // First time: the file check comes first; the dashboard is one step away.
      await page.waitForSelector("[data-screen=check]", { timeout: 60000 });
      await page.click("[data-step=dashboard]");
      await page.waitForSelector("[data-screen=dashboard] [data-action=loneliness]", { timeout: 60000 });
      await page.click("[data-action=loneliness]");
      await page.waitForSelector("[data-screen=loneliness]");
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        const { paths } = await checkNumbers(page, sec, djgK, lang, 40);
        for (const p of ["change.categories.stuartMaxwell.value.statistic", "change.categories.stuartMaxwell.value.p", "change.categories.stuartMaxwell.value.df", "change.lonely.mcnemarMidP.value", "change.lonely.mcnemarUncorrected.value.p", "change.lonely.mcnemarExactP.value"]) {
          assert.ok(paths.has(p), `${lang}: ${p} on screen`);
        }
        const row = await page.textContent('[data-section=lon-change] [data-test=stuartMaxwell] th');
        for (const c of ch.categories.categories) assert.ok(row.includes(catalogs[lang][`lon.cat.${c}`]), `${lang}: category ${c} named`);
        const sides = await page.$$eval(`table[data-table="lon-dist-${ch.group}"] tr[data-bin]`, (xs) => xs.map((x) => x.dataset.side));
        assert.deepEqual(sides, ch.distribution.bins.map((b) => b.side), `${lang}: histogram bins`);
        const withheld = await page.$$eval(`table[data-table="lon-dist-${ch.group}"] [data-suppressed=true]`, (xs) => xs.length);
        assert.equal(withheld, ch.distribution.bins.filter((b) => b.share.suppressed).length, `${lang}: withheld bins read <K`);
        await page.waitForSelector(`figure[data-figure="lon-dist-${ch.group}"] svg.madad-plot`, { timeout: 15000 });
        await assertNoPlaceholders(page, lang);
      }
      assertNoEgress(env, log, "loneliness upload");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test(`at a high K (${HIGH_K}) the withheld statistics read "<${HIGH_K}" (he/ar/en)`, async () => {
    const sec = refHigh.loneliness;
    for (const lang of LANGS) for (const c of naCodes(sec)) assert.ok(catalogs[lang][`na.${c}`], `${lang}: na.${c} is translated`);
    const { context, page, log } = await openContext(env);
    try {
      await openLoneliness(page, log, "he", `&k=${HIGH_K}`);
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        const { suppressed } = await checkNumbers(page, sec, HIGH_K, lang);
        assert.ok(suppressed >= 20, `${lang}: many cells withheld at K = ${HIGH_K} (${suppressed})`);
        // The comparison group (88 pairs) is below K = 100: its n is withheld.
        assert.equal(sec.comparison.comparison.n.suppressed, true);
        assert.equal(plain(await page.textContent('[data-path="comparison.comparison.n"]')), `<${HIGH_K}`);
        await assertNoPlaceholders(page, lang);
      }
      assertNoEgress(env, log, "loneliness high K");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});
