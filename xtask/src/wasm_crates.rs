//! `cargo xtask bench crates`: what each crate (and each module of brisk) costs in the release
//! wasm, from twiggy's sizes of a copy optimised like the shipped one but keeping its names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::cmd::{command, output, run};
use crate::target_dir;

/// Owners smaller than this share of the wasm are summed in one row.
const SMALLEST_ROW_SHARE: f64 = 0.01;

/// Makes a copy of the release wasm that keeps its function names, optimised as trunk optimises
/// the shipped one (wasm-bindgen, then wasm-opt -Oz, here with -g), and returns its path.
pub fn named_release_wasm() -> Result<PathBuf, String> {
    let cargo_wasm = target_dir().join("wasm32-unknown-unknown/release/brisk.wasm");
    let out_dir = target_dir().join("wasm-with-names");
    let out = out_dir.display().to_string();
    run(command("wasm-bindgen").args([
        &cargo_wasm.display().to_string(),
        "--target=web",
        "--no-typescript",
        "--out-name=brisk",
        &format!("--out-dir={out}"),
    ]))?;
    let named = out_dir.join("brisk_named.wasm");
    run(command("wasm-opt").args([
        &format!("--output={}", named.display()),
        "-Oz",
        "-g",
        &out_dir.join("brisk_bg.wasm").display().to_string(),
    ]))?;
    Ok(named)
}

/// Prints the wasm's bytes by owner (crate, brisk's module, data, unnamed code), largest first.
pub fn print_table(named_wasm: &Path) -> Result<(), String> {
    let csv = output(command("twiggy").args([
        "top",
        "-n",
        "1000000",
        "--format",
        "csv",
        &named_wasm.display().to_string(),
    ]))
    .ok_or("twiggy failed (is it installed? `cargo xtask setup`)")?;
    let mut by_owner: HashMap<String, u64> = HashMap::new();
    for (name, size) in csv.lines().skip(1).filter_map(item_and_size) {
        if let Some(owner) = owner_of(&name) {
            *by_owner.entry(owner).or_default() += size;
        }
    }
    let total: u64 = by_owner.values().sum();
    let mut rows: Vec<(String, u64)> = by_owner.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let share = |size: u64| size as f64 / total as f64;
    let (shown, rest): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(_, size)| share(*size) >= SMALLEST_ROW_SHARE);
    println!("\n| crate or module | KB (raw, optimised) | share |\n|---|---:|---:|");
    for (owner, size) in &shown {
        println!(
            "| {owner} | {:.1} | {:.1}% |",
            *size as f64 / 1024.0,
            share(*size) * 100.0
        );
    }
    let rest_size: u64 = rest.iter().map(|(_, size)| size).sum();
    println!(
        "| {} others under 1% each | {:.1} | {:.1}% |",
        rest.len(),
        rest_size as f64 / 1024.0,
        share(rest_size) * 100.0
    );
    println!("| **total** | {:.1} | 100% |", total as f64 / 1024.0);
    Ok(())
}

/// One row of twiggy's CSV (`Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedPercent`):
/// the name (unquoted) and its own size. Names may hold commas; the numbers never do.
fn item_and_size(line: &str) -> Option<(String, u64)> {
    let mut fields = line.rsplitn(5, ',');
    let _retained_percent = fields.next()?;
    let _retained = fields.next()?;
    let _percent = fields.next()?;
    let size = fields.next()?.parse().ok()?;
    let name = fields.next()?;
    let name = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => name.to_string(),
    };
    Some((name, size))
}

/// Who an item of the wasm belongs to, or `None` for what the browser never downloads (the
/// names themselves and other custom sections). A function belongs to the crate of its path; in
/// brisk, to the module; `<T as Trait>::f` to `T`'s crate (the trait's when `T` is a type
/// parameter or a primitive); drop glue to the type dropped.
fn owner_of(name: &str) -> Option<String> {
    if name.starts_with("custom section") || name.ends_with("subsection") {
        return None;
    }
    if name.starts_with("data segment") {
        return Some("data (string constants, tables)".into());
    }
    if name.starts_with("code[") {
        return Some("unnamed code".into());
    }
    if name.starts_with("__wbg") || name.starts_with("__wbindgen") || name.contains("externref") {
        return Some("wasm_bindgen".into());
    }
    let name = without_disambiguators(name);
    let path = if name.starts_with("import ") || name.starts_with("export ") {
        None
    } else if let Some(dropped) = name.strip_prefix("core::ptr::drop_in_place<") {
        first_path(dropped).or(Some("core"))
    } else if let Some(impl_of) = name.strip_prefix('<') {
        let (self_type, trait_path) = impl_of.split_once(" as ").unwrap_or((impl_of, ""));
        first_path(self_type).or_else(|| first_path(trait_path))
    } else {
        first_path(&name)
    };
    let Some(path) = path else {
        return Some("wasm tables, imports, exports, builtins".into());
    };
    let mut segments = path.split("::");
    let krate = segments.next().unwrap_or_default();
    Some(match krate {
        "brisk" => format!("brisk::{}", segments.next().unwrap_or_default()),
        "core" | "alloc" | "std" => "core, alloc, std".into(),
        "serde_core" => "serde".into(),
        other => other.into(),
    })
}

/// The first `crate::item` path in `text` (a type parameter such as `F` or a primitive such as
/// `u8` is not one).
fn first_path(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .find(|token| token.contains("::") && !token.starts_with(':'))
}

/// `name` without the crate disambiguators of v0 symbols (`core[c5930c85a12de822]::fmt`).
fn without_disambiguators(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close > 0 && after[..close].chars().all(|c| c.is_ascii_hexdigit()) => {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{item_and_size, owner_of};

    fn owner(name: &str) -> String {
        owner_of(name).unwrap_or_default()
    }

    #[test]
    fn functions_belong_to_their_crate_or_brisk_module() {
        assert_eq!(
            owner("brisk::components::post::Post::had246c0899d6099c"),
            "brisk::components"
        );
        assert_eq!(
            owner("brisk::realtime::run::{{closure}}::h3c5d"),
            "brisk::realtime"
        );
        assert_eq!(
            owner("pulldown_cmark::firstpass::FirstPass::parse_block::h1"),
            "pulldown_cmark"
        );
        assert_eq!(
            owner("alloc::raw_vec::RawVec<T,A>::grow_one::h1"),
            "core, alloc, std"
        );
        assert_eq!(
            owner("tachys::view::iterators::<impl tachys::view::Render for alloc::vec::Vec<T>>::build::h1"),
            "tachys"
        );
    }

    #[test]
    fn trait_impls_belong_to_the_type_unless_it_is_a_parameter() {
        assert_eq!(
            owner("<brisk_model::post::Post as serde_core::de::Deserialize>::deserialize::h1"),
            "brisk_model"
        );
        assert_eq!(
            owner("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_str::h1"),
            "serde_json"
        );
        assert_eq!(
            owner("<F as tachys::reactive_graph::ReactiveFunction>::invoke::he245"),
            "tachys"
        );
        assert_eq!(
            owner("core::ptr::drop_in_place<reactive_graph::owner::Owner>::h1"),
            "reactive_graph"
        );
        assert_eq!(
            owner("core::ptr::drop_in_place<(tachys::html::A,tachys::html::B)>::h1"),
            "tachys"
        );
        assert_eq!(
            owner("core::ptr::drop_in_place<(u8,alloc::string::String)>"),
            "core, alloc, std"
        );
        assert_eq!(
            owner("<f64 as core[c5930c85a12de822]::fmt::Display>::fmt"),
            "core, alloc, std"
        );
        assert_eq!(owner("<tachys::html::Foo<T>>::new::h1"), "tachys");
    }

    #[test]
    fn names_and_custom_sections_are_not_counted_and_the_rest_is_labelled() {
        assert_eq!(owner_of("\"function names\" subsection"), None);
        assert_eq!(owner_of("custom section 'producers'"), None);
        assert_eq!(
            owner("data segment \".rodata.99\""),
            "data (string constants, tables)"
        );
        assert_eq!(owner("code[8610]"), "unnamed code");
        assert_eq!(owner("__wbindgen_malloc"), "wasm_bindgen");
        assert_eq!(owner("memcmp"), "wasm tables, imports, exports, builtins");
        assert_eq!(
            owner("import ./brisk_bg.js::__wbg_x"),
            "wasm tables, imports, exports, builtins"
        );
    }

    #[test]
    fn csv_rows_with_commas_and_quotes_in_names_are_read() {
        assert_eq!(
            item_and_size("\"<either_of::EitherOf4<A,B,C,D> as x::Y>::f\",16509,0.26,,"),
            Some(("<either_of::EitherOf4<A,B,C,D> as x::Y>::f".into(), 16509))
        );
        assert_eq!(
            item_and_size("\"data segment \"\".rodata\"\"\",201098,3.2,,"),
            Some(("data segment \".rodata\"".into(), 201098))
        );
        assert_eq!(
            item_and_size("code[1],880,0.01,,"),
            Some(("code[1]".into(), 880))
        );
    }
}
