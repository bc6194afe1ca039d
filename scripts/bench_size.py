#!/usr/bin/env python3
"""The app's download sizes from dist/, gzip -9 as served (`make bench-size`).

Initial download: what the first page needs whatever the route: index.html,
the CSS, the main module's JS glue and wasm, and the split loader
(__wasm_split.js). Then, for each lazily loaded page (src/pages/lazy.rs), what
opening it first adds: its split module and the shared chunks
__wasm_split.js lists for it.
"""
import gzip
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")


def gz(path):
    """The bytes served: the gzip copy `make app` wrote, else gzip -9 now."""
    copy = path.with_name(path.name + ".gz")
    if copy.exists():
        return copy.stat().st_size
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


initial = [dist / "index.html"] + sorted(dist.glob("*.css"))
initial += [dist / "cairn-app.js", dist / "cairn-app_bg.wasm", dist / "__wasm_split.js"]
total = 0
for f in initial:
    n = gz(f)
    total += n
    print(f"{f.name:60} {f.stat().st_size:9} bytes raw {n:8} bytes gzip")
print(f"bench: initial download, gzip: {total} bytes")

loader = (dist / "__wasm_split.js").read_text()
chunks = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', loader))
pages = re.findall(
    r'export const __wasm_split_load_([a-z_]+?)_\d+ = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
    r'const src = fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]\)\);',
    loader,
    re.S,
)
if not pages:
    sys.exit("bench_size: no split pages found in __wasm_split.js")
for page, module, deps in pages:
    files = [module] + [chunks[d.strip()] for d in deps.split(",") if d.strip()]
    extra = sum(gz(dist / f) for f in files)
    print(f"bench: {page} adds, gzip: {extra} bytes ({len(files)} files); first visit there: {total + extra} bytes")
