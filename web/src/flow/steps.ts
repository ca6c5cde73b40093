// The flow from files to dashboard (ecosystem notes §6.2): Start → File check → Column mapping →
// Validation → Dashboard. One read of the files feeds the three middle screens; a change on
// any of them reads the files again with the new settings.
import { saveFile } from "../exports.js";
import type { DatasetDetails, MadadError, Report, WorkbookSheets } from "madad";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import type { FlowSettings } from "./settings.js";

export type FlowStep = "start" | "check" | "mapping" | "validation" | "dashboard";
export const STEPS: FlowStep[] = ["start", "check", "mapping", "validation", "dashboard"];

/** One read of the files: what the core made of them, or the problem that stopped it. */
export interface FlowRun {
  /** The names of the files read, in order. */
  files: string[];
  /** The report, when every file could be read. */
  report: Report | null;
  /** Ledgers with samples, rejected rows, profiles (with the report). */
  details: DatasetDetails | null;
  /** The problem that stopped the read (an identifier column, missing columns, a key). */
  error: MadadError | null;
  /** The sheets of every workbook among the files (for the sheet picker). */
  workbooks: WorkbookSheets[];
  /** The settings the files were read with. */
  settings: FlowSettings;
  /** The built-in demo municipality. */
  sample: boolean;
}

export interface FlowActions {
  /** Shows another step of the same read. */
  go(step: FlowStep): void;
  /** Reads the files again with `settings`, then shows `step`. */
  reread(settings: FlowSettings, step: Exclude<FlowStep, "start">): void;
  /** Says `text` in the live region. */
  announce(text: string): void;
}

/** Whether `step` can be shown for `run`. */
export function reachable(step: FlowStep, run: FlowRun): boolean {
  if (step === "start" || step === "mapping") return true;
  if (step === "check") return run.details !== null || run.error !== null;
  return run.report !== null;
}

/** The step list: where the user is, and a button to every step that can be shown. */
export function stepsNav(current: FlowStep, run: FlowRun, actions: FlowActions): HTMLElement {
  return h(
    "nav",
    { class: "flow-steps", "aria-label": t("flow.steps.label"), "data-flow-steps": "" },
    h(
      "ol",
      null,
      STEPS.map((step, i) =>
        h(
          "li",
          { class: step === current ? "current" : "" },
          h(
            "button",
            {
              type: "button",
              class: "step",
              "data-step": step,
              "aria-current": step === current ? "step" : false,
              disabled: step !== current && !reachable(step, run),
              onclick: () => {
                if (step !== current) actions.go(step);
              },
            },
            h("span", { class: "step-n", "aria-hidden": "true" }, String(i + 1)),
            " ",
            t(`flow.step.${step}`),
          ),
        ),
      ),
    ),
  );
}

/** The heading block of a step screen. */
export function stepHead(id: string, title: string, intro: string): HTMLElement[] {
  return [h("h1", { id, tabindex: "-1" }, title), h("p", { class: "lead" }, intro)];
}

/** The Back / Next buttons at the end of a step. */
export function stepActions(...buttons: (HTMLElement | null)[]): HTMLElement {
  return h("div", { class: "actions flow-actions" }, buttons);
}

/** Saves `bytes` as a file named `name` (an object URL and a click on a hidden link). */
export function download(bytes: Uint8Array | string, name: string, type: string): void {
  saveFile(bytes as BlobPart, name, type);
}
