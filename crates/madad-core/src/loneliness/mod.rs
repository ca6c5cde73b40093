//! Loneliness-reduction statistics for the senior volunteering program (מתחברים): instrument
//! scoring, reliability, linking of waves, paired change, comparison groups, dose–response,
//! subgroups and APA output.
//!
//! Flow: [`survey_input::answers_for`] (or the host's own answers) → [`score::score_person`]
//! per person and wave → [`linking::link`] by person → [`change::analyse_change`],
//! [`comparison::compare_groups`], [`dose::dose_response`], [`subgroups::subgroup_changes`] →
//! [`apa`] text. Reliability of the item data: [`crate::stats::reliability`] on
//! [`score::item_values`].

pub mod apa;
pub mod change;
pub mod comparison;
pub mod dose;
pub mod histogram;
pub mod instruments;
pub mod linking;
pub mod pipeline;
pub mod rci;
pub mod score;
pub mod section;
pub mod subgroups;
pub mod survey_input;
