//! `wasm-split <input.wasm> <output dir> <main module> <loader module>`: splits the wasm that
//! cargo linked (with `--emit-relocs`) at its `#[lazy]` functions, as cargo-leptos' `--split`
//! does. It writes the main module (`main.wasm`, for wasm-bindgen), one `.wasm` per lazy chunk
//! and the loader module that fetches them; prints the chunks' file names, one a line. It also
//! writes `prefetch.txt` there: for each lazy function, a line of its name and the names (without
//! `.wasm`) of every file its chunk needs.
//!
//! `main module` is the path the loader imports wasm-bindgen's glue from and `loader module` the
//! path the main wasm imports the loader from, both relative to the output directory.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output_dir, main_module, loader_module] = args.as_slice() else {
        eprintln!("usage: wasm-split <input.wasm> <output dir> <main module> <loader module>");
        return ExitCode::FAILURE;
    };
    match split(input, output_dir, main_module, loader_module) {
        Ok(chunks) => {
            for chunk in chunks {
                println!("{chunk}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("wasm-split: {message}");
            ExitCode::FAILURE
        }
    }
}

fn split(
    input: &str,
    output_dir: &str,
    main_module: &str,
    loader_module: &str,
) -> Result<Vec<String>, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let output_dir = PathBuf::from(output_dir);
    let main_out_path = output_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = &output_dir;
    options.main_out_path = &main_out_path;
    options.main_module = main_module;
    options.link_name = loader_module;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    let mut prefetch: Vec<String> = split
        .prefetch_map
        .iter()
        .map(|(function, files)| format!("{function} {}\n", files.join(" ")))
        .collect();
    prefetch.sort();
    let prefetch_path = output_dir.join("prefetch.txt");
    std::fs::write(&prefetch_path, prefetch.concat())
        .map_err(|e| format!("cannot write {}: {e}", prefetch_path.display()))?;
    Ok(split
        .split_modules
        .iter()
        .filter_map(|path| path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect())
}
