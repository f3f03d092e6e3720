#!/usr/bin/env python3
"""Inserts the rendered login screen (from Chromium's --dump-dom) into index.html as a live copy.

Its fields take typing from the first paint; its ログイン is made a plain button, so that the
form never submits by itself; the app's root beside it is hidden until the app takes over
(src/early_input.js marks a press, carries the values into the app and honours the press).

The page as it was is kept beside it as `app.html`: the answer to every other client-side
route (/home, /procedures/...), which must not flash the login screen before the app starts.

    prerender.py INDEX_HTML DUMPED_DOM      (see scripts/prerender.sh)
"""

import re
import sys
from pathlib import Path

MARKER = '<div id="prerender">'
SUBMIT = '<button class="button button--primary" type="submit"'
PRELOAD = '<link rel="preload" href="/api/v1/config" as="fetch" crossorigin="use-credentials">'
# The deep links' table of the files each lazy route fetches (trunk-post-build.py).
DEEP_LINKS = re.compile(r'<script type="application/json" id="deep-links">.*?</script>', re.S)
# The preloads of the app's first module (the glue, the chunk loader, the wasm).
MODULE_PRELOAD = re.compile(r'<link(?=[^>]*\brel="?(?:module)?preload\b)(?=[^>]*\bhref="?/[^"\s>]+(?:\.js|_bg\.wasm)\b)[^>]*>')


def main() -> int:
    index, dumped = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>(?P<body>.*)</body>", dumped, re.S)
    if body is None or "page--login" not in body.group("body"):
        print(f"prerender: the login screen did not render:\n{dumped[:2000]}", file=sys.stderr)
        return 1
    app = re.sub(r"<noscript>.*?</noscript>", "", body.group("body"), flags=re.S)
    app = DEEP_LINKS.sub("", app)
    app = re.sub(r"<!---->|<!--[^>]*-->", "", app)
    # The bank's name comes from the bank's API at run time; its line keeps its height.
    app, named = re.subn(
        r'(<span class="site-header__name"><span class="site-header__logo"[^>]*></span>)[^<]*',
        r"\1",
        app,
    )
    if named != 1:
        print("prerender: no bank name in the header", file=sys.stderr)
        return 1
    app = re.sub(r">\s+<", "><", app.strip())
    # The app's root (index.html's `<div id="app">`, src/main.rs) is not copied: the live
    # app mounts into its own, beside the copy.
    root = re.fullmatch(r'<div id="app">(?P<inner>.*)</div>', app, re.S)
    if root is None:
        print(f"prerender: the app is not in its #app root:\n{app[:500]}", file=sys.stderr)
        return 1
    app = root.group("inner")
    # The one submit button becomes a plain one: without a submit button a form of two fields
    # never submits implicitly (Enter), so nothing typed can leave in a URL before the app.
    if app.count(SUBMIT) != 1 or app.count('type="submit"') != 1:
        print("prerender: expected one submit button, ログイン", file=sys.stderr)
        return 1
    app = app.replace(SUBMIT, SUBMIT.replace('"submit"', '"button"'))
    html = index.read_text(encoding="utf-8")
    if MARKER in html:
        print(f"prerender: {index} already has a prerendered screen", file=sys.stderr)
        return 1
    # Before the app's root, which stays hidden until the app takes over from the copy.
    html, found = re.subn(
        r'<div id="?app"?>\s*</div>', lambda _: f'{MARKER}{app}</div><div id="app" hidden></div>', html
    )
    if found != 1:
        print(f"prerender: no empty <div id=app> in {index}", file=sys.stderr)
        return 1
    # The login screen also fetches the bank's configuration beside the wasm (the screens wait
    # for it; the app's own request takes this answer). Only here: app.html serves every other
    # route, the gallery's among them, which must not call the API.
    html, found = re.subn(r"</head>", lambda _: PRELOAD + "</head>", html, count=1)
    if found != 1:
        print(f"prerender: no </head> in {index}", file=sys.stderr)
        return 1
    # The copy's page fetches the app's first module once it has painted (src/early_input.js),
    # not at once: its preloads go. app.html keeps them (nothing to paint before the app).
    html, preloads = MODULE_PRELOAD.subn("", html)
    if preloads == 0:
        print(f"prerender: no preload of the app's first module in {index}", file=sys.stderr)
        return 1
    # The deep links' table (trunk-post-build.py) is for the other routes' page only.
    html = DEEP_LINKS.sub("", html)
    (index.parent / "app.html").write_text(index.read_text(encoding="utf-8"), encoding="utf-8")
    index.write_text(html, encoding="utf-8")
    print(f"prerendered the login screen into {index} ({len(app)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
