#!/usr/bin/env python3
"""Inserts the rendered login screen (from Chromium's --dump-dom) into index.html as an inert copy.

The page as it was is kept beside it as `app.html`: the answer to every other client-side
route (/home, /procedures/...), which must not flash the login screen before the app starts.

    prerender.py INDEX_HTML DUMPED_DOM      (see scripts/prerender.sh)
"""

import re
import sys
from pathlib import Path

MARKER = '<div id="prerender" inert>'
PRELOAD = '<link rel="preload" href="/api/v1/config" as="fetch" crossorigin="use-credentials">'


def main() -> int:
    index, dumped = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>(?P<body>.*)</body>", dumped, re.S)
    if body is None or "page--login" not in body.group("body"):
        print(f"prerender: the login screen did not render:\n{dumped[:2000]}", file=sys.stderr)
        return 1
    app = re.sub(r"<noscript>.*?</noscript>", "", body.group("body"), flags=re.S)
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
    html = index.read_text(encoding="utf-8")
    if MARKER in html:
        print(f"prerender: {index} already has a prerendered screen", file=sys.stderr)
        return 1
    # After the <noscript> message, which a browser without JavaScript shows first.
    shell = f"{MARKER}{app}</div>"
    html, found = re.subn(r"</noscript>", lambda _: "</noscript>" + shell, html, count=1)
    if found != 1:
        html, found = re.subn(r"<body>", lambda _: "<body>" + shell, html, count=1)
    if found != 1:
        print(f"prerender: no <body> in {index}", file=sys.stderr)
        return 1
    # The login screen also fetches the bank's configuration beside the wasm (the screens wait
    # for it; the app's own request takes this answer). Only here: app.html serves every other
    # route, the gallery's among them, which must not call the API.
    html, found = re.subn(r"</head>", lambda _: PRELOAD + "</head>", html, count=1)
    if found != 1:
        print(f"prerender: no </head> in {index}", file=sys.stderr)
        return 1
    (index.parent / "app.html").write_text(index.read_text(encoding="utf-8"), encoding="utf-8")
    index.write_text(html, encoding="utf-8")
    print(f"prerendered the login screen into {index} ({len(app)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
