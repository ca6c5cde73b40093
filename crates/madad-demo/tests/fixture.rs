//! The committed small demo in `tests/fixtures/demo-small/` must be exactly what the generator
//! writes for `seed 7, volunteers 300, activities 6000`.
//!
//! Regenerate it after an intentional generator change with
//! `MADAD_REGENERATE=1 cargo test -p madad-demo --test fixture`.

use std::fs;
use std::path::{Path, PathBuf};

use madad_demo::{DemoConfig, write_demo};

const FILES: [&str; 5] = [
    "hours_log.csv",
    "volunteers.xlsx",
    "loneliness_survey.csv",
    "population.csv",
    "truth.json",
];

/// The configuration of the committed fixture.
fn fixture_config() -> DemoConfig {
    DemoConfig {
        seed: 7,
        volunteers: 300,
        activities: 6000,
    }
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/demo-small")
}

#[test]
fn committed_fixture_is_current() {
    let dir = fixture_dir();
    if std::env::var("MADAD_REGENERATE").is_ok_and(|v| v == "1") {
        write_demo(&dir, &fixture_config()).unwrap();
        return;
    }
    let fresh = Path::new(env!("CARGO_TARGET_TMPDIR")).join("madad-demo-fixture");
    let _ = fs::remove_dir_all(&fresh);
    write_demo(&fresh, &fixture_config()).unwrap();
    for f in FILES {
        let committed = fs::read(dir.join(f)).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run MADAD_REGENERATE=1 cargo test -p madad-demo --test fixture",
                f
            )
        });
        assert!(
            committed == fs::read(fresh.join(f)).unwrap(),
            "tests/fixtures/demo-small/{f} is stale; run \
             MADAD_REGENERATE=1 cargo test -p madad-demo --test fixture"
        );
    }
}
