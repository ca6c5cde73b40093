// Peak memory of ONE browser: walks the process tree below this Node process (Playwright
// spawns Chromium as our child; /usr/bin/chromium execs the real binary, so the pid is kept)
// and reads VmHWM / VmRSS from /proc/<pid>/status. Other Chromium processes on a shared
// machine are never looked at. Linux only.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

function readStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = s.lastIndexOf(")");
    const comm = s.slice(s.indexOf("(") + 1, close);
    const ppid = Number(s.slice(close + 2).split(" ")[1]);
    return { pid, comm, ppid };
  } catch {
    return null;
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Chromium's role of a process: browser, renderer, gpu-process, utility, zygote, … Chromium
 * rewrites its process title, so the arguments may come back as one space-separated string.
 */
function role(args) {
  const m = /(?:^|\s)--type=(\S+)/.exec(args.join(" "));
  return m ? m[1] : "browser";
}

/** Every process below `root` (not `root` itself), with its Chromium role. */
export function descendants(root = process.pid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(st);
  }
  const out = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop();
    const args = cmdline(p.pid);
    out.push({ ...p, role: role(args), isChromium: /chrom/i.test(p.comm) || /chrom/i.test(args[0] ?? "") });
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** { hwmKb, rssKb } from /proc/<pid>/status, or null when the process is gone. */
export function memOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? NaN);
    return { hwmKb: kb("VmHWM"), rssKb: kb("VmRSS") };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms (from /proc/<pid>/stat). */
export function cpuMs(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}
const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux x86-64

/** Resets the kernel's peak-RSS counter (VmHWM := VmRSS) of a process; false if not allowed. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * Samples the Chromium processes below this Node process every `intervalMs`. `start()` resets
 * the peak counters (so a sample window = one rep); `stop()` returns per-role maxima:
 * `{ rendererHwmKb, rendererRssKb, byRole: { role: { hwmKb, rssKb, pids } }, samples, peakReset }`.
 * Dedicated workers are threads of their page's renderer, so the renderer figure includes the worker.
 */
export class BrowserMemorySampler {
  constructor({ intervalMs = 50, root = process.pid } = {}) {
    this.intervalMs = intervalMs;
    this.root = root;
    this.timer = null;
  }

  refresh() {
    this.procs = descendants(this.root).filter((p) => p.isChromium);
    this.lastRefresh = Date.now();
  }

  sample() {
    if (Date.now() - this.lastRefresh > 500) this.refresh(); // new renderers / workers appear
    for (const p of this.procs) {
      const m = memOf(p.pid);
      if (!m) continue;
      const r = (this.byRole[p.role] ??= { hwmKb: 0, rssKb: 0, pids: new Set() });
      r.pids.add(p.pid);
      if (m.hwmKb > r.hwmKb) r.hwmKb = m.hwmKb;
      if (m.rssKb > r.rssKb) r.rssKb = m.rssKb;
      const c = cpuMs(p.pid);
      if (c !== null) {
        if (!this.cpuStart.has(p.pid)) this.cpuStart.set(p.pid, this.firstSample ? c : 0);
        this.cpuLast.set(p.pid, { role: p.role, ms: c });
      }
    }
    this.firstSample = false;
    this.samples++;
  }

  start() {
    this.byRole = {};
    this.samples = 0;
    this.cpuStart = new Map(); // pid → CPU ms at the first sample (0 for processes born later)
    this.cpuLast = new Map();
    this.firstSample = true;
    this.refresh();
    this.peakReset = this.procs.length > 0 && this.procs.every((p) => resetPeak(p.pid));
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const byRole = Object.fromEntries(
      Object.entries(this.byRole).map(([k, v]) => [k, { hwmKb: v.hwmKb, rssKb: v.rssKb, pids: [...v.pids] }]),
    );
    const cpuByRole = {};
    for (const [pid, { role, ms }] of this.cpuLast) cpuByRole[role] = (cpuByRole[role] ?? 0) + ms - this.cpuStart.get(pid);
    return {
      rendererCpuMs: cpuByRole.renderer ?? null,
      cpuByRole,
      rendererHwmKb: byRole.renderer?.hwmKb ?? null,
      rendererRssKb: byRole.renderer?.rssKb ?? null,
      byRole,
      samples: this.samples,
      peakReset: this.peakReset,
    };
  }
}

/** The 1-, 5- and 15-minute load averages. */
export function loadavg() {
  const [a, b, c] = readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return [a, b, c];
}
