//! Loneliness-reduction statistics for the senior volunteering program (מתחברים): instrument
//! scoring, reliability, linking of waves, paired change, comparison groups and APA output.
