// File check: how each file was read (format, encoding and why, delimiter, sheet, header row,
// role, rows), with controls that read the file again another way.
import type { FileLedger, FileRole, TextEncoding } from "madad";
import { h } from "../dom.js";
import { formatNumber, formatPosition } from "../format.js";
import { has, locale, t, tNodes } from "../i18n.js";
import { DELIMITERS, ENCODINGS, ROLES, copySettings, type FileChoice } from "./settings.js";
import { stepActions, stepHead, type FlowActions, type FlowRun } from "./steps.js";

export function delimiterName(d: string): string {
  const names: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };
  const n = names[d];
  return n ? t(`delimiter.${n}`) : t("delimiter.other", { char: d });
}

/** `YYYY-MM-DD` with the month spelled out ("3 באפריל 2026"), so the day/month order is plain. */
function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  return h("option", { value, selected }, label);
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
}

function facts(l: FileLedger): HTMLElement {
  const row = (key: string, value: Node | string, attr: Record<string, string> = {}): HTMLElement[] => [
    h("dt", null, t(key)),
    h("dd", attr, value),
  ];
  const evidence = l.encodingEvidence ? t(`flow.evidence.${l.encodingEvidence}`) : "";
  return h(
    "dl",
    { class: "meta-list file-facts" },
    row("ledger.format", h("bdi", { dir: "ltr" }, l.format.toUpperCase()), { "data-fact": "format" }),
    l.encoding !== null
      ? row("ledger.encoding", h("span", null, h("bdi", { dir: "ltr" }, l.encoding), evidence ? ` · ${evidence}` : "", l.bom ? ` · ${t("flow.check.bom")}` : ""), {
          "data-fact": "encoding",
          "data-encoding": l.encoding,
          "data-evidence": l.encodingEvidence ?? "",
        })
      : [],
    l.delimiter !== null ? row("ledger.delimiter", delimiterName(l.delimiter), { "data-fact": "delimiter" }) : [],
    l.sheet !== null ? row("flow.check.sheet", h("bdi", null, l.sheet), { "data-fact": "sheet" }) : [],
    row("flow.check.headerRow", formatPosition(l.headerRow), { "data-fact": "header-row" }),
    row("flow.check.role", t(`flow.role.${l.role}`), { "data-fact": "role", "data-role": l.role }),
    row(
      "flow.check.rows",
      t("flow.check.rowsLine", {
        total: formatNumber(l.rowsTotal),
        used: formatNumber(l.rowsUsed),
        rejected: formatNumber(l.rowsRejected),
        skipped: formatNumber(l.rowsSkipped),
      }),
      { "data-fact": "rows" },
    ),
    l.dateOrder?.example
      ? row(
          "flow.check.dateOrder",
          h("span", null, tNodes(`flow.check.dateOrder.${l.dateOrder.order === "mdy" ? "mdy" : "dmy"}`, { raw: l.dateOrder.example.raw, iso: longDate(l.dateOrder.example.iso) })),
          { "data-fact": "date-order" },
        )
      : [],
    l.workbook && l.workbook.hiddenSheets.length > 0
      ? row("flow.check.hiddenSheets", h("bdi", null, l.workbook.hiddenSheets.join(" · ")), { "data-fact": "hidden-sheets" })
      : [],
  );
}

/** The override form of file `i`: each control starts at the user's choice, else "detected". */
function overrides(run: FlowRun, l: FileLedger, i: number, actions: FlowActions): HTMLElement {
  const choice: FileChoice = run.settings.files[l.name] ?? {};
  const id = (k: string): string => `check-${i}-${k}`;
  const controls: HTMLElement[] = [];
  let encoding: HTMLSelectElement | null = null;
  let delimiter: HTMLSelectElement | null = null;
  let sheet: HTMLSelectElement | null = null;
  if (l.format === "csv") {
    encoding = h(
      "select",
      { id: id("encoding"), "data-override": "encoding" },
      option("", t("flow.check.detected", { value: l.encoding ?? "" }), choice.encoding === undefined),
      ENCODINGS.map((e) => option(e, t(`flow.encoding.${e}`), choice.encoding === e)),
    );
    controls.push(field(id("encoding"), t("flow.check.encodingLabel"), encoding, t("flow.check.encodingHint")));
    delimiter = h(
      "select",
      { id: id("delimiter"), "data-override": "delimiter" },
      option("", t("flow.check.detected", { value: l.delimiter ? delimiterName(l.delimiter) : "" }), choice.delimiter === undefined),
      DELIMITERS.map((d) => option(d, delimiterName(d), choice.delimiter === d)),
    );
    controls.push(field(id("delimiter"), t("flow.check.delimiterLabel"), delimiter));
  }
  const book = run.workbooks.find((w) => w.file === l.name);
  if (book) {
    sheet = h(
      "select",
      { id: id("sheet"), "data-override": "sheet" },
      book.sheets
        .filter((s) => s.kind === "worksheet")
        .map((s) =>
          option(
            s.name,
            s.visibility !== "visible" ? t("sheets.hidden", { sheet: s.name }) : s.hasData ? s.name : t("sheets.empty", { sheet: s.name }),
            (choice.sheet ?? l.sheet) === s.name,
          ),
        ),
    );
    controls.push(field(id("sheet"), t("flow.check.sheetLabel"), sheet));
  }
  const header = h("input", {
    id: id("header"),
    type: "number",
    min: "1",
    step: "1",
    inputmode: "numeric",
    value: String(choice.headerRow ?? l.headerRow),
    "data-override": "header-row",
  });
  controls.push(field(id("header"), t("flow.check.headerLabel"), header, t("flow.check.headerHint")));
  const role = h(
    "select",
    { id: id("role"), "data-override": "role" },
    option("", t("flow.check.detected", { value: t(`flow.role.${l.role}`) }), choice.role === undefined),
    ROLES.map((r) => option(r, t(`flow.role.${r}`), choice.role === r)),
  );
  controls.push(field(id("role"), t("flow.check.roleLabel"), role));
  const form = h(
    "form",
    { class: "override-form", "data-override-file": l.name },
    h(
      "fieldset",
      null,
      h("legend", null, tNodes("flow.check.legend", { file: l.name })),
      h("div", { class: "override-grid" }, controls),
      h("button", { type: "submit", class: "secondary", "data-action": "reread" }, t("flow.check.reread")),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const s = copySettings(run.settings);
    const c: FileChoice = {};
    if (encoding?.value) c.encoding = encoding.value as TextEncoding;
    if (delimiter?.value) c.delimiter = delimiter.value;
    if (sheet && sheet.value !== l.sheet) c.sheet = sheet.value;
    else if (choice.sheet !== undefined && sheet) c.sheet = sheet.value;
    const row = Number(header.value);
    if (Number.isInteger(row) && row >= 1 && row !== l.headerRow) c.headerRow = row;
    else if (choice.headerRow !== undefined && Number.isInteger(row) && row >= 1) c.headerRow = row;
    if (role.value) c.role = role.value as FileRole;
    s.files[l.name] = c;
    actions.reread(s, "check");
  });
  return form;
}

export function renderCheck(run: FlowRun, actions: FlowActions): HTMLElement {
  const ledgers = run.details?.ledgers ?? [];
  return h(
    "section",
    { class: "flow check", "aria-labelledby": "check-title", "data-screen": "check" },
    stepHead("check-title", t("flow.check.title"), t("flow.check.intro")),
    run.error
      ? h(
          "div",
          { class: "notice warning", "data-flow-blocked": run.error.code },
          h("p", null, tNodes("flow.blocked", { file: run.error.file ?? "" })),
          h("button", { type: "button", class: "primary", "data-action": "to-mapping", onclick: () => actions.go("mapping") }, t("flow.blocked.go")),
        )
      : null,
    ledgers.map((l, i) =>
      h(
        "section",
        { class: "card file-card", "aria-labelledby": `check-file-${i}`, "data-file": l.name },
        h("h2", { id: `check-file-${i}` }, h("bdi", null, l.name)),
        facts(l),
        l.problems.some((p) => p.code === "encoding.uncertain" || p.code === "encoding.invalid_byte")
          ? h("p", { class: "notice warning", "data-garbled": "" }, t("flow.check.garbled"))
          : null,
        overrides(run, l, i, actions),
      ),
    ),
    stepActions(
      h("button", { type: "button", class: "secondary", "data-action": "flow-back", onclick: () => actions.go("start") }, t("flow.back.start")),
      h("button", { type: "button", class: "primary", "data-action": "flow-next", onclick: () => actions.go("mapping") }, t("flow.next.mapping")),
    ),
  );
}

/** A role name, for other screens. */
export function roleName(r: string): string {
  return has(`flow.role.${r}`) ? t(`flow.role.${r}`) : r;
}
