//! The `madad` command line. See `madad --help`.

fn main() {
    std::process::exit(madad_cli::run(std::env::args().skip(1).collect()));
}
