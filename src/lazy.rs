//! Code not in the first download. In the release build (feature `split`, xtask/src/split.rs)
//! each function declared with `lazy_fn!` is a wasm chunk of its own, fetched the first time it
//! is called (or while the app is idle, `components::lazy_view::preload_after_first_screen`);
//! without the feature (trunk serve, the wasm tests) it is a plain async function. Views are
//! declared with `components::lazy_view::lazy_view!`, made on this.

/// Lazily loaded code could not be run: its chunk could not be fetched (the network was down
/// before the chunk was ever loaded). A later try fetches it again.
#[derive(Debug)]
pub struct ChunkMissing;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// How long after a chunk could not be fetched it is tried again (by `until_loaded`, and by the
/// event stream's connection, which stops trying once it is no longer wanted).
pub const CHUNK_RETRY: std::time::Duration = std::time::Duration::from_secs(3);

/// Calls `lazy` (a function declared with `lazy_fn!`) until its chunk could be fetched, trying
/// again a moment after each failure: for code that must run, however late (the network gone
/// before the chunk was ever loaded).
pub async fn until_loaded<T, Loading>(lazy: impl Fn() -> Loading) -> T
where
    Loading: std::future::Future<Output = Result<T, ChunkMissing>>,
{
    loop {
        if let Ok(value) = lazy().await {
            return value;
        }
        gloo_timers::future::sleep(CHUNK_RETRY).await;
    }
}

/// What the chunk of a lazy `async fn` gives: its work, to await (see `run`).
pub type InChunk<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// Does the work of a lazy `async fn` (declared with `lazy_fn!`) once its chunk is in: its value,
/// or `ChunkMissing` when the chunk could not be fetched.
pub async fn run<T>(
    loading: impl std::future::Future<Output = Result<InChunk<T>, ChunkMissing>>,
) -> Result<T, ChunkMissing> {
    Ok(loading.await?.await)
}

/// Declares `async fn name(args) -> Result<T, ChunkMissing>` giving its body's value; with the
/// `split` feature the body is a chunk of its own (a `wasm_split` function, as Leptos'
/// `#[lazy]`, but a chunk that cannot be fetched is an error to show, not a panic that stops the
/// app). Declared as an `async fn`, its body's work is in the chunk too: it gives that work
/// (`InChunk<T>`), which `run` does.
macro_rules! lazy_fn {
    ($(#[$attr:meta])* $vis:vis async fn $name:ident($($arg:ident: $type:ty),* $(,)?) -> $value:ty $body:block) => {
        $crate::lazy::lazy_fn! {
            $(#[$attr])*
            $vis fn $name($($arg: $type),*) -> $crate::lazy::InChunk<$value> {
                Box::pin(async move {
                    let value: $value = $body;
                    value
                })
            }
        }
    };
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $type:ty),* $(,)?) -> $value:ty $body:block) => {
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $type),*) -> Result<$value, $crate::lazy::ChunkMissing> {
            Ok($body)
        }

        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $type),*) -> Result<$value, $crate::lazy::ChunkMissing> {
            Ok($body)
        }
    };
}
pub(crate) use lazy_fn;
