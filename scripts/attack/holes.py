"""The attacks of the issue "Still getting through", against the third server (behind a
trusted proxy at 127.0.0.1, serving --static, a database of its own): memory grown through
the metrics' labels, X-Forwarded-For erased by one bad entry or split by ports, a planted
browser cookie, dotfiles and symlinks, sessions without a cap, and a demo cap that shuts the
demo for everyone (see attacks.py).
"""

import random
import socket
import sqlite3
import string

from common import *  # noqa: F401,F403  (the shared helpers and servers)


def proxied(method, path, forwarded=None, body=None, cookie=None, prefix="/api/v1"):
    """A request to the third server as its proxy passes it on (from 127.0.0.1, the trusted
    proxy), with `forwarded` as X-Forwarded-For."""
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return call(method, path, body, cookie=cookie, headers=headers, port=PORT3, prefix=prefix)


def db3(sql, *args):
    """One statement on the third server's SQLite file, behind its back."""
    conn = sqlite3.connect(DB3, timeout=10)
    try:
        rows = conn.execute(sql, args).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def raw_request(method, path):
    """One request with any method token, on its own connection; the status line's code."""
    with socket.create_connection((HOST, PORT3), timeout=30) as s:
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{PORT3}\r\n"
                  f"Origin: http://{HOST}:{PORT3}\r\nContent-Length: 0\r\n"
                  "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def random_token(n):
    return "".join(random.choices(string.ascii_uppercase, k=n))


def metrics_labels():
    """Unique methods and paths, as any stranger may send them: the metrics' label sets
    (kept for the process's life) must not grow the server's memory. One round first (the
    allocator keeps the buffers of such requests for reuse), then the same again: nothing
    kept means no growth."""
    def one_round():
        return [raw_request(random_token(32 * 1024), f"/api/v1/{random_token(16)}")
                for _ in range(300)] + \
               [raw_request(random_token(300 * 1024), f"/api/v1/{random_token(16)}")
                for _ in range(50)]
    start_rss = vm_kib("VmRSS", PID3)
    one_round()
    before = vm_kib("VmRSS", PID3)
    start = time.monotonic()
    statuses = one_round()
    seconds = time.monotonic() - start
    after = vm_kib("VmRSS", PID3)
    grown = (after - before) / 1024
    codes = {c: statuses.count(c) for c in sorted(set(statuses))}
    report("300 unique 32 KB methods and 50 of 300 KB on random paths, twice", grown < 2,
           f"RSS {start_rss / 1024:.1f} MB, after the first round {before / 1024:.1f} MB, after "
           f"the second {after / 1024:.1f} MB (+{grown:.1f} MB) in {seconds:.1f} s, answers "
           f"{codes} (was: +10.2 MB for 300 of 32 KB, +21.7 MB for 50 of 300 KB, every round)")


def audited_client(contract_id):
    rows = db3("SELECT client_addr FROM audit WHERE contract_id = ? ORDER BY id LIMIT 1",
               contract_id)
    return rows[0][0] if rows else None


def wrong_logins(forwarded, first, n):
    return [proxied("POST", "/login", forwarded,
                    {"contract_id": f"{first + i:010d}", "password": "wrong123"})
            for i in range(n)]


def forwarded_bogus_entry():
    """The client writes a bogus entry; the proxy appends the client's address after it."""
    answers = wrong_logins("bogus, 198.51.100.77", 9_100_000_000, 31)
    counts = tally(answers)
    client = audited_client("9100000000")
    report("X-Forwarded-For: bogus, <the client> (31 wrong passwords)",
           counts.get("rate_limited", 0) >= 1 and client == "198.51.100.77",
           f"{counts}; audited as {client} (was: counted and audited as the proxy, 401 "
           "where 429 was due)")


def forwarded_with_ports():
    """A proxy that writes ports: each customer must keep a bucket of their own."""
    first = tally(wrong_logins("198.51.100.81:40001", 9_200_000_000, 31))
    other = tally(wrong_logins("198.51.100.82:40001", 9_200_000_100, 1))
    again = tally(wrong_logins("[2001:db8:7::1]:443", 9_200_000_200, 1))
    held = first.get("rate_limited", 0) >= 1 and other == {"invalid_credentials": 1} \
        and again == {"invalid_credentials": 1}
    report("a proxy that writes ip:port and [v6]:port", held,
           f"client A {first}, then client B {other}, an IPv6 client {again} (was: everyone "
           "in one bucket, 30 wrong passwords refused every customer)")


def planted_browser_cookie():
    planted = "otp_browser=planted-by-a-sibling-site"
    status, _, body, cookies = proxied("POST", "/procedures", body={
        "kind": "activate", "contract_id": "0123456789", "password": "demo1234"}, cookie=planted)
    assert status == 201, body
    pid = body["id"]
    read = proxied("GET", f"/procedures/{pid}", cookie=planted)
    own = proxied("GET", f"/procedures/{pid}", cookie=cookies[0]) if cookies else (0,)
    report("a browser cookie planted before the procedure starts",
           read[0] == 404 and own[0] == 200 and cookies[0] != planted,
           f"the planter's GET: {read[0]} {code_of(read)}; the customer's new cookie: {own[0]}")


def static_files():
    paths = ["/.secret", "/.git/config", "/%2egit/config", "/%2Esecret", "/assets/../.secret",
             "/passwd-link", "/etc-link/hostname", "/etc-link/", "/%65tc-link/hostname"]
    answers = {p: proxied("GET", p, prefix="") for p in paths}
    leaked = [p for p, a in answers.items() if a[0] != 404]
    statuses = sorted({a[0] for a in answers.values()})
    report("dotfiles and symlinks out of --static", not leaked,
           f"{len(paths)} paths: statuses {statuses}{', served ' + str(leaked) if leaked else ''} "
           "(was: /.secret, /.git/config and both symlinks served)")


def sessions_without_a_cap():
    cookies = []
    for i in range(60):
        _, _, _, set_cookies = proxied("POST", "/login", f"198.51.100.{100 + i % 50}",
                                       {"contract_id": "0123456789", "password": "demo1234"})
        cookies += set_cookies[:1]
    live = db3("SELECT COUNT(*) FROM sessions WHERE contract_id = '0123456789'")[0][0]
    first = proxied("GET", "/session", cookie=cookies[0])
    last = proxied("GET", "/session", cookie=cookies[-1])
    report("60 logins of one customer", live <= 5 and first[0] == 401 and last[0] == 200,
           f"{live} live sessions left; the first login's session {first[0]} "
           f"{code_of(first)}, the last one's {last[0]} (was: 500 logins, 500 sessions)")


def demo_cap_for_everyone():
    """50 addresses take demo tokens until the global cap; the demo must reopen in minutes."""
    start = time.monotonic()
    answers = burst(50, lambda i: [
        proxied("POST", "/demo/tokens", f"198.51.100.{1 + i}", body={}) for _ in range(25)],
        workers=10)
    seconds = time.monotonic() - start
    counts = tally([a for per_address in answers for a in per_address])
    visitor = proxied("POST", "/demo/tokens", "203.0.113.50", body={})
    wait = int(visitor[1].get("retry-after", "0"))
    # Ten minutes later, as the server's clock would see them: the tokens taken aged 601 s.
    db3("UPDATE tokens SET provisioned_at = provisioned_at - 601 "
        "WHERE serial LIKE 'DEMO%' AND status = 'available'")
    later = proxied("POST", "/demo/tokens", "203.0.113.51", body={})
    held = visitor[0] == 429 and 0 < wait <= 600 and later[0] == 201
    report("50 addresses filling the demo's cap", held,
           f"{counts} in {seconds:.1f} s; the next visitor {visitor[0]} {code_of(visitor)} "
           f"Retry-After {wait} s; ten minutes on: {later[0]} (was: closed for up to a day)")


ATTACKS = [static_files, metrics_labels, forwarded_bogus_entry, forwarded_with_ports,
           planted_browser_cookie, sessions_without_a_cap, demo_cap_for_everyone]
