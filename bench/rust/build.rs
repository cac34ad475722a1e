// Links the benchmark against the libsse of a Meson build directory, named by the
// LIBSSE_BUILD_DIR environment variable (bench/peers_rust.py sets it), and records
// that directory as the run-time search path so the binary runs without installing.
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBSSE_BUILD_DIR");
    let build_dir = std::env::var("LIBSSE_BUILD_DIR")
        .expect("set LIBSSE_BUILD_DIR to a configured and built Meson build directory");
    let lib_dir = PathBuf::from(build_dir).join("capi");
    if !lib_dir.join("libsse.so").exists() {
        panic!("{} has no libsse.so: build it with ninja first", lib_dir.display());
    }
    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    println!("cargo:rustc-link-lib=dylib=sse");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib_dir.display());
    println!("cargo:rerun-if-changed={}", lib_dir.join("libsse.so").display());
}
