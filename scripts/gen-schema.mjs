#!/usr/bin/env node
// JSON Schemas (draft 2020-12) of the report and the aggregate bundle, generated from the
// TypeScript declarations that tsify writes from the Rust types (pkg/wasm-stats/madad_stats.d.ts),
// so the schema, the types and the Rust structs are one source. Written to pkg/schema/ and
// shipped in the package; tests/js/schema.test.mjs fails when the committed files drift from
// the declarations, and validates real reports and bundles against them.
//
//   node scripts/gen-schema.mjs           write pkg/schema/{report,bundle}.schema.json
//   node scripts/gen-schema.mjs --check   exit 1 when they differ from what would be written
//
// The declarations use a small subset of TypeScript, parsed here: `export interface N<T> {…}`
// and `export type N<T> = …;` with primitives, string literals, unions, arrays, tuples,
// `Record<string, T>`, object literals and generic references. `x?: T` means the field may be
// absent; `T | undefined` (how tsify writes an `Option<T>`) absent or null, as serde writes it.
// Where tsify emitted two declarations of one name (two Rust types of the same name), a
// reference accepts either.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DTS = path.join(ROOT, "pkg", "wasm-stats", "madad_stats.d.ts");
export const OUT = path.join(ROOT, "pkg", "schema");
/** The documents with a schema: file stem → root type. */
export const ROOTS = { report: "Report", bundle: "Bundle" };

// ------------------------------------------------------------------ parsing

function tokenize(src) {
  const out = [];
  const re = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|("(?:[^"\\]|\\.)*")|([A-Za-z_$][\w$]*)|(\[\]|[{}()[\]<>|;:,?=&.])|(-?\d+(?:\.\d+)?)/gy;
  let m;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) {
    if (m[1]) out.push({ k: "str", v: JSON.parse(m[1]) });
    else if (m[2]) out.push({ k: "id", v: m[2] });
    else if (m[3]) out.push({ k: "p", v: m[3] });
    else if (m[4]) out.push({ k: "num", v: Number(m[4]) });
  }
  if (re.lastIndex < src.length) throw new Error(`cannot tokenize at ${re.lastIndex}: ${src.slice(re.lastIndex, re.lastIndex + 40)}`);
  return out;
}

class Parser {
  constructor(tokens) {
    this.t = tokens;
    this.i = 0;
  }
  peek(o = 0) {
    return this.t[this.i + o];
  }
  is(v, o = 0) {
    const x = this.peek(o);
    return x !== undefined && (x.k === "p" || x.k === "id") && x.v === v;
  }
  eat(v) {
    const x = this.t[this.i++];
    if (v !== undefined && (!x || x.v !== v)) throw new Error(`expected ${v}, found ${x ? x.v : "end"} at token ${this.i}`);
    return x;
  }
  /** Skips to the end of a declaration this generator does not need (functions, classes, …). */
  skipStatement() {
    let depth = 0;
    while (this.i < this.t.length) {
      const x = this.eat();
      if (x.v === "{" || x.v === "(") depth++;
      else if (x.v === "}" || x.v === ")") {
        depth--;
        if (depth === 0 && x.v === "}" && !this.is(";")) return;
      } else if (x.v === ";" && depth === 0) return;
    }
  }
  params() {
    const ps = [];
    if (!this.is("<")) return ps;
    this.eat("<");
    while (!this.is(">")) {
      ps.push(this.eat().v);
      if (this.is(",")) this.eat(",");
    }
    this.eat(">");
    return ps;
  }
  members() {
    this.eat("{");
    const props = [];
    while (!this.is("}")) {
      const name = this.eat().v;
      const optional = this.is("?");
      if (optional) this.eat("?");
      this.eat(":");
      props.push({ name, optional, type: this.type() });
      if (this.is(";") || this.is(",")) this.eat();
    }
    this.eat("}");
    return { k: "object", props };
  }
  type() {
    if (this.is("|")) this.eat("|");
    const alts = [this.postfix()];
    while (this.is("|")) {
      this.eat("|");
      alts.push(this.postfix());
    }
    return alts.length === 1 ? alts[0] : { k: "union", alts };
  }
  postfix() {
    let t = this.primary();
    while (this.is("[]")) {
      this.eat("[]");
      t = { k: "array", items: t };
    }
    return t;
  }
  primary() {
    const x = this.peek();
    if (x.k === "str") {
      this.i++;
      return { k: "const", v: x.v };
    }
    if (x.k === "num") {
      this.i++;
      return { k: "const", v: x.v };
    }
    if (this.is("{")) return this.members();
    if (this.is("(")) {
      this.eat("(");
      const t = this.type();
      this.eat(")");
      return t;
    }
    if (this.is("[")) {
      this.eat("[");
      const items = [];
      while (!this.is("]")) {
        items.push(this.type());
        if (this.is(",")) this.eat(",");
      }
      this.eat("]");
      return { k: "tuple", items };
    }
    let name = this.eat().v;
    while (this.is(".")) name += this.eat(".").v + this.eat().v;
    const args = [];
    if (this.is("<")) {
      this.eat("<");
      while (!this.is(">")) {
        args.push(this.type());
        if (this.is(",")) this.eat(",");
      }
      this.eat(">");
    }
    return { k: "ref", name, args };
  }
}

/** Every `export interface` / `export type` of the declarations: name → [{ params, type }]. */
export function parseDeclarations(src) {
  const p = new Parser(tokenize(src));
  const decls = new Map();
  const add = (name, d) => decls.set(name, [...(decls.get(name) ?? []), d]);
  while (p.i < p.t.length) {
    const start = p.i;
    const isInterface = p.is("export") && p.is("interface", 1);
    const isType = p.is("export") && p.is("type", 1) && !p.is("{", 2);
    if (!isInterface && !isType) {
      p.skipStatement();
      continue;
    }
    const name = p.peek(2).v;
    try {
      p.i += 3;
      const params = p.params();
      if (isInterface) {
        if (p.is("extends")) throw new Error("'extends' is not supported");
        add(name, { params, type: p.members() });
      } else {
        p.eat("=");
        add(name, { params, type: p.type() });
        if (p.is(";")) p.eat(";");
      }
    } catch (e) {
      // wasm-bindgen's own declarations (InitOutput, InitInput: function types, `readonly`)
      // are not part of any document; a schema that reaches one fails below.
      add(name, { error: String(e.message ?? e) });
      p.i = start;
      p.skipStatement();
    }
  }
  return decls;
}

// ------------------------------------------------------------------ schema

const PRIMITIVES = { number: { type: "number" }, string: { type: "string" }, boolean: { type: "boolean" }, null: { type: "null" }, unknown: {}, any: {} };

function key(t) {
  if (t.k === "ref") return t.args.length === 0 ? t.name : `${t.name}_${t.args.map(key).join("_")}`;
  if (t.k === "array") return `${key(t.items)}Array`;
  throw new Error(`generic argument of kind ${t.k} is not supported`);
}

/** The JSON Schema of `root` (with every reachable declaration under `$defs`). */
export function schemaOf(decls, root, { title, description }) {
  const defs = {};
  const pending = [];

  const subst = (t, env) => {
    switch (t.k) {
      case "ref":
        if (env.has(t.name) && t.args.length === 0) return env.get(t.name);
        return { ...t, args: t.args.map((a) => subst(a, env)) };
      case "array":
        return { k: "array", items: subst(t.items, env) };
      case "tuple":
        return { k: "tuple", items: t.items.map((a) => subst(a, env)) };
      case "union":
        return { k: "union", alts: t.alts.map((a) => subst(a, env)) };
      case "object":
        return { k: "object", props: t.props.map((p) => ({ ...p, type: subst(p.type, env) })) };
      default:
        return t;
    }
  };

  const convert = (t) => {
    switch (t.k) {
      case "const":
        return { const: t.v };
      case "array":
        return { type: "array", items: convert(t.items) };
      case "tuple":
        return { type: "array", prefixItems: t.items.map(convert), items: false, minItems: t.items.length };
      case "object": {
        const properties = {};
        const required = [];
        for (const p of t.props) {
          const alts = p.type.k === "union" ? p.type.alts : [p.type];
          const defined = alts.filter((a) => !(a.k === "ref" && a.name === "undefined"));
          const mayBeAbsent = p.optional || defined.length < alts.length;
          // tsify writes an `Option<T>` as `T | undefined`; serde writes `None` as null unless
          // the field is skipped, so the JSON has either.
          if (defined.length < alts.length && !defined.some((a) => a.k === "ref" && a.name === "null")) defined.push({ k: "ref", name: "null", args: [] });
          properties[p.name] = convert(defined.length === 1 ? defined[0] : { k: "union", alts: defined });
          if (!mayBeAbsent) required.push(p.name);
        }
        return { type: "object", properties, required, additionalProperties: false };
      }
      case "union": {
        if (t.alts.every((a) => a.k === "const")) return { enum: t.alts.map((a) => a.v) };
        return { anyOf: t.alts.map(convert) };
      }
      case "ref": {
        if (PRIMITIVES[t.name]) return PRIMITIVES[t.name];
        if (t.name === "Record") {
          const [k, v] = t.args;
          if (!k || k.k !== "ref" || k.name !== "string" || !v) throw new Error("only Record<string, T> is supported");
          return { type: "object", additionalProperties: convert(v) };
        }
        const found = decls.get(t.name);
        if (!found) throw new Error(`unknown type ${t.name}`);
        const name = key(t);
        if (!(name in defs)) {
          defs[name] = null; // reserved (recursive types)
          pending.push({ name, found, args: t.args });
        }
        return { $ref: `#/$defs/${name}` };
      }
      default:
        throw new Error(`unsupported type ${JSON.stringify(t)}`);
    }
  };

  const top = convert({ k: "ref", name: root, args: [] });
  while (pending.length > 0) {
    const { name, found, args } = pending.shift();
    const variants = found.map((d) => {
      if (d.error) throw new Error(`${name}: its declaration could not be read (${d.error})`);
      if (d.params.length !== args.length) throw new Error(`${name}: ${d.params.length} type parameters, ${args.length} given`);
      return convert(subst(d.type, new Map(d.params.map((p, i) => [p, args[i]]))));
    });
    defs[name] = variants.length === 1 ? variants[0] : { anyOf: variants };
  }
  const sorted = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
  return { $schema: "https://json-schema.org/draft/2020-12/schema", title, description, ...top, $defs: sorted };
}

/** Both schemas, as the files' text. */
export function generate(dts = readFileSync(DTS, "utf8")) {
  const decls = parseDeclarations(dts);
  const text = (s) => `${JSON.stringify(s, null, 2)}\n`;
  return {
    report: text(
      schemaOf(decls, ROOTS.report, {
        title: "Madad report",
        description: "What analyzeFiles / analyzeInWorker return (and `madad analyze --json` prints). Generated from the Rust types by scripts/gen-schema.mjs; do not edit.",
      }),
    ),
    bundle: text(
      schemaOf(decls, ROOTS.bundle, {
        title: "Madad aggregate bundle",
        description: "A municipality's published aggregates (makeBundle, `madad analyze --bundle`), sealed by contentSha256. Generated from the Rust types by scripts/gen-schema.mjs; do not edit.",
      }),
    ),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = generate();
  const check = process.argv.includes("--check");
  let drift = false;
  for (const [stem, text] of Object.entries(files)) {
    const file = path.join(OUT, `${stem}.schema.json`);
    let old = null;
    try {
      old = readFileSync(file, "utf8");
    } catch {
      // written below
    }
    if (old === text) continue;
    drift = true;
    if (check) console.error(`${path.relative(ROOT, file)} is out of date: run node scripts/gen-schema.mjs`);
    else writeFileSync(file, text);
  }
  if (check && drift) process.exit(1);
}
