"""The lazy routes' split (called by trunk-post-build.py before it names and hashes the files).

Trunk builds the wasm and its glue the usual way; this step cuts the same cargo output into the
first module and one chunk per lazy route (`#[wasm_split]` in src/), as cargo-leptos's `--split`
does, and puts them in Trunk's place:

1. `wasm-split-cli` on the raw cargo wasm (linked with `--emit-relocs`: build.rs) writes the
   main module, the chunks and the chunk loader `__wasm_split.js`;
2. `wasm-bindgen --target web --keep-lld-exports` on the main module only (the chunks share its
   memory and function table through those exports);
3. `wasm-opt -Oz` on the main module and on each chunk (release builds).

The chunks are named after their bytes; the loader fetches each with its integrity.
"""

import base64
import hashlib
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WASM_OPT_FLAGS = ["-Oz", "--converge", "--strip-producers", "--enable-bulk-memory",
                  "--enable-nontrapping-float-to-int"]
CHUNK_FETCH = re.compile(r'fetch\(new URL\("\./(?P<name>[A-Za-z0-9_]+)\.wasm", import\.meta\.url\)\)')
# In the loader: a shared chunk, and a split point's own chunk with the shared ones it needs.
SHARED = re.compile(r'const (?P<var>__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./(?P<file>[^"]+)"')
SPLIT = re.compile(r'export const __wasm_split_load_(?P<name>\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
                   r'const src = fetch\(new URL\("\./(?P<file>[^"]+)".*?\n, \[(?P<deps>[^\]]*)\]\)\)', re.S)
# What each split point fetches, for scripts/size-report.sh (its budget per route).
MANIFEST = "chunks.json"


def manifest(loader: str, names: dict[str, str]) -> dict[str, list[str]]:
    """Each split point's files (its own chunk first, then the shared ones), as hashed."""
    shared = {m["var"]: names[m["file"]] for m in SHARED.finditer(loader)}
    routes = {}
    for m in SPLIT.finditer(loader):
        deps = [d.strip() for d in m["deps"].split(",") if d.strip()]
        routes[m["name"]] = [names[m["file"]], *(shared[d] for d in deps)]
    if not routes:
        raise SystemExit("no split point found in the chunk loader")
    return routes


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def raw_wasm(release: bool) -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    profile = "wasm-release" if release else "debug"
    return target / "wasm32-unknown-unknown" / profile / "otp-portal.wasm"


def run(*args: str) -> None:
    subprocess.run(list(args), check=True)


def optimise(wasm: Path) -> None:
    """wasm-opt -Oz on `wasm`, in place (release builds: the one optimising pass)."""
    run("wasm-opt", *WASM_OPT_FLAGS, str(wasm), "-o", str(wasm))


def split(staging: Path, js_name: str, wasm_name: str, release: bool) -> bytes | None:
    """Replaces Trunk's glue and wasm with the split ones and writes the chunks; returns the
    chunk loader's text (it imports the glue as `./otp-portal.js`, and the glue imports it as
    `./__wasm_split.js`: trunk-post-build.py names both), or None when nothing is lazy."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run("wasm-split-cli", str(raw_wasm(release)), str(out), "--out-name", "otp-portal")
        chunks = sorted(p for p in out.glob("*.wasm") if p.name != "otp-portal.wasm")
        if not chunks:
            return None
        run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-demangle",
            "--no-typescript", "--out-dir", str(out / "bg"), str(out / "otp-portal.wasm"))
        main = out / "bg" / "otp-portal_bg.wasm"
        if release:
            for wasm in [main, *chunks]:
                optimise(wasm)
        (staging / wasm_name).write_bytes(main.read_bytes())
        (staging / js_name).write_bytes((out / "bg" / "otp-portal.js").read_bytes())
        loader = (out / "__wasm_split.js").read_text(encoding="utf-8")
        original, names = loader, {}
        for chunk in chunks:
            data = chunk.read_bytes()
            name = f"{chunk.stem}-{hashlib.sha256(data).hexdigest()[:16]}.wasm"
            (staging / name).write_bytes(data)
            loader = loader.replace(
                f'fetch(new URL("./{chunk.name}", import.meta.url))',
                f'fetch(new URL("./{name}", import.meta.url), {{integrity: "{sri(data)}"}})',
            )
            names[chunk.name] = name
            print(f"chunk {name}: {len(data)} bytes")
        if CHUNK_FETCH.search(loader):
            raise SystemExit("the chunk loader fetches a chunk this step did not name")
        (staging / MANIFEST).write_text(json.dumps(manifest(original, names), indent=1) + "\n")
        return loader.encode()
