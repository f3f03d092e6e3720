#!/usr/bin/env python3
"""Open-loop load: POST /login at a steady rate, whatever the answers' latency.

A closed-loop tool (wrk) waits for an answer before sending the next request, so a slow
server is asked less and its latency looks better than what customers see. Here request n
is due at start + n / rate; its latency counts from that due time (no coordinated omission).
Half the attempts use a known contract with its password, half an unknown contract ID: both
cost exactly one argon2 hash, so their latencies must match (no timing oracle).

    open_loop.py BASE_URL CONTRACT_ID PASSWORD [RATE_PER_S] [SECONDS]
"""

import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def login(base: str, contract_id: str, password: str) -> int:
    body = json.dumps({"contract_id": contract_id, "password": password}).encode()
    request = urllib.request.Request(
        f"{base}/login", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def percentile(values: list, p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    base, contract_id, password = sys.argv[1:4]
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 20.0
    total = int(rate * seconds)
    results = {"known": [], "unknown": []}
    statuses = {}
    lock = threading.Lock()

    def one(n: int, due: float) -> None:
        known = n % 2 == 0
        who = (contract_id, password) if known else (f"{9_000_000_000 + n:010d}", "wrong123")
        status = login(base, *who)
        latency = time.monotonic() - due
        with lock:
            if status != 503:  # a refusal before hashing says nothing of the hashing's latency
                results["known" if known else "unknown"].append(latency)
            statuses[status] = statuses.get(status, 0) + 1

    start = time.monotonic() + 0.5
    with ThreadPoolExecutor(max_workers=256) as pool:
        for n in range(total):
            due = start + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, n, due)
    elapsed = time.monotonic() - start
    everything = results["known"] + results["unknown"]
    judged = statuses.get(200, 0) + statuses.get(401, 0)
    print(f"open loop: {total} logins at {rate:g}/s for {seconds:g} s (sent over {elapsed:.1f} s)")
    print(f"  answers: {dict(sorted(statuses.items()))}  (200 known contract, 401 unknown, "
          "503 every hashing slot busy)")
    print(f"  judged: {judged / elapsed:.1f} logins/s")
    for name, values in [("all", everything), ("known ID", results["known"]), ("unknown ID", results["unknown"])]:
        ms = [v * 1000 for v in values]
        print(
            f"  {name:<10} p50 {percentile(ms, 50):7.1f} ms   p90 {percentile(ms, 90):7.1f} ms"
            f"   p99 {percentile(ms, 99):7.1f} ms   max {max(ms):7.1f} ms   mean {statistics.mean(ms):6.1f} ms"
        )
    return 0 if statuses.get(0, 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
