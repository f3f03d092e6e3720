"""The attacks of the issue "Under attack": guessing, spraying, locking, rebinding, spoiling
the registry, reading the files, races and replays (see attacks.py).
"""

from common import *  # noqa: F401,F403  (the shared helpers and servers)


def memory_exhaustion():
    """500 concurrent logins with unknown contract IDs from 250 addresses (so the per-address
    throttle does not stop them): memory must stay bounded by the hashing slots."""
    before = vm_kib()
    start = time.monotonic()
    answers = burst(500, lambda i: call(
        "POST", "/login", {"contract_id": f"{8_000_000_000 + i:010d}", "password": "wrong123"},
        source=f"127.0.{1 + i // 250}.{1 + i % 250}"))
    seconds = time.monotonic() - start
    peak = vm_kib()
    retry = sorted({a[1].get("retry-after") for a in answers if a[0] == 503})
    report("memory exhaustion (500 concurrent logins)", peak < 300 * 1024,
           f"peak RSS {peak / 1024:.0f} MB (before {before / 1024:.0f} MB), {tally(answers)} "
           f"in {seconds:.1f} s, 503 Retry-After {retry}")


def spray_from_one_address():
    answers = [call("POST", "/login", {"contract_id": f"{6_000_000_000 + i:010d}",
                                       "password": "wrong123"}, source="127.0.3.1")
               for i in range(100)]
    counts = tally(answers)
    limited = [a for a in answers if a[0] == 429]
    wait = limited[0][1].get("retry-after") if limited else None
    report("100 unknown IDs from one address", counts.get("rate_limited", 0) >= 60,
           f"{counts}, Retry-After {wait} s")


def forged_forwarded_for():
    answers = [call("POST", "/login", {"contract_id": f"{6_100_000_000 + i:010d}",
                                       "password": "wrong123"}, source="127.0.3.2",
                    headers={"X-Forwarded-For": f"198.51.100.{i + 1}"}) for i in range(40)]
    counts = tally(answers)
    report("40 logins with a forged X-Forwarded-For each", counts.get("rate_limited", 0) >= 10,
           f"{counts} (the header is ignored from an untrusted peer)")


def lock_contracts_from_one_address():
    """Tries to lock as many contracts as possible from one address in 20 s."""
    start, locked, tried, refused = time.monotonic(), 0, 0, 0
    contract = 0
    while time.monotonic() - start < 20 and tried < 2000:
        cid = f"{5_000_000_000 + contract:010d}"
        for _ in range(5):
            answer = call("POST", "/login", {"contract_id": cid, "password": "wrong123"},
                          source="127.0.3.3")
            tried += 1
            if code_of(answer) == "account_locked":
                locked += 1
                break
            if code_of(answer) == "rate_limited":
                refused += 1
        contract += 1
    seconds = time.monotonic() - start
    per_hour = 60  # failures_per_address_per_hour (default)
    hours_for_100 = (100 * 5 - 30) / per_hour
    report("locking contracts from one address", locked <= 6,
           f"{locked} contract(s) locked in {seconds:.0f} s ({tried} tries, {refused} refused "
           f"429); 100 contracts would take {hours_for_100:.1f} h at the default limits "
           "(was: 6–7 a second)")


def dns_rebinding():
    answer = call("POST", "/login", {"contract_id": "0123456789", "password": "demo1234"},
                  headers={"Host": "evil.test", "Origin": "http://evil.test"})
    report("DNS rebinding (Host and Origin evil.test)", answer[0] == 421,
           f"{answer[0]} {code_of(answer)}")
    answer = call("POST", "/login", {"contract_id": "0123456789", "password": "demo1234"},
                  headers={"Origin": "http://evil.test"})
    report("CSRF (our Host, Origin evil.test)", answer[0] == 403,
           f"{answer[0]} {code_of(answer)}")


def spoil_the_registry():
    provision("VSST77770001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    add_customer("3333333333", "owner123", "正当 所有者")
    status, _, body, cookies = call("POST", "/procedures", {
        "kind": "activate", "contract_id": "0123456789", "password": "demo1234"},
        source="127.0.4.1")
    answers = [call("POST", f"/procedures/{body['id']}/new-token",
                    {"serial": "VSST77770001", "otp": "000000"}, cookie=cookies[0],
                    source="127.0.4.1") for _ in range(6)]
    codes = [code_of(a) for a in answers]
    activate("3333333333", "owner123", "VSST77770001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
             source="127.0.4.2")
    report("spoiling an unassigned serial with wrong codes",
           codes[4:] == ["procedure_attempts_exceeded"] * 2,
           f"attacker got {codes}; the rightful owner then registered the serial")


def data_at_rest():
    modes = {os.path.basename(p): oct(os.stat(p).st_mode & 0o777)
             for p in [DB, DB + "-wal", DB + "-shm", os.path.splitext(DB)[0] + ".key"]
             if os.path.exists(p)}
    raw = b"".join(open(p, "rb").read() for p in [DB, DB + "-wal"] if os.path.exists(p))
    secret = base64.b32decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    found = secret in raw or b"JBSWY3DPEHPK3PXP" in raw
    private = all(m == "0o600" for m in modes.values())
    report("reading the database files", private and not found,
           f"modes {modes}; a known token secret {'FOUND' if found else 'not found'} in "
           f"{len(raw)} raw bytes")


def demo_tokens_unbounded():
    answers = [call("POST", "/demo/tokens", {}, source="127.0.5.1") for _ in range(25)]
    report("25 demo tokens from one address", tally(answers).get("rate_limited", 0) >= 5,
           str(tally(answers)))


def login_with_otp(contract_id, password, secret, source="127.0.0.1", offset=0):
    _, _, _, cookies = call("POST", "/login", {"contract_id": contract_id, "password": password},
                            source=source)
    status, _, body, cookies2 = call("POST", "/login/otp", {"otp": totp(secret, step_offset=offset)},
                                     cookie=cookies[0], source=source)
    assert status == 200, body
    return cookies2[0]


def sessions_outlive_the_factor():
    secret_a, secret_b = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
    provision("VSST88880001", secret_a)
    provision("VSST88880002", secret_b)
    add_customer("4444444444", "factor12", "因子 確認")
    # Codes at the previous, current and next step: always later than the one before.
    activate("4444444444", "factor12", "VSST88880001", secret_a, source="127.0.6.1", offset=-1)
    session = login_with_otp("4444444444", "factor12", secret_a, source="127.0.6.1", offset=0)
    # Another browser exchanges A for B.
    _, _, body, cookies = call("POST", "/procedures", {
        "kind": "exchange", "contract_id": "4444444444", "password": "factor12"}, source="127.0.6.2")
    pid, browser = body["id"], cookies[0]
    status, _, body, _ = call("POST", f"/procedures/{pid}/current-token",
                              {"otp": totp(secret_a, step_offset=1)}, cookie=browser,
                              source="127.0.6.2")
    assert status == 200, body
    status, _, body, _ = call("POST", f"/procedures/{pid}/new-token",
                              {"serial": "VSST88880002", "otp": totp(secret_b)}, cookie=browser,
                              source="127.0.6.2")
    assert status == 200, body
    answer = call("GET", "/session", cookie=session, source="127.0.6.1")
    report("a session of the exchanged token", answer[0] == 401,
           f"GET /session after the exchange: {answer[0]} {code_of(answer)}")


def replay_race():
    secret = "ONSWG4TFORRW6ZDFONSWG4TFORRW6ZDF"
    provision("VSST99990001", secret)
    add_customer("5555555555", "replay12", "再送 試験")
    activate("5555555555", "replay12", "VSST99990001", secret, source="127.0.7.1", offset=-1)
    halves = []
    for i in range(2):
        _, _, _, cookies = call("POST", "/login", {"contract_id": "5555555555",
                                                   "password": "replay12"}, source=f"127.0.7.{2 + i}")
        halves.append(cookies[0])
    code = totp(secret)
    answers = burst(2, lambda i: call("POST", "/login/otp", {"otp": code}, cookie=halves[i],
                                      source=f"127.0.7.{2 + i}"))
    losers = [a for a in answers if a[0] != 200]
    alike = len(losers) == 1 and code_of(losers[0]) == "otp_invalid" \
        and losers[0][2].get("remaining_attempts") == 4
    report("the same code from two sessions at once", alike,
           f"{[(a[0], code_of(a), (a[2] or {}).get('remaining_attempts')) for a in answers]}")


def burst_against_one_contract():
    add_customer("6666666666", "burst123", "連打 試験")
    answers = burst(41, lambda i: call(
        "POST", "/login", {"contract_id": "6666666666",
                           "password": "burst123" if i == 40 else "wrong123"},
        source=f"127.0.8.{i + 1}"))
    judged = cli("audit", "--contract-id", "6666666666").count("\tlogin\tinvalid_credentials")
    report("41 concurrent logins on one contract from 41 addresses", judged <= 5,
           f"{judged} wrong passwords judged, {tally(answers)}")


def burst_across_two_instances():
    add_customer("7777777777", "twoinst1", "二重 起動")
    answers = burst(40, lambda i: call(
        "POST", "/login", {"contract_id": "7777777777", "password": "wrong123"},
        source=f"127.0.10.{i + 1}", port=PORT2 if i % 2 else None))
    judged = cli("audit", "--contract-id", "7777777777").count("\tlogin\tinvalid_credentials")
    report("40 concurrent logins on one contract, split across two instances", judged <= 5,
           f"{judged} wrong passwords judged, {tally(answers)}")


def logout_leaves_the_procedure():
    _, _, body, cookies = call("POST", "/procedures", {
        "kind": "activate", "contract_id": "3333333333", "password": "owner123"},
        source="127.0.9.1")
    if not cookies:  # 3333333333 has a token now: use exchange
        _, _, body, cookies = call("POST", "/procedures", {
            "kind": "exchange", "contract_id": "3333333333", "password": "owner123"},
            source="127.0.9.1")
    pid, browser = body["id"], cookies[0]
    _, _, _, session = call("POST", "/login", {"contract_id": "0123456789",
                                               "password": "demo1234"}, source="127.0.9.1")
    call("POST", "/logout", {}, cookie=f"{session[0]}; {browser}", source="127.0.9.1")
    answer = call("GET", f"/procedures/{pid}", cookie=browser, source="127.0.9.1")
    report("resuming a procedure after logout", (answer[2] or {}).get("step") == "cancelled",
           f"GET /procedures/… after logout: step {(answer[2] or {}).get('step')}")


ATTACKS = [memory_exhaustion, spray_from_one_address, forged_forwarded_for,
           lock_contracts_from_one_address, dns_rebinding, spoil_the_registry, data_at_rest,
           demo_tokens_unbounded, sessions_outlive_the_factor, replay_race,
           burst_against_one_contract, burst_across_two_instances, logout_leaves_the_procedure]
