//! Keeps the relocations in the SPA's final wasm link (`--emit-relocs`): wasm-split reads them
//! to cut the lazily loaded routes into chunks (scripts/wasm_split_step.py). Only the final link of
//! the wasm binary: RUSTFLAGS, and so every dependency's build, stay as they are.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
