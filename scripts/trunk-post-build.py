#!/usr/bin/env python3
"""Trunk post-build hook: moves Trunk's inline module loader into a hashed file with SRI.

A Content-Security-Policy without 'unsafe-inline' blocks the inline <script type="module">
that Trunk writes into index.html to start the wasm. This hook (Trunk.toml, [[hooks]]
stage = "post_build") replaces it with a file `loader-<hash>.js`, loaded with
`integrity="sha384-..."`, so the page runs under `script-src 'self' 'wasm-unsafe-eval'`.
In release builds it also minifies wasm-bindgen's JS glue with esbuild (tools/, from npm:
Trunk's own JS minifier fails on the glue) and renews that file's integrity in index.html.
It reads the staging directory from TRUNK_STAGING_DIR (or its first argument).
"""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

INLINE = re.compile(r"<script type=\"?module\"?>(?P<body>.*?)</script>", re.S)
IMPORT = re.compile(r"import\s+init[^'\"]*from\s*['\"](?P<js>[^'\"]+)['\"]")
WASM = re.compile(r"module_or_path\s*:\s*['\"](?P<wasm>[^'\"]+)['\"]")


ESBUILD = Path(__file__).resolve().parent.parent / "tools" / "node_modules" / ".bin" / "esbuild"


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def minify_glue(staging: Path, html: str, js: str) -> str:
    """Minifies the glue module in place and returns `html` with its new integrity."""
    path = staging / js.lstrip("/")
    before = path.read_bytes()
    old = sri(before)
    after = subprocess.run(
        [str(ESBUILD), "--minify", "--format=esm", "--log-level=warning"],
        input=before,
        capture_output=True,
        check=True,
    ).stdout
    path.write_bytes(after)
    if old not in html:
        raise SystemExit(f"the integrity of {js} is not in index.html")
    print(f"{js}: minified {len(before)} -> {len(after)} bytes")
    return html.replace(old, sri(after))


def main() -> int:
    staging = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"])
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    found = INLINE.search(html)
    if found is None:
        print(f"{index}: no inline module loader to move (already done?)", file=sys.stderr)
        return 0 if 'src="/loader-' in html else 1
    body = found.group("body")
    js, wasm = IMPORT.search(body), WASM.search(body)
    if js is None or wasm is None:
        print(f"{index}: unexpected Trunk loader:\n{body}", file=sys.stderr)
        return 1
    if os.environ.get("TRUNK_PROFILE") == "release" and not os.environ.get("NO_ESBUILD"):
        html = minify_glue(staging, html, js.group("js"))
        found = INLINE.search(html)
    # wasm-bindgen's init() fetches the wasm without integrity (Chromium ignores it on the
    # preload, with a warning): the loader fetches it with the preload's integrity instead.
    wasm_path = wasm.group("wasm")
    preload = re.search(r"<link[^>]*" + re.escape(wasm_path) + r"[^>]*>", html)
    integrity = preload and re.search(r'\s+integrity="?(?P<sri>sha384-[A-Za-z0-9+/=]+)"?', preload.group(0))
    if integrity is None:
        print(f"{index}: no preload with integrity for {wasm_path}", file=sys.stderr)
        return 1
    tag_without = preload.group(0).replace(integrity.group(0), "")
    html = html.replace(preload.group(0), tag_without)
    found = INLINE.search(html)
    # The app needs neither window.wasmBindings nor the TrunkApplicationStarted event.
    loader = (
        f"import init from'{js.group('js')}';"
        f"init({{module_or_path:fetch('{wasm_path}',{{integrity:'{integrity.group('sri')}'}})}});\n"
    )
    data = loader.encode()
    name = f"loader-{hashlib.sha256(data).hexdigest()[:16]}.js"
    (staging / name).write_bytes(data)
    tag = f'<script type="module" src="/{name}" integrity="{sri(data)}" crossorigin="anonymous"></script>'
    index.write_text(html[: found.start()] + tag + html[found.end() :], encoding="utf-8")
    print(f"loader moved to {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
