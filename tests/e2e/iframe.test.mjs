// The iframe isolation mode: the dashboard, served by scripts/serve.mjs from its own origin,
// may be framed only by the origins in MADAD_FRAME_ANCESTORS (`frameAncestors`): an allowed
// partner page shows it (with its file input: residents' files stay in Madad's origin), any
// other page gets nothing. Also the allow-list's validation and the headers.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { CSP, parseFrameAncestors, securityHeaders, startServer } from "../../scripts/serve.mjs";
import { DIST } from "./harness.mjs";

test("the allow-list takes plain origins only", () => {
  assert.deepEqual(parseFrameAncestors(""), []);
  assert.deepEqual(parseFrameAncestors("https://a.example  https://b.example:8443,https://A.example"), ["https://a.example", "https://b.example:8443"]);
  assert.deepEqual(parseFrameAncestors("http://localhost:5174"), ["http://localhost:5174"]);
  for (const bad of ["*", "https:", "https://*.example", "https://a.example/path", "http://partner.example", "'unsafe-inline'", "'none' https://a.example", "data:"]) {
    assert.throws(() => parseFrameAncestors(bad), /not an origin/, bad);
  }
  const framed = securityHeaders(["https://a.example"]);
  assert.ok(framed["Content-Security-Policy"].split("; ").includes("frame-ancestors https://a.example"));
  assert.equal(framed["X-Frame-Options"], undefined, "X-Frame-Options cannot allow-list, so it is left out");
  assert.equal(framed["Content-Security-Policy"].replace("frame-ancestors https://a.example", "frame-ancestors 'none'"), CSP, "nothing else changes");
  assert.equal(securityHeaders()["X-Frame-Options"], "DENY");
});

let partner;
let allowed;
let refused;
let browser;
let partnerOrigin;

/** The partner's page: its own CSP allows framing the dashboard's origin (`frame-src`). */
function partnerPage(frameUrl) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><h1>Partner</h1><iframe id="madad" title="Madad" src="${frameUrl}" width="1000" height="700"></iframe></body></html>`;
}

before(async () => {
  const pages = new Map();
  partner = createServer((req, res) => {
    const body = pages.get(req.url);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; frame-src http://127.0.0.1:*",
    });
    res.end(body);
  });
  await new Promise((r) => partner.listen(0, "127.0.0.1", r));
  // The partner is "localhost", the dashboard "127.0.0.1": two origins.
  partnerOrigin = `http://localhost:${partner.address().port}`;
  allowed = await startServer({ dir: DIST, port: 0, frameAncestors: partnerOrigin });
  refused = await startServer({ dir: DIST, port: 0, frameAncestors: "https://someone-else.example" });
  pages.set("/allowed.html", partnerPage(`${allowed.url}?lang=en`));
  pages.set("/refused.html", partnerPage(`${refused.url}?lang=en`));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
});

after(async () => {
  await browser?.close();
  await allowed?.close();
  await refused?.close();
  await new Promise((r) => (partner ? partner.close(r) : r()));
});

test("an allow-listed partner frames the dashboard; another origin cannot", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await page.goto(`${partnerOrigin}/allowed.html`);
    const frame = await (await page.waitForSelector("#madad")).contentFrame();
    await frame.waitForSelector("[data-screen=start]", { timeout: 20000 });
    assert.equal(await frame.locator("input[type=file]").count() > 0, true, "the resident-file input lives in Madad's origin");
    assert.equal(new URL(frame.url()).origin, new URL(allowed.url).origin);

    await page.goto(`${partnerOrigin}/refused.html`);
    const blocked = await (await page.waitForSelector("#madad")).contentFrame();
    await page.waitForTimeout(1500);
    const shown = await blocked.$("[data-screen]").catch(() => null);
    assert.equal(shown, null, "frame-ancestors refuses a page that is not on the list");
  } finally {
    await context.close();
  }
});
