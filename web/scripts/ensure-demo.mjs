// Makes sure the embedded demo municipality exists in web/public/demo/ (git-ignored) before
// `vite build`. The repository's build script normally generates it; this fallback runs the
// same command (the release CLI when built, else `cargo run`), so `npm run build` alone works.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.dirname(web);
const out = path.join(web, "public", "demo");
const args = ["demo", "--out", out, "--volunteers", "300", "--activities", "6000", "--seed", "7"];

if (existsSync(path.join(out, "hours_log.csv"))) {
  console.log(`demo data: ${path.relative(root, out)} (present)`);
} else {
  const cli = path.join(root, "target", "release-native", "madad");
  if (existsSync(cli)) execFileSync(cli, args, { cwd: root, stdio: "inherit" });
  else execFileSync("cargo", ["run", "-q", "-p", "madad-cli", "--", ...args], { cwd: root, stdio: "inherit" });
  console.log(`demo data: generated in ${path.relative(root, out)}`);
}
