#!/usr/bin/env node
// A dependency-free static server for the built dashboard (web/dist), with the Content
// Security Policy that keeps every byte of the user's data in the browser tab.
//
//   node scripts/serve.mjs [--port N] [--dir web/dist] [--host 127.0.0.1] [--frame-ancestors "https://a.example https://b.example"]
//
// --port 0 picks a free port. `startServer({ dir, port })` is exported for tests.
//
// iframe mode: by default no site may frame the dashboard (`frame-ancestors 'none'`). A partner
// site that lets residents' files be analysed on its pages embeds the dashboard from Madad's own
// origin in an <iframe>; list the partners' origins in MADAD_FRAME_ANCESTORS (or
// --frame-ancestors), space-separated: only they may frame it (README "Embedding").
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** No network egress: only same-origin scripts, workers, wasm and fetches; no inline code. */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
];

/** The CSP when no site may frame the dashboard (the default). */
export const CSP = DIRECTIVES.join("; ");

/** An origin a partner may frame the dashboard from: `https://host[:port]` (http only for localhost). */
const ORIGIN = /^(https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?)$/i;

/**
 * The allow-list of origins that may frame the dashboard, from a space- (or comma-) separated
 * string; throws on anything but plain origins (no wildcard, path or scheme-only source), since
 * a loose `frame-ancestors` would let any site wrap the page that reads residents' files.
 */
export function parseFrameAncestors(value) {
  const list = String(value ?? "")
    .split(/[\s,]+/)
    .filter(Boolean);
  for (const o of list) {
    if (!ORIGIN.test(o)) throw new Error(`frame ancestor '${o}' is not an origin like https://partner.example`);
  }
  return [...new Set(list.map((o) => o.toLowerCase()))];
}

/** The security headers; with `frameAncestors` (origins) those sites may frame the dashboard. */
export function securityHeaders(frameAncestors = []) {
  const framed = frameAncestors.length > 0;
  return {
    "Content-Security-Policy": framed
      ? DIRECTIVES.map((d) => (d.startsWith("frame-ancestors ") ? `frame-ancestors ${frameAncestors.join(" ")}` : d)).join("; ")
      : CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    // X-Frame-Options cannot name origins; browsers that know CSP use frame-ancestors instead.
    ...(framed ? {} : { "X-Frame-Options": "DENY" }),
  };
}

export const SECURITY_HEADERS = securityHeaders();

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".xls": "application/vnd.ms-excel",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet",
  ".webmanifest": "application/manifest+json",
};

function send(res, status, body, headers = {}, security = SECURITY_HEADERS) {
  res.writeHead(status, { ...security, "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(body);
}

/** Resolves a URL path inside `root`, or null when it would leave it (`..`, NUL, symlinks). */
async function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const candidate = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  let file = candidate;
  try {
    let s = await stat(file);
    if (s.isDirectory()) {
      file = path.join(file, "index.html");
      s = await stat(file);
    }
    if (!s.isFile()) return null;
    const real = await realpath(file);
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return { file: real, size: s.size };
  } catch {
    return null;
  }
}

/**
 * Starts the server. Resolves with `{ server, port, url, close() }` once it listens.
 * `frameAncestors`: origins allowed to frame the pages (default: `MADAD_FRAME_ANCESTORS`, else none).
 * @param {{ dir?: string, port?: number, host?: string, frameAncestors?: string | string[] }} [options]
 */
export async function startServer({
  dir = path.join(ROOT, "web", "dist"),
  port = 5173,
  host = "127.0.0.1",
  frameAncestors = process.env.MADAD_FRAME_ANCESTORS ?? "",
} = {}) {
  const ancestors = parseFrameAncestors(Array.isArray(frameAncestors) ? frameAncestors.join(" ") : frameAncestors);
  const security = securityHeaders(ancestors);
  const root = await realpath(path.resolve(dir));
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "Method Not Allowed\n", { Allow: "GET, HEAD" }, security);
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    } catch {
      send(res, 400, "Bad Request\n", {}, security);
      return;
    }
    const found = await resolveInside(root, pathname);
    if (!found) {
      send(res, 404, "Not Found\n", {}, security);
      return;
    }
    const ext = path.extname(found.file).toLowerCase();
    const rel = path.relative(root, found.file).split(path.sep).join("/");
    // Hashed build assets never change; everything else is revalidated.
    const cache = rel.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    res.writeHead(200, {
      ...security,
      "Content-Type": MIME[ext] ?? "application/octet-stream",
      "Content-Length": String(found.size),
      "Cache-Control": cache,
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${host}:${actualPort}/`;
  return {
    server,
    port: actualPort,
    url,
    frameAncestors: ancestors,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--port" || a === "-p") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error("--port takes a number from 0 to 65535");
      opts.port = n;
    } else if (a === "--dir") opts.dir = path.resolve(value());
    else if (a === "--host") opts.host = value();
    else if (a === "--frame-ancestors") opts.frameAncestors = value();
    else if (a === "--help" || a === "-h") {
      console.log('usage: node scripts/serve.mjs [--port N] [--dir web/dist] [--host 127.0.0.1] [--frame-ancestors "https://partner.example"]');
      process.exit(0);
    } else throw new Error(`unknown option '${a}'`);
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve: ${e.message}`);
    process.exit(2);
  }
  try {
    const { url, frameAncestors } = await startServer(opts);
    console.log(`Madad dashboard: ${url}`);
    if (frameAncestors.length > 0) console.log(`May be framed by: ${frameAncestors.join(" ")}`);
    console.log(`Demo municipality: ${url}?demo=1`);
  } catch (e) {
    console.error(`serve: ${e.message}`);
    if (e.code === "ENOENT") console.error("build the dashboard first: npm run build:web");
    process.exit(1);
  }
}
