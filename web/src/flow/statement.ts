// The accessibility statement (הצהרת נגישות) template that a municipality publishing Madad can
// fill in and publish, as Israeli regulations require of a service provider (Equal Rights for
// Persons with Disabilities (Service Accessibility Adjustments) Regulations 2013, §35; standard
// IS 5568, which adopts WCAG 2.0 AA; Madad is tested against WCAG 2.1 AA). Fields the
// municipality fills are marked; the same text is in docs/accessibility-statement.md.
import { h } from "../dom.js";
import { t } from "../i18n.js";

/** A paragraph whose `[…]` parts are fields to fill, marked so they stand out. */
function filled(key: string): HTMLElement {
  const text = t(key);
  const parts = text.split(/(\[[^\]]+\])/g).filter((p) => p !== "");
  return h(
    "p",
    null,
    parts.map((p) => (p.startsWith("[") ? h("mark", { class: "to-fill" }, p) : p)),
  );
}

function list(prefix: string, count: number): HTMLElement {
  return h(
    "ul",
    null,
    Array.from({ length: count }, (_, i) => h("li", null, t(`${prefix}.${i + 1}`))),
  );
}

export function renderStatement(onBack: () => void): HTMLElement {
  return h(
    "section",
    { class: "statement", "aria-labelledby": "statement-title", "data-screen": "statement" },
    h("h1", { id: "statement-title", tabindex: "-1" }, t("a11y.title")),
    h("p", { class: "notice" }, t("a11y.template")),
    h("section", { class: "card", "aria-labelledby": "a11y-level" }, h("h2", { id: "a11y-level" }, t("a11y.level.title")), filled("a11y.level.body"), filled("a11y.level.scope")),
    h("section", { class: "card", "aria-labelledby": "a11y-done" }, h("h2", { id: "a11y-done" }, t("a11y.done.title")), list("a11y.done", 7)),
    h("section", { class: "card", "aria-labelledby": "a11y-limits" }, h("h2", { id: "a11y-limits" }, t("a11y.limits.title")), list("a11y.limits", 3), filled("a11y.limits.alt")),
    h("section", { class: "card", "aria-labelledby": "a11y-check" }, h("h2", { id: "a11y-check" }, t("a11y.check.title")), filled("a11y.check.body"), filled("a11y.check.date")),
    h(
      "section",
      { class: "card", "aria-labelledby": "a11y-contact" },
      h("h2", { id: "a11y-contact" }, t("a11y.contact.title")),
      h("p", null, t("a11y.contact.intro")),
      h(
        "dl",
        { class: "meta-list" },
        ["name", "phone", "email", "address"].flatMap((k) => [h("dt", null, t(`a11y.contact.${k}`)), h("dd", null, h("mark", { class: "to-fill" }, t(`a11y.contact.${k}.fill`)))]),
      ),
      filled("a11y.contact.answer"),
    ),
    h("section", { class: "card", "aria-labelledby": "a11y-updated" }, h("h2", { id: "a11y-updated" }, t("a11y.updated.title")), filled("a11y.updated.body")),
    h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", "data-action": "statement-back", onclick: () => onBack() }, t("a11y.back"))),
  );
}
