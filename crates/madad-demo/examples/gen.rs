//! Generates a demo municipality.
//!
//! ```text
//! cargo run --release -p madad-demo --example gen -- [--out DIR] [--seed N] [--volunteers N] [--activities N]
//! ```
//!
//! Defaults: `--out demo-out`, and [`madad_demo::DemoConfig::default()`] (seed 42, 2,000
//! volunteers, 60,000 activities). The committed fixture `tests/fixtures/demo-small` is
//! `--seed 7 --volunteers 300 --activities 6000`.

use std::path::PathBuf;
use std::process::ExitCode;

use madad_demo::{DemoConfig, write_demo};

fn parse() -> Result<(PathBuf, DemoConfig), String> {
    let mut out = PathBuf::from("demo-out");
    let mut cfg = DemoConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let num = |v: String| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--out" => out = PathBuf::from(value()?),
            "--seed" => cfg.seed = num(value()?)?,
            "--volunteers" => {
                cfg.volunteers = u32::try_from(num(value()?)?).map_err(|e| e.to_string())?
            }
            "--activities" => cfg.activities = num(value()?)?,
            "-h" | "--help" => {
                return Err(
                    "usage: gen [--out DIR] [--seed N] [--volunteers N] [--activities N]"
                        .to_string(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((out, cfg))
}

fn main() -> ExitCode {
    let (out, cfg) = match parse() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match write_demo(&out, &cfg) {
        Ok(truth) => {
            let h = &truth.hours_log;
            println!(
                "wrote {}: {} log rows ({} used, {} rejected, {} skipped), {} volunteers active, \
                 {} approved hours, {} planted diagnostics",
                out.display(),
                h.rows_total,
                h.rows_used,
                h.rows_rejected,
                h.rows_skipped,
                h.volunteers,
                h.approved_hours,
                h.diagnostics.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
