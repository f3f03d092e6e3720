"""The attacks on the passkey endpoints: guessing answers from one address, a flood of
challenges from one address and from many, and another site's Origin or Host (see attacks.py).
"""

from common import *  # noqa: F401,F403  (the shared helpers and servers)

# An answer no authenticator made: a credential the server does not know.
FORGED = {"id": "AAAAAAAAAAAAAAAAAAAAAA", "rawId": "AAAAAAAAAAAAAAAAAAAAAA", "type": "public-key",
          "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA",
                       "userHandle": "AAAA"},
          "clientExtensionResults": {}}


def passkey_guessing_from_one_address():
    """60 challenges answered with forged credentials from one address: refused, and counted
    as failures like wrong passwords, so the address is throttled."""
    answers = []
    for _ in range(60):
        options = call("POST", "/login/passkey/options", {}, source="127.0.10.1")
        if options[0] != 200:
            answers.append(options)
            continue
        answers.append(call("POST", "/login/passkey",
                            {"ceremony": options[2]["ceremony"], "credential": FORGED},
                            source="127.0.10.1"))
    counts = tally(answers)
    report("60 forged passkey answers from one address",
           "ok" not in counts and counts.get("rate_limited", 0) >= 20, f"{counts}")


def passkey_challenge_flood():
    """Challenges cost the server a row each: one address is throttled, and 600 from 300
    addresses leave the server's memory where it was (the rows expire)."""
    one = [call("POST", "/login/passkey/options", {}, source="127.0.10.2") for _ in range(150)]
    counts = tally(one)
    before = vm_kib("VmRSS")
    many = burst(600, lambda i: call("POST", "/login/passkey/options", {},
                                     source=f"127.0.{11 + i // 250}.{1 + i % 250}"), workers=32)
    grown = (vm_kib("VmRSS") - before) / 1024
    report("passkey challenges: 150 from one address, 600 from 300",
           counts.get("rate_limited", 0) >= 60 and grown < 20,
           f"one address {counts}; many {tally(many)}, RSS +{grown:.1f} MB")


def passkey_other_site():
    """A phishing page's script (another Origin), or a rebinding name (another Host), asks for
    a challenge or sends an answer: refused before anything is looked up."""
    cross = call("POST", "/login/passkey/options", {}, headers={"Origin": "http://evil.test"})
    answer = call("POST", "/login/passkey", {"ceremony": "x", "credential": FORGED},
                  headers={"Origin": "http://evil.test"})
    rebound = call("POST", "/login/passkey/options", {},
                   headers={"Host": "evil.test", "Origin": "http://evil.test"})
    report("passkey endpoints from another site",
           cross[0] == 403 and answer[0] == 403 and rebound[0] == 421,
           f"options {cross[0]} {code_of(cross)}, answer {answer[0]} {code_of(answer)}, "
           f"rebound Host {rebound[0]} {code_of(rebound)}")


ATTACKS = [passkey_guessing_from_one_address, passkey_challenge_flood, passkey_other_site]
