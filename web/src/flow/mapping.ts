// Column mapping: each header and the field it feeds (with how it was matched and a few sample
// values), the identifier columns with drop / pseudonymise, and saved mapping profiles
// (stored in this browser, exported and imported as JSON).
import type { FileLedger, GateAction, MappingProfile } from "madad";
import { MadadError, createKeyFile } from "madad";
import { h } from "../dom.js";
import { formatNumber } from "../format.js";
import { has, t, tNodes } from "../i18n.js";
import { roleName } from "./check.js";
import { applyProfiles, forgetProfile, parseProfiles, profilesJson, profilesToSave, savedProfiles, storeProfiles } from "./profiles.js";
import { ROLES, copySettings, decisionOf, setDecision, type FlowSettings } from "./settings.js";
import { download, stepActions, stepHead, type FlowActions, type FlowRun } from "./steps.js";

/** The fields of each role (docs/fields.md); survey answer columns are recognised by pattern. */
export const ROLE_FIELDS: Record<string, string[]> = {
  activityLog: ["volunteerId", "date", "hours", "status", "department", "organisation", "role", "startTime", "endTime"],
  registry: [
    "volunteerId",
    "birthYear",
    "birthDate",
    "age",
    "gender",
    "populationGroup",
    "neighbourhood",
    "departments",
    "joinDate",
    "leaveDate",
    "leaveReason",
    "commitmentEnd",
    "applicationDate",
    "approvalDate",
  ],
  survey: ["personId", "wave", "date", "group"],
  population: ["neighbourhood", "ageBand", "gender", "populationGroup", "residents"],
  opportunities: [
    "opportunity",
    "department",
    "organisation",
    "slotsNeeded",
    "slotsFilled",
    "hoursNeeded",
    "startDate",
    "endDate",
    "hoursFilled",
    "attended",
    "noShows",
    "excused",
    "outputType",
    "outputs",
  ],
};

export function fieldName(f: string): string {
  return has(`field.${f}`) ? t(`field.${f}`) : f;
}

/** An identifier column to decide: from the ledger (decided) or the gate's stop (pending). */
interface IdColumn {
  file: string;
  column: string;
  kind: string | null;
  /** `block`: drop or pseudonymise only; `confirm`: keep allowed too. */
  verdict: "block" | "confirm";
  examples: string[];
  issue: string | null;
}

function gateColumns(run: FlowRun): IdColumn[] {
  const out: IdColumn[] = [];
  const e = run.error;
  if (e?.code === "privacy.identifier_column") {
    let details: { column: string; issue: string; verdict: string; kind: string | null; examples: string[] }[] = [];
    try {
      details = JSON.parse(e.params.details ?? "[]");
    } catch {
      details = [];
    }
    for (const d of details) {
      out.push({
        file: e.file ?? "",
        column: d.column,
        kind: d.kind,
        verdict: d.verdict === "confirm" ? "confirm" : "block",
        examples: d.examples ?? [],
        issue: d.issue,
      });
    }
  }
  for (const l of run.details?.ledgers ?? []) {
    for (const d of l.identifiers ?? []) {
      if (!out.some((x) => x.column === d.column)) {
        out.push({ file: l.name, column: d.column, kind: d.kind ?? null, verdict: d.action === "keep" ? "confirm" : "block", examples: [], issue: null });
      }
    }
  }
  return out;
}

function blockedNotice(run: FlowRun): HTMLElement | null {
  const e = run.error;
  if (!e) return null;
  const key = `flow.blocked.${e.code}`;
  const vars: Record<string, string> = { ...e.params, file: e.file ?? "" };
  if (e.code === "privacy.drop_required" && vars.field) vars.field = fieldName(vars.field);
  if (e.code === "schema.missing_columns") {
    vars.missing = (e.params.missing ?? "").split(",").filter(Boolean).map(fieldName).join(", ");
    vars.role = roleName(e.params.role ?? "");
  }
  return h(
    "div",
    { class: "notice error", id: "mapping-blocked", "data-flow-blocked": e.code, "data-blocked-file": e.file ?? "" },
    h("h2", null, t("flow.blocked.title")),
    h("p", null, has(key) ? tNodes(key, vars) : tNodes("flow.blocked", { file: e.file ?? "" })),
  );
}

/** The rows of one file's mapping table: header, field select, basis, samples. */
function mappingTable(
  idx: string,
  file: string,
  role: string,
  columns: { header: string; field: string | null; userMapped: boolean; samples: string[] }[],
  s: FlowSettings,
): HTMLElement {
  const fields = ROLE_FIELDS[role] ?? [];
  const rows = columns.map((c, j) => {
    const chosen = c.header in s.mapping ? (s.mapping[c.header] ?? "") : (c.field ?? "");
    const known = chosen === "" || fields.includes(chosen);
    const id = `map-${idx}-${j}`;
    const select = h(
      "select",
      { id, "data-map-header": c.header, "aria-describedby": `${id}-basis` },
      h("option", { value: "", selected: chosen === "" }, t("flow.map.ignore")),
      fields.map((f) => h("option", { value: f, selected: chosen === f }, fieldName(f))),
      known ? null : h("option", { value: chosen, selected: true }, fieldName(chosen)),
    );
    select.addEventListener("change", () => {
      s.mapping[c.header] = select.value;
    });
    const basis = c.userMapped || c.header in s.mapping ? "user" : c.field === null ? "none" : "synonym";
    return h(
      "tr",
      { "data-column": c.header, "data-field": c.field ?? "" },
      h("th", { scope: "row" }, h("label", { for: id }, h("bdi", null, c.header))),
      h("td", null, select),
      h("td", null, h("span", { class: `badge basis-${basis}`, id: `${id}-basis`, "data-basis": basis }, t(`flow.map.basis.${basis}`))),
      h(
        "td",
        { class: "samples", "data-samples": String(c.samples.length) },
        c.samples.length > 0
          ? h("ul", { class: "sample-list" }, c.samples.map((v) => h("li", null, h("bdi", null, v))))
          : h("span", { class: "muted" }, t("flow.map.noSamples")),
      ),
    );
  });
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": `map-cap-${idx}` },
    h(
      "table",
      { class: "data-table mapping-table", "data-mapping-file": file },
      h("caption", { id: `map-cap-${idx}` }, tNodes("flow.map.caption", { file, role: roleName(role) })),
      h(
        "thead",
        null,
        h("tr", null, ["flow.map.header", "flow.map.field", "flow.map.basis", "flow.map.samples"].map((k) => h("th", { scope: "col" }, t(k)))),
      ),
      h("tbody", null, rows),
    ),
  );
}

function identifierSection(run: FlowRun, s: FlowSettings, actions: FlowActions): HTMLElement | null {
  const cols = gateColumns(run);
  const keyNeeded = (): boolean => s.identifiers.some((d) => d.action === "pseudonymise");
  if (cols.length === 0 && s.key === null && run.error?.code !== "key.required" && run.error?.code !== "key.invalid") return null;
  const keyStatus = h("p", { class: "hint", id: "key-status", "data-key-loaded": String(s.key !== null) }, s.key ? tNodes("flow.id.keyLoaded", { file: s.keyName ?? "" }) : t("flow.id.keyNone"));
  const keyInput = h("input", { type: "file", id: "key-file", accept: ".json,.key,application/json", "aria-describedby": "key-hint key-status" });
  const pass = h("input", { type: "password", id: "key-pass", autocomplete: "off", "aria-describedby": "key-pass-hint" });
  keyInput.addEventListener("change", () => {
    const f = keyInput.files?.[0];
    if (!f) return;
    void f.text().then((text) => {
      try {
        const keyFile = JSON.parse(text) as unknown;
        s.key = { keyFile: keyFile as never, passphrase: pass.value || null };
        s.keyName = f.name;
        keyStatus.replaceChildren(...tNodes("flow.id.keyLoaded", { file: f.name }));
        keyStatus.dataset.keyLoaded = "true";
        actions.announce(t("flow.id.keyLoaded", { file: f.name }));
      } catch {
        keyStatus.textContent = t("flow.id.keyBad");
        actions.announce(t("flow.id.keyBad"));
      }
    });
  });
  pass.addEventListener("change", () => {
    if (s.key) s.key = { ...s.key, passphrase: pass.value || null };
  });
  // A new key is drawn here (crypto.getRandomValues) and saved as a file the municipality
  // keeps; with a passphrase typed above, the file holds only the salt and check value.
  const create = h("button", { type: "button", class: "secondary", id: "key-create", "aria-describedby": "key-create-hint" }, t("flow.id.keyCreate"));
  create.addEventListener("click", () => {
    create.disabled = true;
    const passphrase = pass.value || null;
    void createKeyFile({ passphrase })
      .then((keyFile) => {
        const name = `madad-key-${keyFile.check.slice(0, 8)}.json`;
        download(`${JSON.stringify(keyFile, null, 2)}\n`, name, "application/json");
        s.key = { keyFile, passphrase };
        s.keyName = name;
        keyStatus.replaceChildren(...tNodes("flow.id.keyCreated", { file: name }));
        keyStatus.dataset.keyLoaded = "true";
        actions.announce(t("flow.id.keyCreated", { file: name }));
      })
      .catch((e: unknown) => {
        keyStatus.textContent = t("flow.id.keyBad");
        actions.announce(t("flow.id.keyBad"));
        console.warn(e instanceof MadadError ? e.code : "key.invalid");
      })
      .finally(() => {
        create.disabled = false;
      });
  });
  const keyBox = h(
    "div",
    { class: "key-box", "data-key-box": "" },
    h("div", { class: "field" }, h("label", { for: "key-file" }, t("flow.id.keyLabel")), keyInput, h("p", { class: "hint", id: "key-hint" }, t("flow.id.keyHint"))),
    h("div", { class: "field" }, h("label", { for: "key-pass" }, t("flow.id.passLabel")), pass, h("p", { class: "hint", id: "key-pass-hint" }, t("flow.id.passHint"))),
    h("div", { class: "field" }, create, h("p", { class: "hint", id: "key-create-hint" }, t("flow.id.keyCreateHint"))),
    keyStatus,
  );
  keyBox.hidden = !keyNeeded() && run.error?.code !== "key.required" && run.error?.code !== "key.invalid";
  const groups = cols.map((c, i) => {
    const current = decisionOf(s, c.column);
    const actionsFor: GateAction[] = c.verdict === "confirm" ? ["drop", "pseudonymise", "keep"] : ["drop", "pseudonymise"];
    return h(
      "fieldset",
      { class: "id-choice", "data-id-column": c.column, "data-id-file": c.file },
      h("legend", null, tNodes("flow.id.legend", { column: c.column, file: c.file })),
      c.kind ? h("p", { class: "hint" }, t("flow.id.kind", { kind: has(`flow.kind.${c.kind}`) ? t(`flow.kind.${c.kind}`) : c.kind })) : null,
      c.examples.length > 0 ? h("p", { class: "hint" }, tNodes("flow.id.examples", { examples: c.examples.join(" · ") })) : null,
      actionsFor.map((a) => {
        const id = `id-${i}-${a}`;
        const radio = h("input", { type: "radio", id, name: `id-${i}`, value: a, checked: current === a, "data-id-action": a });
        radio.addEventListener("change", () => {
          setDecision(s, c.column, a);
          keyBox.hidden = !keyNeeded();
        });
        return h("div", { class: "radio" }, radio, h("label", { for: id }, t(`flow.id.action.${a}`)));
      }),
    );
  });
  return h(
    "section",
    { class: "card identifiers", "aria-labelledby": "id-title", "data-section": "identifiers" },
    h("h2", { id: "id-title" }, t("flow.id.title")),
    h("p", null, t("flow.id.intro")),
    groups,
    keyBox,
  );
}

function profileSection(run: FlowRun, s: FlowSettings, actions: FlowActions): HTMLElement {
  const made = run.details?.profiles ?? [];
  const ledgers = run.details?.ledgers ?? [];
  const first = ledgers[0]?.name.replace(/\.[^.]+$/, "") ?? "";
  const nameInput = h("input", { type: "text", id: "profile-name", value: first, autocomplete: "off", "aria-describedby": "profile-name-hint" });
  const status = h("p", { class: "hint", id: "profile-status" });
  const save = h(
    "button",
    {
      type: "button",
      class: "secondary",
      "data-action": "save-profile",
      disabled: made.length === 0,
      onclick: () => {
        const name = nameInput.value.trim() || first || "profile";
        const list = profilesToSave(made, ledgers, s, name);
        const stored = storeProfiles(list);
        download(profilesJson(list), `${name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")}.madad-profile.json`, "application/json");
        const msg = t(stored ? "flow.profile.saved" : "flow.profile.savedFileOnly", { name });
        status.textContent = msg;
        actions.announce(msg);
      },
    },
    t("flow.profile.save"),
  );
  const importInput = profileImport("profile-import", status, actions, (list) => actions.reread(applyProfiles(s, list), "mapping"));
  const saved = savedProfiles();
  return h(
    "section",
    { class: "card profiles", "aria-labelledby": "profile-title", "data-section": "profiles" },
    h("h2", { id: "profile-title" }, t("flow.profile.title")),
    h("p", null, t("flow.profile.intro")),
    h("div", { class: "field" }, h("label", { for: "profile-name" }, t("flow.profile.name")), nameInput, h("p", { class: "hint", id: "profile-name-hint" }, t("flow.profile.nameHint"))),
    h("div", { class: "actions" }, save),
    h("div", { class: "field" }, h("label", { for: "profile-import" }, t("flow.profile.import")), importInput, h("p", { class: "hint", id: "profile-import-hint" }, t("flow.profile.importHint"))),
    status,
    saved.length > 0 ? savedList(saved, actions) : null,
  );
}

/**
 * A file input that imports profiles (JSON): stored in this browser, then `onImported`; an
 * invalid or too new file is said in `status` and the live region.
 */
export function profileImport(
  id: string,
  status: HTMLElement,
  actions: Pick<FlowActions, "announce">,
  onImported: (list: MappingProfile[]) => void,
): HTMLInputElement {
  const input = h("input", { type: "file", id, accept: ".json,application/json", "aria-describedby": `${id}-hint ${status.id}` });
  input.addEventListener("change", () => {
    const f = input.files?.[0];
    input.value = "";
    if (!f) return;
    void f.text().then((text) => {
      let list: MappingProfile[];
      try {
        list = parseProfiles(text);
      } catch (e) {
        const code = e instanceof MadadError ? e.code : "profile.invalid";
        status.textContent = t(`flow.profile.error.${code === "profile.unsupported" ? "unsupported" : "invalid"}`);
        actions.announce(status.textContent);
        return;
      }
      storeProfiles(list);
      onImported(list);
    });
  });
  return input;
}

/** The profiles saved in this browser, with "export" and "forget" for each. */
export function savedList(saved: MappingProfile[], actions: Pick<FlowActions, "announce">, onForget?: () => void): HTMLElement {
  const list = h("ul", { class: "profile-list", "aria-label": t("flow.profile.savedTitle") });
  const fill = (): void => {
    list.replaceChildren(
      ...savedProfiles().map((p) =>
        h(
          "li",
          { "data-profile": p.name },
          h("bdi", null, p.name),
          " · ",
          t("flow.profile.columns", { n: formatNumber(Object.keys(p.columns).length) }),
          " ",
          h(
            "button",
            { type: "button", class: "link", "data-action": "export-profile", "aria-label": t("flow.profile.exportOne", { name: p.name }), onclick: () => download(profilesJson([p]), "profile.madad-profile.json", "application/json") },
            t("flow.profile.export"),
          ),
          " ",
          h(
            "button",
            {
              type: "button",
              class: "link",
              "data-action": "forget-profile",
              "aria-label": t("flow.profile.forgetOne", { name: p.name }),
              onclick: () => {
                forgetProfile(p.name);
                fill();
                actions.announce(t("flow.profile.forgotten", { name: p.name }));
                onForget?.();
              },
            },
            t("flow.profile.forget"),
          ),
        ),
      ),
    );
  };
  fill();
  return h("div", { class: "saved-profiles" }, h("h3", null, t("flow.profile.savedTitle")), list);
}

export function renderMapping(run: FlowRun, actions: FlowActions): HTMLElement {
  const s = copySettings(run.settings);
  const ledgers: FileLedger[] = run.details?.ledgers ?? [];
  const tables = ledgers.map((l, i) =>
    h(
      "section",
      { class: "card", "aria-labelledby": `map-file-${i}`, "data-file": l.name },
      h("h2", { id: `map-file-${i}` }, h("bdi", null, l.name)),
      mappingTable(String(i), l.name, l.role, l.columns.map((c) => ({ header: c.renamedFrom ?? c.header, field: c.field, userMapped: c.userMapped ?? false, samples: c.samples ?? [] })), s),
      l.columns.some((c) => c.field === null) ? h("p", { class: "hint" }, t("flow.map.ignoredNote")) : null,
    ),
  );
  // A file no role fits stopped the read: map its headers here.
  const e = run.error;
  let missing: HTMLElement | null = null;
  if (e?.code === "schema.missing_columns" && e.file) {
    const headers = (e.params.headers ?? "").split(" | ").filter((x) => x !== "");
    const file = e.file;
    const roleSel = h(
      "select",
      { id: "missing-role", "data-override": "role" },
      ROLES.map((r) => h("option", { value: r, selected: (s.files[file]?.role ?? e.params.role) === r }, roleName(r))),
    );
    const table = mappingTable("missing", file, s.files[file]?.role ?? e.params.role ?? "activityLog", headers.map((x) => ({ header: x, field: s.mapping[x] ?? null, userMapped: x in s.mapping, samples: [] })), s);
    roleSel.addEventListener("change", () => {
      s.files[file] = { ...(s.files[file] ?? {}), role: roleSel.value as never };
      actions.reread(s, "mapping");
    });
    missing = h(
      "section",
      { class: "card", "aria-labelledby": "map-missing", "data-file": file },
      h("h2", { id: "map-missing" }, h("bdi", null, file)),
      h("div", { class: "field" }, h("label", { for: "missing-role" }, t("flow.check.roleLabel")), roleSel),
      table,
    );
  }
  return h(
    "section",
    { class: "flow mapping", "aria-labelledby": "mapping-title", "data-screen": "mapping" },
    stepHead("mapping-title", t("flow.map.title"), t("flow.map.intro")),
    blockedNotice(run),
    identifierSection(run, s, actions),
    missing,
    tables,
    profileSection(run, s, actions),
    stepActions(
      h("button", { type: "button", class: "secondary", "data-action": "flow-back", onclick: () => actions.go(run.details ? "check" : "start") }, t(run.details ? "flow.back.check" : "flow.back.start")),
      h("button", { type: "button", class: "secondary", "data-action": "apply-mapping", onclick: () => actions.reread(s, "mapping") }, t("flow.map.apply")),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          "data-action": "flow-next",
          onclick: () => {
            // Pending changes are read before moving on, so Validation shows what they give.
            const changed = JSON.stringify([s.mapping, s.identifiers, s.key, s.files]) !== JSON.stringify([run.settings.mapping, run.settings.identifiers, run.settings.key, run.settings.files]);
            if (changed || run.report === null) actions.reread(s, "validation");
            else actions.go("validation");
          },
        },
        t("flow.next.validation"),
      ),
    ),
  );
}
