// scripts/serve.mjs: security headers, MIME types, caching, path traversal, 404.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { CSP, startServer } from "../../scripts/serve.mjs";

/** A raw GET (no URL normalisation by the client, so `..` reaches the server). */
function get(port, rawPath, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("scripts/serve.mjs", () => {
  let dir;
  let outside;
  let srv;
  before(async () => {
    const base = mkdtempSync(path.join(tmpdir(), "madad-serve-"));
    dir = path.join(base, "dist");
    outside = path.join(base, "secret.txt");
    mkdirSync(path.join(dir, "assets"), { recursive: true });
    mkdirSync(path.join(dir, "demo"));
    writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>t</title>");
    writeFileSync(path.join(dir, "assets", "app-1234.js"), "export {}");
    writeFileSync(path.join(dir, "assets", "core-1234.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    writeFileSync(path.join(dir, "assets", "app-1234.css"), "body{}");
    writeFileSync(path.join(dir, "demo", "hours_log.csv"), "a,b\n");
    writeFileSync(outside, "top secret");
    symlinkSync(outside, path.join(dir, "link.txt"));
    srv = await startServer({ dir, port: 0 });
  });
  after(async () => {
    await srv?.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  test("port 0 picks a free port and reports the URL", () => {
    assert.ok(srv.port > 0, `port ${srv.port}`);
    assert.equal(srv.url, `http://127.0.0.1:${srv.port}/`);
  });

  test("index.html with the CSP and the other security headers", async () => {
    const r = await get(srv.port, "/");
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(r.headers["content-security-policy"], CSP);
    for (const d of [
      "default-src 'none'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "worker-src 'self'",
      "connect-src 'self'",
      "style-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      assert.ok(CSP.split("; ").includes(d), `CSP lacks ${d}`);
    }
    assert.ok(!CSP.includes("unsafe-inline") && !CSP.includes("'unsafe-eval'"), "no unsafe-inline / unsafe-eval");
    assert.equal(r.headers["x-content-type-options"], "nosniff");
    assert.equal(r.headers["referrer-policy"], "no-referrer");
    assert.equal(r.headers["cross-origin-opener-policy"], "same-origin");
    assert.equal(r.headers["cache-control"], "no-cache", "the page itself is revalidated");
  });

  test("MIME types and caching of built assets", async () => {
    const js = await get(srv.port, "/assets/app-1234.js");
    assert.equal(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert.match(js.headers["cache-control"], /immutable/, "hashed assets are cached (the page then works offline)");
    const wasm = await get(srv.port, "/assets/core-1234.wasm");
    assert.equal(wasm.headers["content-type"], "application/wasm", "instantiateStreaming needs application/wasm");
    assert.equal((await get(srv.port, "/assets/app-1234.css")).headers["content-type"], "text/css; charset=utf-8");
    assert.equal((await get(srv.port, "/demo/hours_log.csv")).headers["content-type"], "text/csv");
    const head = await get(srv.port, "/assets/app-1234.js", "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
  });

  test("paths outside the directory are never served", async () => {
    for (const p of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt", "/..%2fsecret.txt", "/link.txt", "/%00", "/..\\secret.txt"]) {
      const r = await get(srv.port, p);
      assert.equal(r.status, 404, `${p} → ${r.status}`);
      assert.ok(!r.body.includes("top secret"), `${p} leaked a file outside the root`);
      assert.equal(r.headers["content-security-policy"], CSP, "errors carry the CSP too");
    }
  });

  test("404 for missing files, 405 for other methods", async () => {
    assert.equal((await get(srv.port, "/nope.js")).status, 404);
    assert.equal((await get(srv.port, "/", "POST")).status, 405);
  });
});
