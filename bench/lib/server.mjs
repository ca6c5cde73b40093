// A tiny static server for the benchmark page on 127.0.0.1 and a random port. It maps URL
// prefixes to folders (the page, the adapters' browser code, each library's built files),
// sends the dashboard's Content-Security-Policy (so the wasm runs under the same rules as in
// production), `Cache-Control: no-store` (perf-anchors §4.3: nothing is served from a cache,
// so every worker fetches and compiles its .wasm again) and, with `isolate`, COOP/COEP.
// A page requested with `?csp=unsafe-eval` gets 'unsafe-eval' added to script-src: Arquero
// compiles its table expressions with `new Function`, which the dashboard's policy forbids.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";

const cspOf = (evalAllowed) => [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval'${evalAllowed ? " 'unsafe-eval'" : ""}`,
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");
const CSP = cspOf(false);

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
};

/**
 * @param {{ mounts: Record<string, string>, isolate?: boolean }} options  mounts: URL prefix
 *   ("/", "/pkg/") → folder. The longest matching prefix wins.
 * @returns {Promise<{ url: string, takeServed(): object[], close(): Promise<void> }>}
 */
export async function startStaticServer({ mounts, isolate = false }) {
  const table = await Promise.all(
    Object.entries(mounts).map(async ([prefix, dir]) => [prefix, await realpath(dir)]),
  );
  table.sort((a, b) => b[0].length - a[0].length);
  const headers = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    ...(isolate ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" } : {}),
  };
  /** Every file sent since the last `takeServed()` (for the transferred-bytes figure). */
  let served = [];
  const server = createServer(async (req, res) => {
    const fail = (code) => {
      res.writeHead(code, { ...headers, "Content-Type": "text/plain" });
      res.end(`${code}\n`);
    };
    let pathname;
    let evalAllowed = false;
    try {
      const u = new URL(req.url ?? "/", "http://x");
      pathname = decodeURIComponent(u.pathname);
      evalAllowed = u.searchParams.get("csp") === "unsafe-eval";
    } catch {
      return fail(400);
    }
    if (pathname === "/favicon.ico") return fail(404);
    const hit = table.find(([prefix]) => pathname.startsWith(prefix));
    if (!hit || pathname.includes("\0")) return fail(404);
    const [prefix, root] = hit;
    let file = path.resolve(root, "." + path.posix.normalize("/" + pathname.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return fail(404);
    try {
      let s = await stat(file);
      if (s.isDirectory()) {
        file = path.join(file, "index.html");
        s = await stat(file);
      }
      res.writeHead(200, {
        ...headers,
        ...(evalAllowed ? { "Content-Security-Policy": cspOf(true) } : {}),
        "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream",
        "Content-Length": String(s.size),
      });
      served.push({ path: pathname, file, bytes: s.size });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).on("error", () => res.destroy()).pipe(res);
    } catch {
      fail(404);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    /** The files sent since the previous call: [{ path, file, bytes }]. */
    takeServed() {
      const out = served;
      served = [];
      return out;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
