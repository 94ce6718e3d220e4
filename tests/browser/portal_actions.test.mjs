// The portal's actions in real headless Chromium against a running antom-sim: a refund from the
// payment page reaches the merchant's receiver as REFUND_RESULT and shows in a signed
// inquiryRefund; an over-refund and a cancel after the window show Antom's code and message;
// Redeliver sends a notification again; Activate and Deactivate change the active scenarios.
// Environment (set by run.sh): SIM_URL, SIM_DATA_DIR, CHROMIUM.
import { check, launchChromium, run } from './harness.mjs';
import { antomCall, control, payBody, simUrl, startReceiver } from './sim_client.mjs';

// Polls from node (the portal's CSP forbids the eval page.waitForFunction needs).
async function until(fn, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const clientId = (await control('GET', '/_sim/merchants')).merchants[0].clientId;
  const receiver = await startReceiver();
  await control('POST', '/_sim/merchants', { clientId, notifyUrl: `http://127.0.0.1:${receiver.port}/notify` });
  const { accessToken } = await control('POST', '/_sim/authorizations/tokens', { clientId, customerBelongsTo: 'GCASH' });
  const stamp = Date.now();
  const payA = await antomCall(clientId, '/ams/api/v1/payments/pay', payBody(`actions-${stamp}-a`, accessToken));
  const payB = await antomCall(clientId, '/ams/api/v1/payments/pay', payBody(`actions-${stamp}-b`, accessToken, { value: '500' }));
  check(payA.result?.resultCode === 'SUCCESS' && payB.result?.resultCode === 'SUCCESS', 'two signed pays SUCCESS');
  await control('POST', '/_sim/notifications/flush?timeout=10s');

  const browser = await launchChromium();
  const { context } = browser;
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // The refused activation is an HTTP 400 the page expects; Chromium logs it as a failed load.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 400')) pageErrors.push(m.text());
    });
    const resultCode = () => page.getAttribute('#action-result', 'data-result-code');
    const submitRefund = async (value) => {
      await page.fill('#refund-amount', value);
      await page.evaluate(() => { document.getElementById('action-result').dataset.resultCode = ''; });
      await page.click('#refund-submit');
      await until(async () => !!(await resultCode()), 'the refund answer');
    };

    // Refund from the payment page: the amount defaults to the refundable rest.
    await page.goto(`${simUrl}/_sim/ui/#/payments/${payA.paymentId}`);
    await until(async () => (await page.inputValue('#refund-amount')) === '10000', 'the refundable rest as the default amount');
    check(true, 'the refund amount defaults to the refundable rest (10000)');
    const before = receiver.received.length;
    await submitRefund('2500');
    check(await resultCode() === 'SUCCESS', `a refund of 2500 from the portal: SUCCESS (${await page.textContent('#action-result')})`);
    const refunds = (await control('GET', `/_sim/refunds?paymentId=${payA.paymentId}`)).refunds;
    check(refunds.length === 1 && refunds[0].refundAmount.value === '2500', 'the refund is recorded');
    const refund = refunds[0] || {};
    await control('POST', '/_sim/notifications/flush?timeout=10s');
    const notified = receiver.received.slice(before).map((b) => JSON.parse(b));
    check(notified.some((n) => n.notifyType === 'REFUND_RESULT' && n.refundId === refund.refundId),
          'the REFUND_RESULT notification reached the merchant\'s receiver');
    const inquiry = await antomCall(clientId, '/ams/api/v1/payments/inquiryRefund', { refundRequestId: refund.refundRequestId });
    check(inquiry.result?.resultCode === 'SUCCESS' && inquiry.refundId === refund.refundId && inquiry.refundStatus === 'SUCCESS',
          `a signed inquiryRefund shows the portal's refund (${JSON.stringify(inquiry.result)})`);
    await until(async () => (await page.inputValue('#refund-amount')) === '7500', 'the rest after the refund');
    check(true, 'the default amount becomes the rest (7500)');

    // More than the rest: the API's code and message.
    const apiOver = await antomCall(clientId, '/ams/api/v1/payments/refund',
      { refundRequestId: `actions-${stamp}-over`, paymentId: payA.paymentId, refundAmount: { currency: 'PHP', value: '7501' } });
    await submitRefund('7501');
    const overText = await page.textContent('#action-result');
    check(await resultCode() === 'REFUND_AMOUNT_EXCEED' && overText.includes(apiOver.result.resultMessage),
          `over-refund shows REFUND_AMOUNT_EXCEED with the API's message (${overText})`);

    // Cancel within the window: SUCCESS, the payment is CANCELLED and its timeline says when.
    const payC = await antomCall(clientId, '/ams/api/v1/payments/pay', payBody(`actions-${stamp}-c`, accessToken, { value: '700' }));
    await page.goto(`${simUrl}/_sim/ui/#/payments/${payC.paymentId}`);
    await until(async () => (await page.inputValue('#refund-amount')) === '700', 'payment C\'s page');
    await page.evaluate(() => { document.getElementById('action-result').dataset.resultCode = ''; });
    page.once('dialog', (d) => d.accept());
    await page.click('#cancel-payment');
    await until(async () => !!(await resultCode()), 'the cancel answer');
    check(await resultCode() === 'SUCCESS', `Cancel within the window: SUCCESS (${await page.textContent('#action-result')})`);
    const c = (await control('GET', `/_sim/payments?paymentId=${payC.paymentId}`)).payments[0];
    check(c.paymentStatus === 'CANCELLED', 'the payment is CANCELLED');
    await until(async () => (await page.textContent('#timeline')).includes('Payment cancelled'), 'the cancel on the timeline');
    check(true, 'the timeline shows the cancellation');

    // Cancel after the window (00:15 GMT+8 the next day): CANCEL_WINDOW_EXCEED and Antom's message.
    await control('POST', '/_sim/clock/advance', { by: '48h' });
    const apiLate = await antomCall(clientId, '/ams/api/v1/payments/cancel', { paymentId: payB.paymentId });
    check(apiLate.result?.resultCode === 'CANCEL_WINDOW_EXCEED', 'a signed cancel after the window: CANCEL_WINDOW_EXCEED');
    await page.goto(`${simUrl}/_sim/ui/#/payments/${payB.paymentId}`);
    await until(async () => (await page.inputValue('#refund-amount')) === '500', 'payment B\'s page');
    page.once('dialog', (d) => d.dismiss());
    await page.click('#cancel-payment');
    await new Promise((r) => setTimeout(r, 300));
    check(!(await resultCode()), 'dismissing the confirmation sends nothing');
    page.once('dialog', (d) => d.accept());
    await page.click('#cancel-payment');
    await until(async () => !!(await resultCode()), 'the cancel answer');
    const lateText = await page.textContent('#action-result');
    check(await resultCode() === 'CANCEL_WINDOW_EXCEED' && lateText.includes(apiLate.result.resultMessage),
          `Cancel outside the window shows CANCEL_WINDOW_EXCEED with Antom's message (${lateText})`);
    const b = (await control('GET', `/_sim/payments?paymentId=${payB.paymentId}`)).payments[0];
    check(b.paymentStatus === 'SUCCESS', 'the payment stays SUCCESS');

    // Redeliver the REFUND_RESULT from the notifications page.
    const note = (await control('GET', `/_sim/notifications?subject=${refund.refundId}`)).notifications[0];
    await page.goto(`${simUrl}/_sim/ui/#/notifications`);
    await page.locator(`#notifications-table button[data-redeliver="${note.id}"]`).waitFor();
    const sent = receiver.received.length;
    await page.click(`#notifications-table button[data-redeliver="${note.id}"]`);
    await until(async () => (await page.getAttribute('#notifications-action-result', 'data-redelivered')) === note.id, 'the redelivery');
    await control('POST', '/_sim/notifications/flush?timeout=10s');
    const again = receiver.received.slice(sent).map((x) => JSON.parse(x));
    check(again.length === 1 && again[0].refundId === refund.refundId, 'Redeliver sends the REFUND_RESULT again');

    // Scenarios: activate for the merchant for 10 minutes, see it active until then, deactivate.
    await page.goto(`${simUrl}/_sim/ui/#/scenarios`);
    await page.locator('#scenarios-table[data-loaded]').waitFor();
    await page.locator('#active-table[data-loaded="0"]').waitFor();
    await page.selectOption('#activate-scenario', 'pay-balance-not-enough');
    await page.selectOption('#activate-client', clientId);
    await page.fill('#activate-for', '10m');
    await page.click('#activate-submit');
    const row = page.locator(`#active-table tr[data-active="pay-balance-not-enough"][data-scope="${clientId}"]`);
    await row.waitFor();
    const active = (await control('GET', '/_sim/scenarios/active')).active;
    check(active.length === 1 && active[0].scenario === 'pay-balance-not-enough' && active[0].clientId === clientId && !!active[0].until,
          'Activate adds the merchant\'s activation with its expiry');
    check((await row.textContent()).includes(active[0].until), 'the active list shows until when');
    await page.selectOption('#activate-scenario', 'pay-errors');
    await page.fill('#activate-arg', 'NOT_A_CODE');
    await page.click('#activate-submit');
    await until(async () => (await page.getAttribute('#scenario-action-result', 'class')) === 'error', 'the refusal');
    check((await page.textContent('#scenario-action-result')).includes('NOT_A_CODE'), 'an arg the scenario does not accept shows the API\'s message');
    await page.click(`#active-table button[data-deactivate="${clientId}"]`);
    await page.locator('#active-table[data-loaded="0"]').waitFor();
    check((await control('GET', '/_sim/scenarios/active')).active.length === 0, 'Deactivate ends it');

    check(pageErrors.length === 0, `no script errors or CSP violations (${pageErrors.join('; ')})`);
  } finally {
    await browser.close();
    receiver.server.close();
  }
}

run(main);
