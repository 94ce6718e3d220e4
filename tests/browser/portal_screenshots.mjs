// Screenshots of the portal for the docs (scripts/portal-screenshots): a small signed flow (nine
// payments over six virtual hours, a refund, a notification refused once then acknowledged), then each page at desktop
// and phone width. Environment (set by run.sh): SIM_URL, SIM_DATA_DIR, SCREENSHOT_DIR, CHROMIUM.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { antomCall, control, payBody, simUrl, startReceiver } from './sim_client.mjs';

const out = process.env.SCREENSHOT_DIR;
if (!out) throw new Error('SCREENSHOT_DIR must be set (use scripts/portal-screenshots)');
fs.mkdirSync(out, { recursive: true });

const clientId = (await control('GET', '/_sim/merchants')).merchants[0].clientId;
const receiver = await startReceiver();
await control('POST', '/_sim/merchants', { clientId, notifyUrl: `http://127.0.0.1:${receiver.port}/notify` });
const { accessToken } = await control('POST', '/_sim/authorizations/tokens', { clientId, customerBelongsTo: 'GCASH' });
let paymentId;
// Payments over a few virtual hours, so the overview's chart has something to show.
const values = ['10000', '25000', '4900', '12000', '8000', '30000', '15000', '6600', '9900'];
for (const [i, value] of values.entries()) {
  if (i >= 3) await control('POST', '/_sim/clock/advance', { by: '1h' });
  const r = await antomCall(clientId, '/ams/api/v1/payments/pay', payBody(`pay-${String(i + 1).padStart(4, '0')}`, accessToken, { value }));
  if (i === 2) paymentId = r.paymentId;
  await control('POST', '/_sim/notifications/flush?timeout=10s');  // each hour's notification in its hour
}
await antomCall(clientId, '/ams/api/v1/payments/refund',
                { refundRequestId: 'refund-0001', paymentId, refundAmount: { currency: 'PHP', value: '4000' } });
await control('POST', '/_sim/clock/advance', { by: '5m' });
await control('POST', '/_sim/notifications/flush?timeout=10s');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                        args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const [name, viewport, pages] of [
    ['desktop', { width: 1280, height: 720 }, [['overview', '#/', '#payments-bars rect'], ['payments', '#/payments', '#payments-table[data-loaded]'],
                                              ['payment', `#/payments/${paymentId}`, '#timeline li']]],
    ['phone', { width: 390, height: 844 }, [['overview', '#/', '#payments-bars rect'], ['payment', `#/payments/${paymentId}`, '#timeline li']]]]) {
    const page = await browser.newPage({ viewport });
    for (const [what, hash, ready] of pages) {
      await page.goto(`${simUrl}/_sim/ui/${hash}`);
      await page.locator(ready).first().waitFor();
      const file = `${out}/portal-${what}-${name}.png`;
      await page.screenshot({ path: file, fullPage: name === 'desktop' && what !== 'payments' });
      console.log(`wrote ${file}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  receiver.server.close();
}
