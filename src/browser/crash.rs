//! A panic of the app's code. The release build stops the wasm at once (xtask/src/build.rs: no
//! message is kept); the development build writes the message to the console first, here. Either
//! way the wasm traps, and the page learns it from the uncaught `WebAssembly.RuntimeError`:
//! assets/start.js then says on the page that the app stopped, with a button that reloads it.

/// Installs the console report; called once, before the app mounts.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|panic| {
        leptos::logging::error!("brisk stopped: {panic}");
    }));
}
