#!/usr/bin/env bash
# Builds the app's wasm and its JS glue into Trunk's staging directory.
# Trunk runs this as its post_build hook (Trunk.toml); Trunk itself handles
# index.html, the CSS and the assets.
#
# Release (`trunk build --release`, what `make app` runs): the code is split.
#   1. cargo builds with the `split` feature and `--emit-relocs`, so that
#      wasm-split-cli can move each page of src/pages/lazy.rs, and the code
#      only it uses, into a module of its own, loaded the first time the page
#      opens. `--cfg erase_components` makes components return type-erased
#      views, which is smaller.
#   2. wasm-split-cli writes the main module, the split modules and
#      __wasm_split.js, their loader.
#   3. wasm-bindgen makes the main module's JS glue, keeping the exports the
#      split modules link against.
#   4. wasm-opt -Oz (Debian's binaryen) shrinks every module.
# The release profile strips symbols (.cargo/config.toml), so no module
# carries a name section; wasm-split-cli needs only the relocations.
# Reference types are off (`-reference-types`): binaryen 108 rewrites the
# externref table wasm-bindgen makes with them into one the browser rejects
# ("WebAssembly.Table.set(): Argument 1 is invalid for table"). Without them
# wasm-bindgen keeps JS values in a table on the JS side, as it long did.
# The features rustc does use are named for wasm-opt, since the stripped
# module no longer lists them.
#
# Debug (`trunk build`): one module, no splitting.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${TRUNK_STAGING_DIR:?"run by trunk (post_build hook), or set TRUNK_STAGING_DIR"}
profile=${TRUNK_PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-target}
name=cairn-app

if [ "$profile" = release ]; then
  split_target="$target_dir/split"
  RUSTFLAGS="-Clink-args=--emit-relocs --cfg erase_components -Ctarget-feature=-reference-types" \
    cargo build --release --locked --target wasm32-unknown-unknown \
    -p cairn-app --bin "$name" --features split --target-dir "$split_target"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  wasm-split-cli --target web --out-name "$name" \
    "$split_target/wasm32-unknown-unknown/release/$name.wasm" "$work"
  wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
    --remove-name-section --remove-producers-section \
    --out-name "$name" --out-dir "$out" "$work/$name.wasm"
  rm "$work/$name.wasm"
  cp "$work"/*.wasm "$work/__wasm_split.js" "$out/"
  for f in "$out"/*.wasm; do
    # (binaryen 108 warns about a name subsection it does not know; harmless.)
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext \
      --enable-nontrapping-float-to-int --enable-mutable-globals \
      --enable-multivalue "$f" -o "$f" 2> >(grep -v "unknown name subsection" >&2)
  done
  # A gzip copy of every file (-9), which the server sends to browsers that
  # accept gzip: the bytes `make bench-size` reports are the bytes served.
  find "$out" -type f ! -name '*.gz' -exec gzip -9 -k -f {} +
else
  cargo build --locked --target wasm32-unknown-unknown -p cairn-app --bin "$name"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$out" \
    "$target_dir/wasm32-unknown-unknown/debug/$name.wasm"
fi
