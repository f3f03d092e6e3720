#!/usr/bin/env python3
"""Trunk post-build hook (Trunk.toml, [[hooks]] stage = "post_build"): finishes the release build.

1. Minifies wasm-bindgen's JS glue with esbuild (tools/, from npm: Trunk's own JS minifier
   fails on the glue).
2. Names the glue and the wasm after a hash of their *final* bytes. Trunk hashes them before
   wasm-opt and minification, so a change of optimiser or flags alone would ship new bytes
   under an old name, which browsers keep for a year (`immutable`) and then refuse (SRI).
3. Joins the stylesheets into one file `style-<hash>.css` (one request instead of five; the
   gallery's example theme and own style only in a gallery build, where OTP_SPA_GALLERY=1;
   the banks' configurations for the gallery, public/gallery-banks, and axe-core removed from
   other builds).
4. Replaces Trunk's inline <script type="module"> loader, which a Content-Security-Policy
   without 'unsafe-inline' blocks, with a hashed file `loader-<hash>.js` loaded with
   `integrity`; the loader fetches the wasm with its integrity too (Chromium ignores
   `integrity` on a preload of the wasm, with a console warning), and begins with
   src/early_input.js.

It reads the staging directory from TRUNK_STAGING_DIR (or its first argument); debug builds
(`trunk serve`) only get step 4.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from wasm_split_step import MANIFEST, optimise, sri, split

INLINE = re.compile(r"<script type=\"?module\"?>(?P<body>.*?)</script>", re.S)
IMPORT = re.compile(r"import\s+init[^'\"]*from\s*['\"]/(?P<js>[^'\"]+)['\"]")
WASM = re.compile(r"module_or_path\s*:\s*['\"]/(?P<wasm>[^'\"]+)['\"]")
STYLESHEET = re.compile(r"<link[^>]*href=\"?/(?P<css>[^\"\s>]+\.css)\"?[^>]*>")
# Trunk's names of what only a gallery build keeps: the example theme, the gallery's own style.
GALLERY_ONLY = ("theme-example-", "gallery-")
# The banks' configurations the gallery offers (public/gallery-banks), also a gallery build's.
GALLERY_DIRS = ("gallery-banks",)
# axe-core, for the gallery's accessibility panel: a gallery build's too.
GALLERY_FILES = ("axe.min.js",)
INTEGRITY = re.compile(r'\s+integrity="?(?P<sri>sha384-[A-Za-z0-9+/=]+)"?')
EARLY_INPUT = Path(__file__).resolve().parent.parent / "src" / "early_input.js"
ESBUILD = Path(__file__).resolve().parent.parent / "tools" / "node_modules" / ".bin" / "esbuild"


def content_name(old: str, data: bytes) -> str:
    """`otp-portal-<trunk hash>_bg.wasm` -> `otp-portal-<hash of data>_bg.wasm`."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    renamed = re.sub(r"-[0-9a-f]{8,16}(?=(_bg)?\.)", f"-{digest}", old, count=1)
    if renamed == old:
        raise SystemExit(f"{old}: no Trunk hash in the name")
    return renamed


def tag_of(html: str, path: str) -> str:
    found = re.search(r"<link[^>]*" + re.escape(path) + r"[^>]*>", html)
    if found is None:
        raise SystemExit(f"index.html has no <link> for {path}")
    return found.group(0)


def minify(data: bytes) -> bytes:
    return subprocess.run(
        [str(ESBUILD), "--minify", "--format=esm", "--log-level=warning"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout


def join_styles(staging: Path, html: str) -> str:
    """The stylesheets in their order as one hashed file, linked once with its integrity."""
    gallery = os.environ.get("OTP_SPA_GALLERY") == "1"
    tags = list(STYLESHEET.finditer(html))
    if not tags:
        raise SystemExit("index.html links no stylesheet")
    parts = []
    for tag in tags:
        path = staging / tag.group("css")
        if gallery or not tag.group("css").startswith(GALLERY_ONLY):
            parts.append(path.read_bytes().strip())
        path.unlink()
    joined = b"\n".join(parts) + b"\n"
    name = f"style-{hashlib.sha256(joined).hexdigest()[:16]}.css"
    (staging / name).write_bytes(joined)
    link = f'<link rel="stylesheet" href="/{name}" integrity="{sri(joined)}">'
    html = html[: tags[0].start()] + link + html[tags[0].end() :]
    for tag in tags[1:]:
        html = html.replace(tag.group(0), "")
    print(f"{len(tags)} stylesheets joined into {name} ({len(joined)} bytes)")
    return html


def name_split_loader(staging: Path, glue: bytes, loader: bytes, js_name: str, release: bool):
    """The chunk loader and the glue import each other; each is named after bytes that fix
    the other's: the loader after its own text and the glue's (as it is before it names the
    loader), the glue after its final text. Returns the glue and the loader's modulepreload
    tag (with its integrity)."""
    if release:
        loader = minify(loader)
    # Only the import specifiers: the glue also names the wasm's import module
    # "./__wasm_split.js", which must stay.
    glue_ref = re.compile(rb"""(from\s*)(["'])\./otp-portal\.js\2""")
    loader_ref = re.compile(rb"""(from\s*)(["'])\./__wasm_split\.js\2""")
    if not loader_ref.search(glue) or len(glue_ref.findall(loader)) != 1:
        raise SystemExit("the glue and the chunk loader do not import each other as expected")
    digest = hashlib.sha256(loader + hashlib.sha256(glue).digest()).hexdigest()[:16]
    loader_name = f"__wasm_split-{digest}.js"
    glue = loader_ref.sub(lambda m: m.group(1) + f'"./{loader_name}"'.encode(), glue)
    glue_name = content_name(js_name, glue)
    loader = glue_ref.sub(lambda m: m.group(1) + f'"./{glue_name}"'.encode(), loader)
    (staging / loader_name).write_bytes(loader)
    tag = f'<link rel="modulepreload" href="/{loader_name}" integrity="{sri(loader)}" crossorigin="anonymous">'
    return glue, tag


# The lazy routes a page can be opened on (src/app.rs), by path, their split points, and what
# they read from the API as soon as they are shown (beside the configuration, which every
# screen reads): a deep link (a reload on home, a bookmark of a help page) fetches its route's
# chunks, and preloads those answers, beside the first module instead of after it (the app's
# own requests take the preloaded answers: same URL, same credentials). The split points that
# are no route's are named below; a new split point fails the build until it is in one list or
# the other. The API paths are otp-api's (a test in src/lazy.rs reads this table).
DEEP_LINKS = [
    (r"^/login/otp$", "login_otp", []),
    (r"^/home$", "home", ["/session", "/passkeys"]),
    (r"^/activity(/|$)", "activity", []),
    (r"^/activate$", "activate", []),
    (r"^/exchange$", "exchange", []),
    (r"^/stop$", "stop", []),
    (r"^/procedures/", "procedure", []),
    (r"^/help/otp$", "help_otp", []),
    (r"^/help/keyboard$", "help_keyboard", []),
]
NOT_ROUTES = {"english", "login_passkey", "problem_page"}


DEEP_LINK_TABLE = '<script type="application/json" id="deep-links">{}</script>'


def deep_link_fetches(staging: Path) -> tuple[bytes, str]:
    """The loader's lines that fetch the opened route's chunks and API answers at once, and the
    table they read: on a lazy route's path the loader preloads `/config` and the route's reads
    (at the API's base, index.html's `otp-api-base` or /api/v1) and fetches the route's files,
    listed in a `<script type="application/json">` of the page (data, never run: the CSP allows
    no inline script) that prerender.py leaves out of the login screen's page. The chunk loader
    fetches the files again with their integrity when the route is shown; the browser's cache
    answers it (the files are immutable; the body is read so that the cache entry completes)."""
    manifest = staging / MANIFEST
    if not manifest.exists():
        return b"", ""
    chunks = json.loads(manifest.read_bytes())
    routed = {name for _, name, _ in DEEP_LINKS}
    if routed | NOT_ROUTES != set(chunks):
        raise SystemExit(f"split points and DEEP_LINKS differ: {sorted(set(chunks) ^ (routed | NOT_ROUTES))}")
    files = json.dumps({name: chunks[name] for name in sorted(routed)}, separators=(",", ":"))
    table = json.dumps([list(link) for link in DEEP_LINKS], separators=(",", ":"))
    loader = (
        f"for(const[p,n,a]of {table})if(new RegExp(p).test(location.pathname)){{"
        "const b=document.querySelector('meta[name=otp-api-base]')?.content||'/api/v1';"
        "for(const r of['/config',...a]){const l=document.createElement('link');"
        "l.rel='preload';l.as='fetch';l.crossOrigin='use-credentials';l.href=b+r;"
        "document.head.append(l)}"
        "const f=document.getElementById('deep-links');"
        "for(const c of f?JSON.parse(f.textContent)[n]:[])"
        "fetch('/'+c).then(r=>r.arrayBuffer()).catch(()=>{});break}\n"
    ).encode()
    return loader, DEEP_LINK_TABLE.format(files)


def main() -> int:
    staging = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"])
    release = os.environ.get("TRUNK_PROFILE") == "release"
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    found = INLINE.search(html)
    if found is None:
        print(f"{index}: no inline module loader (already processed?)", file=sys.stderr)
        return 1
    js, wasm = IMPORT.search(found.group("body")), WASM.search(found.group("body"))
    if js is None or wasm is None:
        print(f"{index}: unexpected Trunk loader:\n{found.group('body')}", file=sys.stderr)
        return 1
    html = html[: found.start()] + "<!--loader-->" + html[found.end() :]
    js_name, wasm_name = js.group("js"), wasm.group("wasm")

    if release:
        html = join_styles(staging, html)
        if os.environ.get("OTP_SPA_GALLERY") != "1":
            for name in GALLERY_DIRS:
                shutil.rmtree(staging / name, ignore_errors=True)
            for name in GALLERY_FILES:
                (staging / name).unlink(missing_ok=True)

    # The lazy routes: the split main module and glue in Trunk's place, the chunks beside,
    # optimised. Without lazy routes (a build without the `split` feature), Trunk's own module
    # is optimised here instead: Trunk runs no wasm-opt (index.html), so it happens once.
    split_loader = split(staging, js_name, wasm_name, release)
    if split_loader is None and release:
        optimise(staging / wasm_name)

    # The glue: minified (release), renamed after its bytes, its preload's integrity renewed.
    glue = (staging / js_name).read_bytes()
    if release:
        before = len(glue)
        glue = minify(glue)
        print(f"{js_name}: minified {before} -> {len(glue)} bytes")
    if split_loader is not None:
        glue, split_tag = name_split_loader(staging, glue, split_loader, js_name, release)
        html = html.replace("<!--loader-->", split_tag + "<!--loader-->")
    new_js = content_name(js_name, glue)
    (staging / js_name).unlink()
    (staging / new_js).write_bytes(glue)
    old_tag = tag_of(html, "/" + js_name)
    new_tag = INTEGRITY.sub(f' integrity="{sri(glue)}"', old_tag).replace(js_name, new_js)
    html = html.replace(old_tag, new_tag)

    # The wasm: renamed after its bytes; its integrity moves from the preload to the loader.
    wasm_bytes = (staging / wasm_name).read_bytes()
    new_wasm = content_name(wasm_name, wasm_bytes)
    (staging / wasm_name).rename(staging / new_wasm)
    old_tag = tag_of(html, "/" + wasm_name)
    html = html.replace(old_tag, INTEGRITY.sub("", old_tag).replace(wasm_name, new_wasm))

    # The loader: a file, loaded with integrity. The app needs neither window.wasmBindings
    # nor Trunk's TrunkApplicationStarted event. It begins with src/early_input.js (the
    # prerendered login screen's buttons, before the app is up) and imports the glue
    # dynamically, so that those lines run as soon as the page is parsed, not once the glue
    # has arrived; the wasm's fetch starts at the same moment.
    early = EARLY_INPUT.read_bytes()
    deep_links, deep_link_table = deep_link_fetches(staging)
    loader = early + (
        f"startApp(()=>{{const wasm=fetch('/{new_wasm}',{{integrity:'{sri(wasm_bytes)}'}});"
        f"import('/{new_js}').then(m=>m.default({{module_or_path:wasm}}))}});\n"
    ).encode() + deep_links
    if release:
        loader = minify(loader)
    loader_name = f"loader-{hashlib.sha256(loader).hexdigest()[:16]}.js"
    (staging / loader_name).write_bytes(loader)
    script = (
        f'<script type="module" src="/{loader_name}" integrity="{sri(loader)}" '
        'crossorigin="anonymous"></script>'
    )
    html = html.replace("<!--loader-->", script)
    if deep_link_table:
        html, found = re.subn(r"</body>", lambda _: deep_link_table + "</body>", html, count=1)
        if found != 1:
            raise SystemExit(f"{index}: no </body>")

    index.write_text(html, encoding="utf-8")
    print(f"loader {loader_name}, glue {new_js}, wasm {new_wasm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
