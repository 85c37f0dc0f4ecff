//! Code splitting of the release client. trunk builds the page, the CSS and the assets and links
//! the wasm (with the `split` feature and the linker's relocations kept, .cargo/config.toml); its
//! own wasm-bindgen output is then replaced by this pipeline, as cargo-leptos' `--split` does it:
//!
//! 1. xtask/wasm-split cuts the linked wasm at its `#[lazy]` functions into a main module, one
//!    chunk per lazy function (and chunks of code several of them share), and a loader module
//!    (JS) that fetches and instantiates a chunk the first time its function is called;
//! 2. wasm-bindgen makes the glue for the main module; classes nothing uses are removed from it
//!    with the exports they call (unused_classes.rs), and the names the main module imports
//!    from it are shortened in both (short_imports.rs);
//! 3. wasm-opt -Oz optimises the main module and every chunk, and orders their functions so
//!    that alike ones are neighbours (function_order.rs); the main module's table then loses
//!    the null slots wasm-split reserved in it for the chunks (table_placeholders.rs);
//! 4. every file is named with one hash of the whole build (the parts import each other by name,
//!    so they change together) and index.html is pointed at the new main module and glue.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::Hasher;
use std::path::Path;

use crate::cmd::{command, run};
use crate::{function_order, short_imports, table_placeholders, target_dir, unused_classes};

/// Stands for the build's hash in file names until the files are final; as long as a hash, so
/// that replacing it inside the main wasm (the loader's name) keeps every length.
const HASH_PLACEHOLDER: &str = "HASHPLACEHOLDER_";

/// The names the parts are written under, `{hash}` replaced by the build's hash.
const GLUE: &str = "brisk-{hash}.js";
const MAIN_WASM: &str = "brisk-{hash}_bg.wasm";
const LOADER: &str = "brisk-chunks-{hash}.js";

/// Replaces trunk's wasm and glue in `dist` with the split build of the wasm that cargo linked.
pub fn replace_trunk_wasm(dist: &Path) -> Result<(), String> {
    let linked = target_dir().join("wasm32-unknown-unknown/release/brisk.wasm");
    let work = target_dir().join("wasm-split");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;

    let named = |pattern: &str| pattern.replace("{hash}", HASH_PLACEHOLDER);
    run(command("cargo")
        .args([
            "run",
            "--locked",
            "--quiet",
            "--package",
            "wasm-split",
            "--",
        ])
        .arg(&linked)
        .arg(&work)
        .arg(format!("./{}", named(GLUE)))
        .arg(format!("./{}", named(LOADER))))?;
    let chunks = chunk_files(&work)?;

    let glue_name = named(GLUE);
    run(command("wasm-bindgen")
        .args(["--target", "web", "--no-typescript"])
        // The chunks link against the main module's exports and internal names.
        .args(["--keep-lld-exports", "--no-demangle"])
        .args(["--out-name", glue_name.trim_end_matches(".js")])
        .arg("--out-dir")
        .arg(&work)
        .arg(work.join("main.wasm")))?;
    fs::remove_file(work.join("main.wasm")).map_err(|e| format!("cannot remove main.wasm: {e}"))?;
    trim_main_and_glue(&work, &glue_name, &named(MAIN_WASM))?;

    let mut wasm_files = vec![named(MAIN_WASM)];
    wasm_files.extend(chunks.iter().cloned());
    for file in &wasm_files {
        let path = work.join(file);
        run(wasm_opt(&path).arg("-Oz"))?;
        // Functions with alike bodies next to each other compress better (function_order.rs);
        // the second -Oz because reading and writing the module again alone makes it larger.
        // The custom sections saying which tools made the module and with which features go:
        // a browser reads neither.
        write(&path, &function_order::name_by_body(&read(&path)?)?)?;
        run(wasm_opt(&path)
            .args(["-Oz", "--reorder-functions-by-name"])
            .args(["--strip-producers", "--strip-target-features"]))?;
    }
    let main_wasm = work.join(named(MAIN_WASM));
    write(&main_wasm, &table_placeholders::remove(&read(&main_wasm)?)?)?;

    let parts = [named(GLUE), named(LOADER)]
        .into_iter()
        .chain(wasm_files)
        .collect::<Vec<_>>();
    let hash = build_hash(&work, &parts)?;
    for part in &parts {
        let mut bytes = read(&work.join(part))?;
        replace_all(&mut bytes, HASH_PLACEHOLDER.as_bytes(), hash.as_bytes());
        if part == &named(LOADER) {
            // The loader fetches each chunk by its name, relative to itself.
            let mut text = String::from_utf8(bytes).map_err(|e| format!("loader: {e}"))?;
            for chunk in &chunks {
                let hashed = hashed_chunk(chunk, &hash);
                text = text.replace(&format!("\"./{chunk}\""), &format!("\"./{hashed}\""));
            }
            bytes = text.into_bytes();
        }
        let final_name = if chunks.contains(part) {
            hashed_chunk(part, &hash)
        } else {
            part.replace(HASH_PLACEHOLDER, &hash)
        };
        write(&dist.join(final_name), &bytes)?;
    }
    let final_name = |pattern: &str| pattern.replace("{hash}", &hash);
    let prefetch = String::from_utf8(read(&work.join("prefetch.txt"))?)
        .map_err(|e| format!("prefetch.txt: {e}"))?;
    point_page_at(
        dist,
        &final_name(GLUE),
        &final_name(MAIN_WASM),
        &final_name(LOADER),
        &page_chunks(&prefetch, &hash)?,
        &offline_chunks(&prefetch, &hash)?,
    )
}

/// The pages an address opens whose code is a lazily loaded chunk (src/router.rs), each with its
/// lazy function: the links that lead to them (an invite, a password reset) are opened by people
/// signed out, often in a fresh browser, and the page's chunk needs a dozen files of code shared
/// with others, which over HTTP/1.1's six connections take several round trips after the app
/// starts. start.js fetches them beside the main wasm instead.
const PAGE_CHUNKS: [(&str, &str); 2] = [
    ("signup_user_complete", "invitation"),
    ("reset_password_complete", "reset_password_page"),
];

/// start.js' list of the files each page of `PAGE_CHUNKS` needs, as
/// `page=/file,/file;page=/file`.
fn page_chunks(prefetch: &str, hash: &str) -> Result<String, String> {
    let pages = PAGE_CHUNKS.iter().map(|(page, function)| {
        Ok(format!(
            "{page}={}",
            function_files(prefetch, function, hash)?.join(",")
        ))
    });
    Ok(pages.collect::<Result<Vec<_>, String>>()?.join(";"))
}

/// The lazy functions someone offline needs before the app has fetched its other chunks while
/// idle: reading back what the app keeps on the device (src/persist), without which a page
/// reloaded offline shows nothing, the editor of a post waiting for the network, and the team
/// dialogs' frames (each dialog then opens, and says so if its content cannot be fetched). The
/// service worker stores their files as it installs, with the page's own (assets/sw.js).
const OFFLINE_CHUNKS: [&str; 4] = ["decode_copy", "decode_kept", "team_dialogs", "post_editor"];

/// The service worker's list of the files `OFFLINE_CHUNKS` need, as `/file /file`.
fn offline_chunks(prefetch: &str, hash: &str) -> Result<String, String> {
    let mut files = Vec::new();
    for function in OFFLINE_CHUNKS {
        files.extend(function_files(prefetch, function, hash)?);
    }
    files.sort();
    files.dedup();
    Ok(files.join(" "))
}

/// The files (hashed, from the site's root) lazy function `function` needs, from wasm-split's
/// prefetch.txt: a line per lazy function, its name, then its files without `.wasm`.
fn function_files(prefetch: &str, function: &str, hash: &str) -> Result<Vec<String>, String> {
    let files = prefetch
        .lines()
        .find_map(|line| line.strip_prefix(function)?.strip_prefix(' '))
        .ok_or_else(|| format!("wasm-split made no chunk for the lazy function {function}"))?;
    Ok(files
        .split(' ')
        .map(|file| format!("/{}", hashed_chunk(file, hash)))
        .collect())
}

/// wasm-opt rewriting `path` in place, with the features rustc enables for
/// wasm32-unknown-unknown (a chunk does not name them).
///
/// `--low-memory-unused` lets it fold `load(pointer + constant)` into the load's offset, which
/// differs only where the addition wraps past 2^32 into the first KB: the linker puts the stack
/// there (stack first, growing down to 0), so only a stack already overflowing could wrap, and it
/// then traps instead of writing below the stack. 1.5 KB brotli less on the main module.
fn wasm_opt(path: &Path) -> std::process::Command {
    let mut wasm_opt = command("wasm-opt");
    wasm_opt
        .arg("--low-memory-unused")
        .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
        .args(["--enable-sign-ext", "--enable-mutable-globals"])
        .args(["--enable-reference-types", "--enable-multivalue"])
        .arg(path)
        .arg("-o")
        .arg(path);
    wasm_opt
}

/// Whether a file of dist/ is a lazily loaded chunk (named by the splitter: `split_<function>`,
/// or `chunk_<n>` for code that several lazy functions share), not part of the first download.
pub fn is_lazy_chunk(name: &str) -> bool {
    (name.starts_with("split_") || name.starts_with("chunk_")) && name.contains(".wasm")
}

/// The chunk files the splitter wrote (every `.wasm` but the main module).
fn chunk_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut chunks: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".wasm") && name != "main.wasm")
        .collect();
    chunks.sort();
    Ok(chunks)
}

/// `split_settings.wasm` → `split_settings-{hash}.wasm`.
fn hashed_chunk(chunk: &str, hash: &str) -> String {
    format!("{}-{hash}.wasm", chunk.trim_end_matches(".wasm"))
}

/// One hash of every part's name and content, as 16 hex digits.
fn build_hash(dir: &Path, parts: &[String]) -> Result<String, String> {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        hasher.write(part.as_bytes());
        hasher.write(&read(&dir.join(part))?);
    }
    Ok(format!("{:016x}", hasher.finish()))
}

/// Removes the glue's unused classes (unused_classes.rs), then renames what the main wasm
/// imports from its glue (short_imports.rs), in both files.
fn trim_main_and_glue(work: &Path, glue: &str, main_wasm: &str) -> Result<(), String> {
    let glue_path = work.join(glue);
    let wasm_path = work.join(main_wasm);
    let glue_text = String::from_utf8(read(&glue_path)?).map_err(|e| format!("{glue}: {e}"))?;
    let (wasm, glue_text) = unused_classes::remove(
        &read(&wasm_path)?,
        &glue_text,
        &unused_classes::STREAM_CLASSES,
    )?;
    // wasm-bindgen's `--target web` glue is imported by the wasm as `./<out-name>_bg.js`.
    let glue_module = format!("./{}_bg.js", glue.trim_end_matches(".js"));
    let (wasm, glue_text) = short_imports::shorten(&wasm, &glue_text, &glue_module)?;
    write(&wasm_path, &wasm)?;
    write(&glue_path, glue_text.as_bytes())
}

/// Points index.html's start script and preloads at the split build's glue and main module
/// instead of trunk's (whose files are removed), preloads the loader the glue imports, and gives
/// the start script the files of the pages' chunks (`page_chunks`) and the service worker those
/// of the offline chunks (`offline_chunks`).
fn point_page_at(
    dist: &Path,
    glue: &str,
    main_wasm: &str,
    loader: &str,
    page_chunks: &str,
    offline_chunks: &str,
) -> Result<(), String> {
    let page_path = dist.join("index.html");
    let mut page = String::from_utf8(read(&page_path)?).map_err(|e| format!("index.html: {e}"))?;
    for (attribute, ours) in [("data-js", glue), ("data-wasm", main_wasm)] {
        let trunks = attribute_value(&page, attribute)?;
        let trunks_file = dist.join(trunks.trim_start_matches('/'));
        fs::remove_file(&trunks_file)
            .map_err(|e| format!("cannot remove {}: {e}", trunks_file.display()))?;
        page = page.replace(&trunks, &format!("/{ours}"));
    }
    page = page.replace(
        "</head>",
        &format!("<link rel=\"modulepreload\" href=\"/{loader}\"></head>"),
    );
    // Beside data-js and data-wasm on start.js' tag. The pages' files are not a quoted "/…"
    // value: the service worker stores the files the page names that way at once, and these
    // only when fetched; the offline chunks' it stores at once too (assets/sw.js reads the list).
    page = page.replace(
        &format!("data-wasm=\"/{main_wasm}\""),
        &format!(
            "data-wasm=\"/{main_wasm}\" data-page-chunks=\"{page_chunks}\" \
             data-offline-chunks=\"{offline_chunks}\""
        ),
    );
    if !page.contains("data-page-chunks") {
        return Err("index.html: no data-wasm on the start script's tag".into());
    }
    write(&page_path, page.as_bytes())
}

/// The value of the first `attribute="…"` in `page`.
fn attribute_value(page: &str, attribute: &str) -> Result<String, String> {
    let start = format!("{attribute}=\"");
    page.split_once(&start)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value.to_string())
        .ok_or_else(|| format!("index.html has no {attribute}"))
}

fn replace_all(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    debug_assert_eq!(from.len(), to.len());
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
        let start = at + found;
        bytes[start..start + to.len()].copy_from_slice(to);
        at = start + to.len();
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_lists_its_chunks_files_hashed() {
        let prefetch = "invitation chunk_3 chunk_7 split_invitation\n\
                        invitation_extra split_invitation_extra\n\
                        reset_password_page chunk_3 split_reset_password_page\n";
        assert_eq!(
            page_chunks(prefetch, "0123").unwrap(),
            "signup_user_complete=/chunk_3-0123.wasm,/chunk_7-0123.wasm,/split_invitation-0123.wasm;\
             reset_password_complete=/chunk_3-0123.wasm,/split_reset_password_page-0123.wasm"
        );
    }

    #[test]
    fn the_offline_chunks_files_are_listed_once_each() {
        let prefetch = "decode_copy chunk_3 chunk_7 split_decode_copy\n\
                        decode_kept chunk_3 split_decode_kept\n\
                        team_dialogs chunk_7 split_team_dialogs\n\
                        post_editor split_post_editor\n";
        assert_eq!(
            offline_chunks(prefetch, "0123").unwrap(),
            "/chunk_3-0123.wasm /chunk_7-0123.wasm /split_decode_copy-0123.wasm \
             /split_decode_kept-0123.wasm /split_post_editor-0123.wasm /split_team_dialogs-0123.wasm"
        );
    }

    #[test]
    fn a_page_without_its_chunk_stops_the_build() {
        let error = page_chunks("invitation split_invitation\n", "0123").unwrap_err();
        assert!(error.contains("reset_password_page"), "{error}");
    }
}
