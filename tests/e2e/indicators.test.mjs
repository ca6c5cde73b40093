// Browser end-to-end tests of the indicators by program goal, the Methods view and the
// aggregate bundles (export from the dashboard, "Compare municipalities" with the merge and the
// forest plot), in he/ar/en, against the native CLI's report of the same served demo file; no
// egress after load, no CSP violation, no page error. Screenshots go to tests/out/screenshots/.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AS_OF, ROOT } from "../js/helpers.mjs";
import {
  OUT,
  SHOTS,
  assertNoEgress,
  cliReportFiles,
  demoPaths,
  assertNoPlaceholders,
  catalogs,
  gotoAndSettle,
  launch,
  openContext,
  switchLang,
} from "./harness.mjs";

const BUNDLES = path.join(OUT, "bundles");
const LANGS = ["he", "ar", "en"];
const DIR = { he: "rtl", ar: "rtl", en: "ltr" };

let env;
let cli;

before(async () => {
  // The demo municipality is all four served files (hours log, registry, survey, population).
  cli = await cliReportFiles(demoPaths(), AS_OF, ["--sample-data"]);
  mkdirSync(BUNDLES, { recursive: true });
  env = await launch();
});

after(async () => {
  await env?.close();
});

async function openDemo(page, log, lang = "he") {
  await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=${lang}`);
  await page.click("[data-action=demo]");
  await page.waitForSelector("[data-screen=dashboard] [data-section=indicators]", { timeout: 30000 });
}

const pubValue = (p) => (p === null || p === undefined || p.suppressed || p.value === null ? null : p.value);

/** The figures the dashboard must show, from the CLI report: [indicator, figure, Published|Proportion]. */
function expectedFigures(r) {
  const ind = r.indicators;
  const out = [];
  const add = (id, fig, v) => {
    if (v !== null && v !== undefined) out.push([id, fig, v]);
  };
  add("V1", "volunteers", ind.volume?.volunteers);
  add("V3", "hours", ind.volume?.hours);
  add("V4", "meanHours", ind.volume?.meanHours);
  add("V4", "medianHours", ind.volume?.medianHours);
  add("V7", "sessions", ind.volume?.sessions);
  add("V9", "fte", ind.volume?.fte);
  for (const f of ["oneTime", "irregular", "upTo9Hours", "tenPlusHours"]) add("V5", f, ind.intensity?.[f]);
  add("V6", "regular", ind.intensity?.regular);
  add("R1", "active", ind.active?.active);
  return out;
}

async function readFigure(page, id, fig) {
  return page.$eval(`section[data-section=indicators] [data-indicator="${id}"] [data-figure="${fig}"]`, (el) => ({
    value: el.dataset.value,
    suppressed: el.dataset.suppressed === "true",
    smallN: el.dataset.smallN === "true",
    text: (el.querySelector(".fig-value")?.textContent ?? "").replace(/[\u2066-\u2069]/g, ""),
    ci: el.querySelector("[data-ci]")?.textContent ?? null,
  }));
}

describe("indicators, methods and bundles in Chromium", () => {
  test("indicators by program goal: values, CIs, small-n, benchmarks, non-additive sub-totals, definitions (he/ar/en)", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await openDemo(page, log);
      const k = cli.definitions.suppressionThreshold;
      const figures = expectedFigures(cli);
      assert.ok(figures.length >= 8, `the demo report has indicator values (${figures.length})`);
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        assert.equal(await page.getAttribute("html", "dir"), DIR[lang]);
        // One goal section per report section, named in the active language.
        const goals = await page.$$eval("[data-goal]", (els) => els.map((e) => [e.dataset.goal, e.querySelector(".goal-title")?.textContent]));
        assert.deepEqual(
          goals,
          cli.sections.map((s) => [s.id, s.name[lang]]),
          `${lang}: goal sections in report order, translated`,
        );
        for (const [id, fig, v] of figures) {
          const shown = await readFigure(page, id, fig);
          const isProp = v.numerator !== undefined;
          const pub = isProp ? v.value : v;
          assert.equal(shown.value, pubValue(pub) === null ? "" : String(pubValue(pub)), `${lang}: ${id}/${fig} data-value`);
          if (pub.suppressed) {
            assert.ok(shown.suppressed && shown.text.includes(`<${k}`), `${lang}: ${id}/${fig} shows <${k}: ${shown.text}`);
          } else {
            assert.match(shown.text, /\d/, `${lang}: ${id}/${fig} shows a number: ${shown.text}`);
          }
          if (isProp) {
            assert.equal(shown.smallN, v.smallN, `${lang}: ${id}/${fig} small-n badge`);
            assert.equal(shown.ci !== null, v.ci !== null && !pub.suppressed, `${lang}: ${id}/${fig} CI shown iff the report has one`);
            if (shown.ci) assert.match(shown.ci, /95/, `${lang}: the CI names its level`);
          }
        }
        // Volunteers per percentage: Intl percent formatting in the active locale.
        const oneTime = cli.indicators.intensity?.oneTime;
        if (oneTime && pubValue(oneTime.value) !== null) {
          const locale = { he: "he-IL", ar: "ar-IL-u-nu-latn", en: "en-IL" }[lang];
          const want = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(oneTime.value.value);
          assert.equal((await readFigure(page, "V5", "oneTime")).text, want, `${lang}: share formatted with Intl`);
        }
        // V1 by department is labelled "not additive"; V3 hours by department is not.
        const v1sub = page.locator('section[data-section=indicators] [data-indicator="V1"] [data-subtotals=byDepartment]').first();
        assert.equal(await v1sub.getAttribute("data-additive"), "false");
        assert.equal((await v1sub.locator("[data-not-additive]").textContent()).trim(), catalogs[lang]["ind.notAdditive"]);
        const v3sub = page.locator('section[data-section=indicators] [data-indicator="V3"] [data-subtotals=byDepartment]').first();
        if ((await v3sub.count()) > 0) assert.equal(await v3sub.locator("[data-not-additive]").count(), 0, "hours by department add up");
        // Sub-total rows are the report's (first V1 card).
        const deptRows = await v1sub.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.value));
        assert.deepEqual(
          deptRows,
          cli.indicators.volume.byDepartment.map((d) => (pubValue(d.volunteers) === null ? "" : String(d.volunteers.value))),
          `${lang}: V1 by department`,
        );
        // CBS benchmarks beside the figures the report marks comparable (local figure present).
        const comparable = cli.benchmarks.rows.filter((b) => b.local !== null);
        const shownBench = await page.$$eval("section[data-section=indicators] [data-benchmark]", (els) => [...new Set(els.map((e) => e.dataset.benchmark))]);
        assert.deepEqual(shownBench.sort(), comparable.map((b) => b.id).sort(), `${lang}: benchmarks shown exactly where comparable`);
        // Keyboard: the definition disclosure of V1 opens with Enter and shows name, formula, caveats, source.
        const def = cli.definitions.indicators.find((d) => d.id === "V1");
        const summary = page.locator('section[data-section=indicators] [data-indicator="V1"] details[data-definition=V1] > summary').first();
        await summary.focus();
        await page.keyboard.press("Enter");
        const details = page.locator('section[data-section=indicators] [data-indicator="V1"] details[data-definition=V1]').first();
        assert.equal(await details.evaluate((d) => d.open), true, `${lang}: Enter opens the definition`);
        const defText = await details.textContent();
        // Caveats and source in the active language (the registry carries he/ar/en).
        for (const part of [def.name[lang], def.formula, def.caveats[lang], def.source[lang]]) assert.ok(defText.includes(part), `${lang}: definition shows ${part}`);
        // Every indicator of every goal section is visible: a card, or a line saying why not.
        for (const s of cli.sections) {
          for (const id of s.indicators) {
            const shown = await page.$$eval(`[data-goal="${s.id}"] [data-indicator="${id}"], [data-goal="${s.id}"] [data-indicator-missing="${id}"]`, (els) => els.length);
            assert.equal(shown, 1, `${lang}: ${s.id} shows ${id}`);
          }
        }
        // L1–L8 from the loneliness section: the mean change (L5) with its CI, and the lonely
        // share before (L7), as the report has them.
        const lon = cli.loneliness;
        if (lon?.change?.t?.value) {
          const l5 = await readFigure(page, "L5", "meanChange");
          assert.equal(l5.value, String(lon.change.t.value.estimate), `${lang}: L5 mean change`);
          assert.match(l5.ci ?? "", /95/, `${lang}: L5 CI`);
          const defL5 = page.locator('[data-indicator="L5"] details[data-definition=L5]').first();
          assert.equal(await defL5.count(), 1, `${lang}: L5 has its definition`);
        }
        const before = lon?.change?.lonely?.before;
        if (before && pubValue(before.share) !== null) {
          assert.equal((await readFigure(page, "L7", "lonelyBefore")).value, String(before.share.value), `${lang}: L7 lonely before`);
        }
        // Indicators without a value are listed with the reason, translated.
        const missing = cli.indicators.missing.find((m) => m.indicator === "V2");
        if (missing) {
          const item = await page.textContent('[data-indicator-missing="V2"]');
          assert.ok(item.includes(catalogs[lang][`missing.${missing.code}`]), `${lang}: V2 says why it is missing: ${item}`);
        }
        await assertNoPlaceholders(page, lang);
        await page.locator("section[data-section=indicators]").screenshot({ path: path.join(SHOTS, `indicators-${lang}.png`) });
      }
      assertNoEgress(env, log, "indicators");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("V8: team and anonymous headcounts on their own card, never added to the volunteers (he/ar/en)", async () => {
    // The hand-computed fixture of crates/madad-core/tests/indicators_headcount.rs, uploaded
    // with K = 2 (2025: V1 = 2; team members 4, anonymous people 15, headcount 19).
    const file = path.join(ROOT, "tests", "fixtures", "indicators", "activity-teams.csv");
    const ref = await cliReportFiles([file], "2025-12-31", ["--k", "2"]);
    const h = ref.indicators.headcount;
    assert.deepEqual([h.headcount.value, h.teamMembers.value, h.anonymousPeople.value], [19, 4, 15], "the CLI's V8");
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, "?asOf=2025-12-31&k=2&lang=he");
      await page.setInputFiles("input[type=file]", file);
      // First time: the file check comes first; the dashboard is one step away.
      await page.waitForSelector("[data-screen=check]", { timeout: 60000 });
      await page.click("[data-step=dashboard]");
      await page.waitForSelector('[data-screen=dashboard] [data-indicator="V8"]', { timeout: 30000 });
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        for (const [fig, v] of [["headcount", 19], ["teamMembers", 4], ["teamEntries", 2], ["anonymousPeople", 15], ["anonymousEntries", 2], ["anonymousHours", 6.5]]) {
          assert.equal((await readFigure(page, "V8", fig)).value, String(v), `${lang}: V8 ${fig}`);
        }
        assert.equal((await readFigure(page, "V1", "volunteers")).value, "2", `${lang}: V1 counts identified volunteers only`);
        assert.equal((await page.textContent('[data-indicator="V8"] [data-v8-note]')).trim(), catalogs[lang]["ind.v8.note"]);
        const def = ref.definitions.indicators.find((d) => d.id === "V8");
        const text = await page.locator('[data-indicator="V8"] details[data-definition=V8]').first().textContent();
        assert.ok(text.includes(def.caveats[lang]) && text.includes(def.source[lang]), `${lang}: V8 caveats and source in ${lang}`);
        await assertNoPlaceholders(page, `V8 ${lang}`);
      }
      assertNoEgress(env, log, "V8");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("Q2, Q3, Q4 and V12 cards from a volunteer survey and an opportunities file, with α and small-n (he/ar/en)", async () => {
    // The five hand-computed files of crates/madad-core/tests/indicators_small.rs, with K = 2.
    const dir = path.join(ROOT, "tests", "fixtures", "indicators");
    const files = ["activity.csv", "registry.csv", "population.csv", "opportunities.csv", "survey.csv"].map((f) => path.join(dir, f));
    const ref = await cliReportFiles(files, "2025-12-31", ["--k", "2"]);
    const ex = ref.indicators.experience;
    const minN = ref.definitions.registry.minN;
    const want = {
      Q2: ex.burden.map((b) => ["burdenItem", b.share.value, b.share.smallN]),
      Q3: ex.vsi.flatMap((x) => [["scaleMean", x.mean, x.respondents.value !== null && x.respondents.value < minN], ["scaleAlpha", x.alpha, false]]),
      Q4: ex.vfi.flatMap((x) => [["scaleMean", x.mean, x.respondents.value !== null && x.respondents.value < minN], ["scaleAlpha", x.alpha, false]]),
      V12: ref.indicators.operations.outputsPerHour.map((o) => ["outputsPerHour", { value: o.perHour, suppressed: false }, false]),
    };
    for (const [id, figs] of Object.entries(want)) assert.ok(figs.length > 0, `the fixture has ${id} figures`);
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, "?asOf=2025-12-31&k=2&lang=he");
      await page.setInputFiles("input[type=file]", files);
      // First time: the file check comes first; the dashboard is one step away.
      await page.waitForSelector("[data-screen=check]", { timeout: 60000 });
      await page.click("[data-step=dashboard]");
      await page.waitForSelector('[data-screen=dashboard] [data-indicator="Q3"]', { timeout: 30000 });
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        for (const [id, figs] of Object.entries(want)) {
          const shown = await page.$$eval(`section[data-section=indicators] [data-indicator="${id}"] [data-figure]`, (els) =>
            els.map((e) => [e.dataset.figure, e.dataset.value, e.dataset.smallN === "true", e.querySelector("[data-alpha-warning]") !== null]),
          );
          const expected = figs
            .filter(([, p]) => p && (p.suppressed || p.value !== null))
            .map(([fig, p, small]) => [fig, p.suppressed ? "" : String(p.value), small]);
          assert.deepEqual(shown.map(([f, v, small]) => [f, v, small]), expected, `${lang}: ${id} figures`);
          if (id === "Q3" || id === "Q4") {
            const scales = id === "Q3" ? ex.vsi : ex.vfi;
            const warned = shown.filter(([f]) => f === "scaleAlpha").map(([, , , w]) => w);
            assert.deepEqual(warned, scales.filter((x) => x.alpha && (x.alpha.suppressed || x.alpha.value !== null)).map((x) => x.alphaWarning), `${lang}: ${id} α warnings`);
          }
          const def = ref.definitions.indicators.find((d) => d.id === id);
          const text = await page.locator(`[data-indicator="${id}"] details[data-definition=${id}]`).first().textContent();
          assert.ok(text.includes(def.caveats[lang]), `${lang}: ${id} caveats in ${lang}`);
        }
        await assertNoPlaceholders(page, `experience ${lang}`);
      }
      assertNoEgress(env, log, "experience");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("methods view: definitions, files with SHA-256, suppression audit translated, version and as-of (he/ar/en)", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await openDemo(page, log);
      await page.click("[data-action=methods]");
      await page.waitForSelector("[data-screen=methods]");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "methods-title", "focus moves to the new screen's heading");
      const k = cli.definitions.suppressionThreshold;
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        assert.equal((await page.textContent("[data-screen=methods] h1")).trim(), catalogs[lang]["methods.title"]);
        assert.equal(await page.getAttribute("[data-madad-version]", "data-madad-version"), cli.madadVersion);
        assert.equal(await page.getAttribute("[data-as-of]", "data-as-of"), AS_OF);
        assert.equal(await page.getAttribute("[data-k]", "data-k"), String(k));
        const files = await page.$$eval("tr[data-methods-file]", (rows) =>
          rows.map((r) => ({ name: r.dataset.methodsFile, sha256: r.dataset.sha256, shown: r.querySelector("code.hash")?.textContent, used: Number(r.dataset.rowsUsed), rejected: Number(r.dataset.rowsRejected), skipped: Number(r.dataset.rowsSkipped) })),
        );
        assert.deepEqual(
          files,
          cli.sources.map((s) => ({ name: s.name, sha256: s.sha256, shown: s.sha256, used: s.rowsUsed, rejected: s.rowsRejected, skipped: s.rowsSkipped })),
          `${lang}: files with SHA-256 and row accounting`,
        );
        const defs = await page.$$eval("tr[data-definition]", (rows) => rows.map((r) => r.dataset.definition));
        assert.deepEqual(defs, cli.definitions.indicators.map((d) => d.id), `${lang}: every indicator definition`);
        const registryRows = await page.$$eval("[data-table=defs-registry] tr[data-key]", (rows) => rows.map((r) => r.dataset.key));
        assert.deepEqual(registryRows, Object.keys(cli.definitions.registry), `${lang}: the definitions registry in force`);
        const audit = await page.$$eval("tr[data-cell]", (rows) => rows.map((r) => [r.dataset.cell, r.dataset.reason, r.querySelector("td")?.textContent]));
        assert.equal(audit.length, cli.suppression.length, `${lang}: every withheld cell is listed`);
        assert.ok(cli.suppression.length > 0, "the demo has suppressed cells");
        for (const [i, [cell, reason, text]] of audit.entries()) {
          assert.equal(cell, cli.suppression[i].cell);
          assert.equal(reason, cli.suppression[i].reason);
          const want = catalogs[lang][`suppress.${reason}`];
          assert.ok(want, `a translation for suppress.${reason}`);
          assert.equal(text, want.replace("{k}", new Intl.NumberFormat("en").format(k)), `${lang}: reason of ${cell} translated`);
        }
        await assertNoPlaceholders(page, `methods ${lang}`);
        await page.screenshot({ path: path.join(SHOTS, `methods-${lang}.png`), fullPage: true });
      }
      await page.click("[data-action=back-dashboard]");
      await page.waitForSelector("[data-screen=dashboard]");
      assertNoEgress(env, log, "methods");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("bundles: export the demo twice under two names, merge them on the compare screen, errors translated, forest plot (he/ar/en)", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await openDemo(page, log);
      const names = ["Demo North", "דמו דרום"];
      const files = [];
      // Empty name: refused with a message, focus back on the field.
      await page.click("[data-action=export-bundle]");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "bundle-name");
      assert.equal(await page.getAttribute("#bundle-name", "aria-invalid"), "true");
      assert.equal((await page.textContent("[data-export-status]")).trim(), catalogs.he["export.nameMissing"], "translated message");
      for (const name of names) {
        await page.fill("#bundle-name", name);
        const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-bundle]")]);
        assert.equal(download.suggestedFilename(), `${name}.madad-bundle.json`, "download name");
        const file = path.join(BUNDLES, download.suggestedFilename());
        await download.saveAs(file);
        files.push(file);
        await page.waitForFunction((n) => document.querySelector("[data-export-status]")?.textContent?.includes(n), name);
      }
      await page.locator("[data-section=export]").screenshot({ path: path.join(SHOTS, "export-he.png") });
      const bundles = files.map((f) => JSON.parse(readFileSync(f, "utf8")));
      assert.deepEqual(bundles.map((b) => b.municipality), names);
      assert.equal(bundles[0].format, "madad-bundle");

      await page.click("[data-action=new-files]");
      await page.click("[data-action=compare]");
      await page.waitForSelector("[data-screen=compare]");

      // Errors, translated: not JSON, and a bundle changed after export.
      await page.setInputFiles("#bundle-input", { name: "notes.json", mimeType: "application/json", buffer: Buffer.from("not json") });
      await page.waitForSelector("[data-bundle-error]");
      assert.equal(await page.getAttribute("[data-bundle-error]", "data-bundle-error"), "bundle.invalid");
      assert.match(await page.textContent("[data-bundle-error] .error-message"), /notes\.json/);
      const tampered = readFileSync(files[0], "utf8").replace('"municipality":"Demo North"', '"municipality":"Demo Nort"');
      await page.setInputFiles("#bundle-input", { name: "tampered.madad-bundle.json", mimeType: "application/json", buffer: Buffer.from(tampered) });
      await page.waitForSelector("[data-bundle-error='bundle.hash_mismatch']");
      const msg = (await page.textContent("[data-bundle-error] .error-message")).replace(/[\u2066-\u2069]/g, "");
      assert.equal(msg, catalogs.he["error.bundle.hash_mismatch"].replace("{file}", "tampered.madad-bundle.json"), "hash mismatch, in Hebrew");

      // The two exported bundles are dropped on the drop zone (a real DataTransfer with Files).
      const payload = files.map((f) => ({ name: path.basename(f), text: readFileSync(f, "utf8") }));
      await page.evaluate((items) => {
        const dt = new DataTransfer();
        for (const it of items) dt.items.add(new File([it.text], it.name, { type: "application/json" }));
        const zone = document.querySelector("[data-screen=compare] .dropzone");
        zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, payload);
      await page.waitForSelector("[data-merged]");
      assert.equal(await page.locator("[data-bundle-error]").count(), 0, "the error is cleared");
      assert.deepEqual(await page.$$eval("[data-municipality-row]", (r) => r.map((e) => e.dataset.municipalityRow)), names);
      const rows = await page.$$eval("tr[data-measure]", (trs) =>
        Object.fromEntries(
          trs.map((tr) => [
            tr.dataset.measure,
            {
              additive: tr.dataset.additive,
              values: [...tr.querySelectorAll("td[data-value]")].map((td) => td.dataset.value),
              combined: tr.querySelector("[data-combined]")?.dataset.combined ?? null,
              notAdditive: tr.querySelectorAll("[data-not-additive]").length,
              text: tr.querySelector("[data-combined]")?.textContent ?? "",
            },
          ]),
        ),
      );
      const vol = pubValue(cli.summary.volunteers);
      assert.deepEqual(rows["summary/volunteers"].values, [String(vol), String(vol)], "volunteers per municipality = CLI");
      assert.equal(rows["summary/volunteers"].additive, "false");
      assert.equal(rows["summary/volunteers"].notAdditive, 1, "distinct people: a 'not additive' badge");
      assert.equal(rows["summary/medianHoursPerVolunteer"].notAdditive, 1, "medians: 'not additive'");
      const hours = pubValue(cli.summary.approvedHours);
      assert.ok(Math.abs(Number(rows["summary/approvedHours"].combined) - 2 * hours) < 1e-6, "approved hours add up over the two");
      assert.equal(rows["activities/approved"].combined, String(2 * cli.summary.activities.approved));
      const suppressedMonth = cli.monthlyActive.find((m) => m.volunteers.suppressed && !m.partial);
      if (suppressedMonth) {
        const r = rows[`monthlyActive/${suppressedMonth.month}`];
        assert.ok(r.values.every((v) => v === ""), "suppressed months stay suppressed");
      }
      const warnings = await page.$$eval("[data-warning]", (els) => els.map((e) => e.dataset.warning));
      assert.ok(warnings.includes("sample_data"), `the demo is flagged as sample data: ${warnings}`);
      assert.equal(await page.locator("[data-no-effects]").count(), 1, "no effect measures: no forest plot, said so");
      for (const lang of LANGS) {
        if (lang !== "he") await switchLang(page, lang);
        assert.equal((await page.textContent("[data-screen=compare] h1")).trim(), catalogs[lang]["compare.title"]);
        assert.equal(await page.getAttribute("html", "dir"), DIR[lang]);
        assert.equal(await page.locator("[data-merged]").count(), 1, `${lang}: the merge survives the language switch`);
        assert.ok((await page.textContent('[data-warning="sample_data"]')).includes(names[0]), `${lang}: warning names the municipality`);
        await assertNoPlaceholders(page, `compare ${lang}`);
        await page.screenshot({ path: path.join(SHOTS, `compare-${lang}.png`), fullPage: true });
      }

      // Effect measures (e.g. a loneliness change per municipality) are pooled by random effects.
      // Three re-sealed copies of the exported bundle, each with one effect measure.
      await page.click("[data-action=clear-bundles]");
      const text = readFileSync(files[0], "utf8");
      const hash = JSON.parse(text).contentSha256;
      const unsealed = text.replace(`"contentSha256":"${hash}"`, '"contentSha256":""');
      assert.equal(createHash("sha256").update(unsealed).digest("hex"), hash, "the content hash is SHA-256 of the bundle with an empty hash");
      const effects = [
        ["Alpha", -0.42, 0.15, 40],
        ["Beta", -0.1, 0.12, 55],
        ["Gamma", -0.65, 0.2, 30],
      ];
      const effectFiles = effects.map(([name, estimate, se, n]) => {
        let s = unsealed
          .replace('"municipality":"Demo North"', `"municipality":"${name}"`)
          .replace('"measures":[', `"measures":[{"id":"effect/lonelinessChange","value":{"kind":"effect","estimate":${estimate},"se":${se},"n":${n}}},`);
        s = s.replace('"contentSha256":""', `"contentSha256":"${createHash("sha256").update(s).digest("hex")}"`);
        const f = path.join(BUNDLES, `${name}.madad-bundle.json`);
        writeFileSync(f, s);
        return f;
      });
      await page.setInputFiles("#bundle-input", effectFiles);
      await page.waitForSelector("figure[data-forest] svg.madad-plot[role=img]", { timeout: 15000 });
      const forest = await page.$eval("figure[data-forest]", (f) => ({
        id: f.dataset.forest,
        label: f.querySelector("svg[role=img]")?.getAttribute("aria-label") ?? "",
        styles: f.querySelectorAll("svg style").length,
        i2: f.querySelector("[data-stat=i2]")?.dataset.value,
        tau2: f.querySelector("[data-stat=tau2]")?.dataset.value,
        prediction: f.querySelector("[data-stat=prediction]")?.textContent ?? "",
        rows: [...f.querySelectorAll("tr[data-forest-row]")].map((r) => [r.dataset.forestRow, Number(r.dataset.estimate)]),
      }));
      assert.equal(forest.id, "effect/lonelinessChange");
      assert.ok(forest.label.length > 30, "the forest plot has a one-sentence summary");
      assert.equal(forest.styles, 0, "Plot's <style> removed (CSP)");
      assert.ok(Number(forest.i2) >= 0 && Number(forest.i2) <= 1, `I² in [0,1]: ${forest.i2}`);
      assert.ok(Number(forest.tau2) >= 0, `τ² ≥ 0: ${forest.tau2}`);
      assert.match(forest.prediction, /\d/, "a prediction interval with three municipalities");
      assert.deepEqual(forest.rows, effects.map(([n, e]) => [n, e]), "forest table rows");
      const pooledText = await page.getAttribute("tr[data-pooled]", "data-pooled");
      const pooled = Number(pooledText);
      assert.ok(pooled < -0.1 && pooled > -0.65, `pooled estimate between the extremes: ${pooled}`);
      const toggle = page.locator("[data-action=toggle-forest-table]");
      await toggle.focus();
      await page.keyboard.press("Enter");
      assert.equal(await toggle.getAttribute("aria-expanded"), "true", "keyboard opens the table alternative");
      assert.equal(await page.isVisible("figure[data-forest] table.forest-table"), true);
      const effRow = await page.$eval('tr[data-measure="effect/lonelinessChange"]', (tr) => tr.querySelector("[data-combined]")?.dataset.combinedKind);
      assert.equal(effRow, "pooled", "the measures table shows the pooled effect");
      for (const lang of ["en", "ar", "he"]) {
        await switchLang(page, lang);
        await page.waitForSelector("figure[data-forest] svg.madad-plot[role=img]", { timeout: 10000 });
        await assertNoPlaceholders(page, `forest ${lang}`);
        await page.locator("figure[data-forest]").screenshot({ path: path.join(SHOTS, `forest-${lang}.png`) });
      }
      assertNoEgress(env, log, "bundles");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});
