//! One file per route.

pub mod catch_up;
pub mod channel;
pub mod home;
pub mod login;
pub mod permalink;
pub mod signup;
pub mod team;
