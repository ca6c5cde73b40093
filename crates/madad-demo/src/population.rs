//! `population.csv`: residents by neighbourhood × age band × gender, for the denominators of
//! volunteer rates (V2, D2, D3).
//!
//! Each neighbourhood has a size (adding up to ≈ 30,000) and an age profile: *mixed* (roughly
//! the Israeli urban average: 30 % under 18, 14 % aged 65+), *older* (established
//! neighbourhoods, 24 % aged 65+), *young* (new neighbourhoods of young families, 38 % under 18)
//! and *Arab* (younger age structure). The female share rises with age (48.7 % of children,
//! 58 % of those 75+). Each cell gets ±4 % normal noise and is rounded.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::csvw::{UTF8_BOM, join_quoted};
use crate::names::{AGE_BANDS, AgeProfile, HOODS};
use crate::rng::{Rng, Stream};
use crate::truth::PopulationTruth;

/// Header of population.csv.
pub const POPULATION_HEADER: [&str; 4] = ["שכונה", "קבוצת גיל", "מגדר", "תושבים"];

fn age_shares(p: AgeProfile) -> [f64; 6] {
    match p {
        AgeProfile::Mixed => [0.30, 0.23, 0.19, 0.14, 0.085, 0.055],
        AgeProfile::Older => [0.22, 0.20, 0.17, 0.17, 0.13, 0.11],
        AgeProfile::Young => [0.38, 0.22, 0.22, 0.10, 0.05, 0.03],
        AgeProfile::Arab => [0.36, 0.27, 0.18, 0.11, 0.05, 0.03],
    }
}

const FEMALE_SHARE: [f64; 6] = [0.487, 0.495, 0.505, 0.515, 0.535, 0.58];

/// Writes `population.csv` (UTF-8 with BOM, LF).
pub fn write_population(path: &Path, seed: u64) -> io::Result<PopulationTruth> {
    let mut rng = Rng::stream(seed, Stream::Population);
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(UTF8_BOM)?;
    writeln!(out, "{}", join_quoted(POPULATION_HEADER))?;
    let (mut residents, mut seniors, mut rows) = (0u32, 0u32, 0u32);
    for hood in HOODS {
        let shares = age_shares(hood.profile);
        for (band, share) in AGE_BANDS.iter().zip(shares) {
            let bi = AGE_BANDS.iter().position(|b| b == band).unwrap_or(0);
            for (gender, g_share) in [("זכר", 1.0 - FEMALE_SHARE[bi]), ("נקבה", FEMALE_SHARE[bi])]
            {
                let noise = (1.0 + 0.04 * rng.normal()).clamp(0.85, 1.15);
                let n = libm::round(f64::from(hood.residents) * share * g_share * noise) as u32;
                writeln!(
                    out,
                    "{}",
                    join_quoted([hood.name, band, gender, &n.to_string()])
                )?;
                residents += n;
                if bi >= 4 {
                    seniors += n;
                }
                rows += 1;
            }
        }
    }
    out.flush()?;
    Ok(PopulationTruth {
        residents,
        residents_65_plus: seniors,
        rows,
    })
}
