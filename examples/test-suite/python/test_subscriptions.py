"""An example test suite against antom-sim, with the three patterns of README.md "Using antom-sim
in a test suite": a fixture loaded at start, a snapshot restored before every test, and one
merchant per parallel job (its own clock, so moving time here never touches another job).

    ANTOM_SIM_URL=http://127.0.0.1:8080 ANTOM_SIM_DATA_DIR=.antom-sim python3 -m unittest -v test_subscriptions
"""
import os
import unittest

from antom_sim import Sim

JOB = os.environ.get("CI_JOB_ID", str(os.getpid()))
MERCHANT = f"SANDBOX_PY_{JOB}"    # one merchant per parallel job
START = f"start-{JOB}"           # this job's snapshot


FIXTURES = os.environ.get("ANTOM_SIM_FIXTURES", os.path.join(os.path.dirname(__file__), "..", "..", "fixtures"))


class FixtureShop(unittest.TestCase):
    """Pattern 1: antom-sim was started with --fixture examples/fixtures/approved-token.json, so the
    shop, its approved token and a funded buyer are there before the first test."""

    def test_the_fixture_token_pays(self):
        shop = Sim("SANDBOX_FIXTURE_SHOP", key_file=os.path.join(FIXTURES, "fixture-merchant-private-key.pem"))
        paid = shop.pay(f"fixture-{JOB}", "fixture-token-gcash-1")
        self.assertEqual(paid["result"]["resultCode"], "SUCCESS")


class Subscriptions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = Sim(MERCHANT)
        cls.sim.control("POST", "/_sim/merchants", {"clientId": MERCHANT, "publicKey": cls.sim.public_key_pem()})
        # The starting point: a subscriber with an approved 30-day token, then a snapshot of it.
        minted = cls.sim.control("POST", "/_sim/authorizations/tokens",
                                 {"clientId": MERCHANT, "customerBelongsTo": "GCASH", "accessTokenTtl": "720h"})
        cls.token = minted["accessToken"]
        cls.sim.control("POST", "/_sim/snapshots", {"name": START, "clientId": MERCHANT})

    def setUp(self):
        # Every test starts from the snapshot: no payments, the token fresh, the clock where it was.
        self.sim.control("POST", f"/_sim/snapshots/{START}/restore")

    def test_the_first_renewal_is_charged(self):
        paid = self.sim.pay("renewal-1", self.token)
        self.assertEqual(paid["result"]["resultCode"], "SUCCESS")
        found = self.sim.call("/ams/api/v1/payments/inquiryPayment", {"paymentRequestId": "renewal-1"})
        self.assertEqual(found["paymentStatus"], "SUCCESS")

    def test_each_test_starts_from_the_snapshot(self):
        # "renewal-1" was paid in another test; after the restore it is new again, with a new paymentId.
        listed = self.sim.control("GET", f"/_sim/payments?clientId={MERCHANT}")
        self.assertEqual(listed["total"], 0)
        self.assertEqual(self.sim.pay("renewal-1", self.token)["result"]["resultCode"], "SUCCESS")

    def test_a_token_expires_after_31_days(self):
        # Only this job's merchant moves: other jobs on the same antom-sim keep their time.
        clock = self.sim.control("POST", "/_sim/clock/advance", {"by": "31d", "clientId": MERCHANT})
        self.assertTrue(clock["ownClock"])
        self.assertEqual(self.sim.pay("renewal-late", self.token)["result"]["resultCode"], "INVALID_ACCESS_TOKEN")

    def test_the_clock_comes_back_with_the_snapshot(self):
        self.assertEqual(self.sim.pay("renewal-on-time", self.token)["result"]["resultCode"], "SUCCESS")


if __name__ == "__main__":
    unittest.main()
