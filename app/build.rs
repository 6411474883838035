//! Generates the `i18n` module from `locales/*.json` (leptos_i18n), so every key is checked at
//! compile time in every language.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // `interpolate_display` lets `t_string!` fill in values (counts, dates) for attributes and
    // for text computed outside the view.
    let cfg = Config::new("en")?
        .add_locale("fr")?
        .add_locale("ar")?
        .add_locale("fa")?
        .add_locale("ur")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
