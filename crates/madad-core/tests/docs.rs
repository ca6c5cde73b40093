//! Generated documentation stays in step with its single source: `docs/fields.md` is rendered
//! from the field specs in `schema/fields.rs`. `MADAD_BLESS=1` rewrites it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::schema::fields::{self, ROLES};

fn render() -> String {
    let mut out = String::from(
        "# Fields and header synonyms\n\n\
         Generated from `crates/madad-core/src/schema/fields.rs` by `cargo test -p madad-core --test docs`\n\
         (`MADAD_BLESS=1` rewrites it); do not edit by hand.\n\n\
         A file's role is recognised from its headers: a role qualifies when its required fields are\n\
         present (and at least one of its \"one of\" fields; a survey also needs at least one answer\n\
         column such as `ucla_1`, `djg_3_pre`, `שאלה 4`), and the qualifying role with the most\n\
         matched fields wins. Headers are compared after normalisation (bidi marks, niqqud, Arabic\n\
         diacritics and punctuation removed; ASCII lower-cased). A user mapping (`mapping` option\n\
         or a mapping profile) names fields by the names below and takes precedence.\n",
    );
    for role in ROLES {
        out.push_str(&format!("\n## `{}`\n\n", role.name()));
        out.push_str(&format!(
            "Required: {}.",
            fields::required(role)
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let any = fields::any_of(role);
        if !any.is_empty() {
            out.push_str(&format!(
                " One of: {}.",
                any.iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push_str("\n\n| field | header synonyms |\n|---|---|\n");
        for spec in fields::fields(role) {
            out.push_str(&format!(
                "| `{}` | {} |\n",
                spec.name,
                spec.synonyms.join(" · ")
            ));
        }
    }
    out
}

#[test]
fn fields_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/fields.md");
    let actual = render();
    if std::env::var_os("MADAD_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/fields.md is stale: run `MADAD_BLESS=1 cargo test -p madad-core --test docs`"
    );
}
