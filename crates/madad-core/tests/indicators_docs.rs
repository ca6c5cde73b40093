//! `docs/indicators.md` is rendered from its single source, the definitions registry
//! (`src/definitions.rs`) and the benchmark table (`src/benchmarks.rs`). `MADAD_BLESS=1`
//! rewrites it; otherwise a stale file fails this test.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::benchmarks::{BENCHMARKS, BENCHMARKS_VERSION};
use madad_core::definitions::{
    Availability, DEFINITIONS_VERSION, DefinitionOptions, GOALS, INDICATORS,
};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn render() -> String {
    let mut out = format!(
        "# Indicators and definitions\n\n\
         Generated from `crates/madad-core/src/definitions.rs` and `src/benchmarks.rs` by\n\
         `cargo test -p madad-core --test indicators_docs` (`MADAD_BLESS=1` rewrites it); do not\n\
         edit by hand. Definitions version {DEFINITIONS_VERSION}; benchmarks {BENCHMARKS_VERSION}.\n\n\
         Every report carries the definitions in force (`definitions.registry`) and this catalogue\n\
         (`definitions.indicators`). Every proportion has a Wilson 95% interval, is flagged\n\
         `smallN` below `minN`, and every count passes the small-cell rule before it is published.\n\n\
         ## Definitions (analysis option `definitions`)\n\n\
         | option | default |\n|---|---|\n"
    );
    let defaults = serde_json::to_value(DefinitionOptions::default()).unwrap();
    for (k, v) in defaults.as_object().unwrap() {
        out.push_str(&format!("| `{k}` | `{}` |\n", cell(&v.to_string())));
    }
    out.push_str(
        "\nThe as-of date is the host's (`IngestOptions.asOf`), never the clock; without one the \
         last counted activity date stands in and the report says so (`asOfSource`).\n",
    );
    out.push_str("\n## Report sections by program goal\n\n| goal | program | name | indicators |\n|---|---|---|---|\n");
    for g in GOALS {
        out.push_str(&format!(
            "| `{}` | {} | {} · {} · {} | {} |\n",
            g.id,
            g.program,
            g.he,
            g.ar,
            g.en,
            g.indicators.join(", ")
        ));
    }
    out.push_str("\n## Indicators\n");
    for d in INDICATORS {
        out.push_str(&format!(
            "\n### {} — {}\n\n- עברית: {}\n- العربية: {}\n- Formula: {}\n- Caveats: {}\n  - עברית: {}\n  - العربية: {}\n- Source: {}\n  - עברית: {}\n  - العربية: {}\n- In the report: `{}`\n",
            d.id,
            d.en,
            d.he,
            d.ar,
            d.formula,
            d.caveats[2],
            d.caveats[0],
            d.caveats[1],
            d.source[2],
            d.source[0],
            d.source[1],
            d.reported_in
        ));
        if let Availability::Elsewhere(m) = d.availability {
            out.push_str(&format!("- Computed by: {m}\n"));
        }
    }
    out.push_str(&format!(
        "\n## National benchmarks ({BENCHMARKS_VERSION})\n\n\
         | id | indicator | group | share | year | definition | source |\n|---|---|---|---|---|---|---|\n"
    ));
    for b in BENCHMARKS {
        let pct = |x: f64| {
            format!("{:.1}", x * 100.0)
                .trim_end_matches(".0")
                .to_owned()
        };
        let share = if b.low == b.high {
            format!("{}%", pct(b.low))
        } else {
            format!("{}–{}%", pct(b.low), pct(b.high))
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            b.id,
            b.indicator,
            b.group,
            share,
            b.year,
            cell(b.definition),
            cell(b.source)
        ));
    }
    out
}

#[test]
fn indicators_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/indicators.md");
    let actual = render();
    if std::env::var_os("MADAD_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/indicators.md is stale: run `MADAD_BLESS=1 cargo test -p madad-core --test indicators_docs`"
    );
}
