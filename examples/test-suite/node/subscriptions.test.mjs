// The Node version of ../python/test_subscriptions.py: a fixture loaded at start, one merchant per
// parallel job, a snapshot restored before every test, the job's own clock.
//   ANTOM_SIM_URL=http://127.0.0.1:8080 ANTOM_SIM_DATA_DIR=.antom-sim node --test subscriptions.test.mjs
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { publicKeyPem, sim } from './antom-sim.mjs';

const job = process.env.CI_JOB_ID || String(process.pid);
const merchant = `SANDBOX_NODE_${job}`;  // one merchant per parallel job
const start = `start-${job}`;           // this job's snapshot
const s = sim(merchant);
let token;

before(async () => {
  await s.control('POST', '/_sim/merchants', { clientId: merchant, publicKey: publicKeyPem });
  ({ accessToken: token } = await s.control('POST', '/_sim/authorizations/tokens',
    { clientId: merchant, customerBelongsTo: 'GCASH', accessTokenTtl: '720h' }));
  await s.control('POST', '/_sim/snapshots', { name: start, clientId: merchant });
});

beforeEach(() => s.control('POST', `/_sim/snapshots/${start}/restore`));

// Pattern 1: antom-sim was started with --fixture examples/fixtures/approved-token.json.
test('the fixture shop\'s token pays', async () => {
  const fixtures = process.env.ANTOM_SIM_FIXTURES || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
  const shop = sim('SANDBOX_FIXTURE_SHOP', path.join(fixtures, 'fixture-merchant-private-key.pem'));
  assert.equal((await shop.pay(`fixture-${job}`, 'fixture-token-gcash-1')).result.resultCode, 'SUCCESS');
});

test('the first renewal is charged', async () => {
  assert.equal((await s.pay('renewal-1', token)).result.resultCode, 'SUCCESS');
  const found = await s.call('/ams/api/v1/payments/inquiryPayment', { paymentRequestId: 'renewal-1' });
  assert.equal(found.paymentStatus, 'SUCCESS');
});

test('each test starts from the snapshot', async () => {
  assert.equal((await s.control('GET', `/_sim/payments?clientId=${merchant}`)).total, 0);
  assert.equal((await s.pay('renewal-1', token)).result.resultCode, 'SUCCESS');
});

test('a token expires after 31 days, on this job\'s clock only', async () => {
  assert.equal((await s.control('POST', '/_sim/clock/advance', { by: '31d', clientId: merchant })).ownClock, true);
  assert.equal((await s.pay('renewal-late', token)).result.resultCode, 'INVALID_ACCESS_TOKEN');
});

test('the clock comes back with the snapshot', async () => {
  assert.equal((await s.pay('renewal-on-time', token)).result.resultCode, 'SUCCESS');
});
