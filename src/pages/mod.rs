//! One file per route.

pub mod admin_console;
pub mod catch_up;
pub mod channel;
pub mod home;
pub mod login;
pub mod permalink;
pub mod reset_password;
pub mod signup;
pub mod team;
