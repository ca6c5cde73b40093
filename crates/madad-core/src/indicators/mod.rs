//! Indicators computed from a [`Dataset`](crate::Dataset). Each is a pure function of the data
//! and the options; publication rules are applied afterwards by [`crate::privacy`].

pub mod activity;
