// The merchant portal (/_sim/ui/) in real headless Chromium, against a running antom-sim with data
// from a signed flow: a merchant whose name is an XSS payload, a signed pay whose orderDescription
// is one too, a notification the merchant refuses once and then acknowledges. Then the token gate
// against a second antom-sim started with --control-token.
// Environment (set by run.sh): SIM_URL, SIM_DATA_DIR, ANTOM_SIM (the binary), CHROMIUM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, launchChromium, run } from './harness.mjs';
import { antomCall, control, payBody, simUrl, startReceiver } from './sim_client.mjs';

const binary = process.env.ANTOM_SIM;
if (!binary) throw new Error('ANTOM_SIM must be set (use run.sh)');

const XSS = '<img src=x onerror="window.__xss=1">';

// Polls from node: page.waitForFunction compiles its predicate inside the page, which the portal's
// CSP (no eval) forbids, as it should.
async function until(page, fn, arg, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A second antom-sim with a control token, for the token gate; stopped by its pid.
function startTokenSim(token) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antom-sim-portal-'));
  const child = spawn(binary, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--log-format', 'off', '--control-token', token],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('token sim printed no ready line')), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/ready: (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => { child.kill(); fs.rmSync(dir, { recursive: true, force: true }); } });
      }
    });
    child.on('exit', (code) => reject(new Error(`token sim exited (${code})`)));
  });
}

async function main() {
  const clientId = (await control('GET', '/_sim/merchants')).merchants[0].clientId;
  const receiver = await startReceiver();
  // Settling in PHP (the payments' currency), so moving the clock past the cycle makes report files.
  await control('POST', '/_sim/merchants', { clientId, name: XSS, notifyUrl: `http://127.0.0.1:${receiver.port}/notify`,
                                             settlementCurrencies: ['PHP'] });
  const { accessToken } = await control('POST', '/_sim/authorizations/tokens', { clientId, customerBelongsTo: 'GCASH' });
  const paymentRequestId = `portal-${Date.now()}`;
  const pay = await antomCall(clientId, '/ams/api/v1/payments/pay', payBody(paymentRequestId, accessToken, { description: XSS }));
  check(pay.result?.resultCode === 'SUCCESS', `signed pay SUCCESS (${JSON.stringify(pay.result)})`);
  const paymentId = pay.paymentId;
  // A second payment, so search has something to leave out.
  await antomCall(clientId, '/ams/api/v1/payments/pay', payBody(`${paymentRequestId}-other`, accessToken, { value: '500' }));
  const refund = await antomCall(clientId, '/ams/api/v1/payments/refund', {
    refundRequestId: `${paymentRequestId}-refund`, paymentId, refundAmount: { currency: 'PHP', value: '1000' } });
  check(refund.result?.resultCode === 'SUCCESS', `signed refund SUCCESS (${JSON.stringify(refund.result)})`);
  // The retry after the refused first attempt: move the clock past it and wait for the sends.
  await control('POST', '/_sim/clock/advance', { by: '5m' });
  await control('POST', '/_sim/notifications/flush?timeout=10s');

  const browser = await launchChromium();
  const { context } = browser;
  const tokenSim = await startTokenSim('portal-secret');
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

    // Overview: the merchant (its name as text) and the clock.
    await page.goto(`${simUrl}/_sim/ui/`);
    const merchantRow = page.locator(`#merchants tr[data-client-id="${clientId}"]`);
    await merchantRow.waitFor();
    check((await merchantRow.locator('td').nth(1).textContent()) === XSS, 'overview lists the merchant, its name shown as text');
    await until(page, () => /^\d{4}-/.test(document.getElementById('clock-now').textContent), undefined, 'the clock');
    const before = await page.textContent('#clock-now');
    await page.click('#advance-1h');
    await until(page, (b) => document.getElementById('clock-now').textContent !== b, before, 'the clock to move');
    const after = await page.textContent('#clock-now');
    check(Date.parse(after) - Date.parse(before) >= 3600e3, `Advance 1h moves the clock (${before} -> ${after})`);
    await until(page, () => document.querySelector('#counts [data-status="SUCCESS"] b')?.textContent === '2', undefined, 'the SUCCESS count');
    check(true, 'overview counts 2 SUCCESS payments');

    // The activity chart: 24 hourly bars holding both payments; the notification bars hold the
    // refused attempt and the acknowledged ones (both payments' and the refund's).
    const bars = (id, attr) => page.locator(`#${id} g.bar`).evaluateAll(
      (gs, a) => gs.map((g) => Number(g.getAttribute(a))), attr);
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    await until(page, () => document.querySelectorAll('#payments-bars g.bar').length === 24, undefined, 'the chart');
    check(sum(await bars('payments-bars', 'data-success')) === 2, 'the payments chart holds the 2 SUCCESS payments');
    check(sum(await bars('notifications-bars', 'data-failed')) === 1, 'the notifications chart holds the 1 refused attempt');
    check(sum(await bars('notifications-bars', 'data-delivered')) === 3, 'and the 3 acknowledged ones');
    check((await page.locator('#payments-bars g.bar title').allTextContents()).some((t) => t.includes('SUCCESS 2') || t.includes('SUCCESS 1')),
          'each bar has a tooltip with its counts');
    await page.selectOption('#activity-bucket', '1d');
    await until(page, () => document.querySelectorAll('#payments-bars g.bar').length === 14, undefined, 'the chart by day');
    check(sum(await bars('payments-bars', 'data-success')) === 2, 'by day: 14 bars, the same 2 payments');

    // Payments: both listed; search by paymentRequestId finds the one.
    await page.click('a[data-nav="payments"]');
    await page.locator(`#payments-table tr[data-payment-id="${paymentId}"]`).waitFor();
    check(await page.locator('#payments-table tr[data-payment-id]').count() === 2, 'payments page lists both payments');
    const search = async (q) => {
      await page.fill('#search', q);
      await page.press('#search', 'Enter');
      await page.locator(`#payments-table[data-loaded="${new URLSearchParams({ q })}"]`).waitFor();
      return page.locator('#payments-table tr[data-payment-id]').evaluateAll((trs) => trs.map((tr) => tr.dataset.paymentId));
    };
    let found = await search(paymentRequestId);
    check(found.length === 1 && found[0] === paymentId, `search by paymentRequestId finds exactly that payment (${found})`);
    found = await search(paymentId);
    check(found.length === 1 && found[0] === paymentId, `search by paymentId finds it too (${found})`);
    found = await search('no-such-id');
    check(found.length === 0, 'search for an unknown id finds nothing');
    found = await search(paymentRequestId);

    // A time range (GMT+8, as the page shows times): both payments were made before the clock's hour jump.
    const now = (await control('GET', '/_sim/clock')).now.slice(0, 16);
    const inRange = async (fromValue, toValue) => {
      await page.fill('#search', '');
      await page.fill('#filter-from', fromValue);
      await page.fill('#filter-to', toValue);
      await page.click('#payment-filters button[type="submit"]');
      const want = new URLSearchParams(Object.entries({ createdFrom: fromValue && `${fromValue}:00+08:00`,
                                                        createdTo: toValue && `${toValue}:00+08:00` }).filter(([, v]) => v));
      await page.locator(`#payments-table[data-loaded="${want}"]`).waitFor();
      return page.locator('#payments-table tr[data-payment-id]').count();
    };
    check(await inRange(now, '') === 0, 'created from the clock\'s now: no payment');
    check(await inRange('', now) === 2, 'created before the clock\'s now: both payments');
    await page.fill('#filter-to', '');
    found = await search(paymentRequestId);

    // The payment page: fields, the journal's pay request, the notification refused then delivered.
    await page.click(`#payments-table tr[data-payment-id="${paymentId}"] a`);
    await page.locator('#timeline li.request').first().waitFor();
    check((await page.textContent('#payment-fields [data-field="paymentRequestId"]')) === paymentRequestId,
          'payment page shows the payment fields');
    check((await page.textContent('#timeline li.request')).includes('API pay'), 'timeline shows the pay request from the journal');
    await page.locator('#timeline li.attempt.ok').first().waitFor();
    const attempts = await page.locator('#timeline li.attempt').evaluateAll((lis) => lis
      .filter((li) => li.textContent.includes('PAYMENT_RESULT'))
      .map((li) => li.className));
    check(attempts.length === 2 && attempts[0].includes('failed') && attempts[1].includes('ok'),
          `timeline shows the payment notification failed, then delivered (${attempts.join(', ')})`);
    check((await page.textContent('#timeline li.attempt.failed')).includes('HTTP 500'), 'the failed attempt shows HTTP 500');
    await page.click('#timeline li.request summary');
    // pretty-printed JSON: the payload's quotes are escaped, its tag is plain text
    check((await page.textContent('#timeline li.request pre.request-body')).includes('"orderDescription": "<img src=x onerror='),
          'the request body shows the orderDescription payload as text');
    check(await page.evaluate(() => window.__xss) === undefined, 'no payload ran (window.__xss undefined)');
    check(await page.locator('main img').count() === 0, 'no payload became an element');
    check((await page.textContent('#timeline')).includes(`Refund ${paymentRequestId}-refund`), 'timeline shows the refund');

    // A CNY payment declared to customs: the declaration on its timeline.
    const cn = await control('POST', '/_sim/authorizations/tokens', { clientId, customerBelongsTo: 'ALIPAY_CN' });
    const cnPay = await antomCall(clientId, '/ams/api/v1/payments/pay',
      payBody(`${paymentRequestId}-cn`, cn.accessToken, { currency: 'CNY', wallet: 'ALIPAY_CN', value: '5000' }));
    check(cnPay.result?.resultCode === 'SUCCESS', `signed CNY pay SUCCESS (${JSON.stringify(cnPay.result)})`);
    const declare = await antomCall(clientId, '/ams/api/v1/customs/declare', {
      declarationRequestId: `${paymentRequestId}-declare`, paymentId: cnPay.paymentId, declarationAmount: { currency: 'CNY', value: '5000' },
      customs: { customsCode: 'ZONGSHU', region: 'CN' },
      merchantCustomsInfo: { merchantCustomsCode: 'MC001', merchantCustomsName: 'Demo Trading' }, splitOrder: false });
    check(declare.result?.resultCode === 'SUCCESS', `signed declare SUCCESS (${JSON.stringify(declare.result)})`);
    await page.goto(`${simUrl}/_sim/ui/#/payments/${cnPay.paymentId}`);
    await until(page, (id) => document.getElementById('timeline')?.textContent.includes(`Customs declaration ${id}`),
                `${paymentRequestId}-declare`, 'the declaration on the timeline');
    check(true, 'the payment\'s timeline shows its customs declaration');

    // Every other table loads with data from this flow.
    for (const [name, want] of [['refunds', `${paymentRequestId}-refund`], ['notifications', 'PAYMENT_RESULT'],
                                ['authorizations', accessToken], ['authorizations', 'expires 20'], ['buyers', 'GCASH'], ['wallets', 'GCASH'],
                                ['scenarios', 'pay-errors'], ['declarations', `${paymentRequestId}-declare`]]) {
      await page.goto(`${simUrl}/_sim/ui/#/${name}`);
      await page.locator(`#${name}-table[data-loaded]`).waitFor();
      check((await page.textContent(`#${name}-table`)).includes(want), `the ${name} page loads (shows ${want})`);
    }

    // Reports: Settle now closes the day so far (the CNY payment made since the last cycle, or
    // nothing open when none), then past the cycle's end (T+1) the day's three files are listed;
    // View shows one as text, Download saves the same bytes the control API gives.
    await page.goto(`${simUrl}/_sim/ui/#/reports`);
    await page.locator('#reports-table[data-loaded]').waitFor();
    await page.click('#settle-now');
    await page.locator('#reports-result[data-settled]').waitFor();
    check(Number(await page.getAttribute('#reports-result', 'data-settled')) >= 1 &&
          (await page.textContent('#reports-result')).startsWith('Settled '),
          `Settle now settles the day so far (${await page.textContent('#reports-result')})`);
    await control('POST', '/_sim/clock/advance', { by: '48h' });
    const listed = await control('GET', `/_sim/reports?clientId=${encodeURIComponent(clientId)}`);
    await until(page, (n) => document.querySelectorAll('#reports-table tr[data-path]').length === n, listed.files.length,
                'the page to list the new files');
    const kinds = await page.locator('#reports-table tr[data-path] td:nth-child(2)').allTextContents();
    for (const kind of ['transactionItems', 'settlementItems', 'settlementSummary'])
      check(kinds.includes(kind), `the reports page lists a ${kind} file (${kinds})`);
    check(kinds.length === listed.files.length, `one row per file GET /_sim/reports lists (${listed.files.length})`);
    const summary = listed.files.find((f) => f.path.includes('settlementSummary'));
    const bytes = await (await fetch(`${simUrl}/_sim/reports/file?clientId=${encodeURIComponent(clientId)}&path=${encodeURIComponent(summary.path)}`)).text();
    await page.click(`button[data-view="${summary.path}"]`);
    await until(page, (p) => document.getElementById('report-preview').dataset.path === p, summary.path, 'the preview');
    check((await page.textContent('#report-preview')) === bytes, 'View shows the file as the control API gives it');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-download="${summary.path}"]`)]);
    check(download.suggestedFilename() === summary.path.split('/').pop(), `Download names the file (${download.suggestedFilename()})`);
    check(fs.readFileSync(await download.path(), 'utf8') === bytes, 'Download saves the same bytes');
    // The notifications page lists each attempt of a notification when it is opened.
    const refused = (await control('GET', `/_sim/notifications?subject=${paymentId}`)).notifications
      .find((n) => n.notifyType === 'PAYMENT_RESULT');
    await page.goto(`${simUrl}/_sim/ui/#/notifications`);
    await page.click(`details[data-attempts="${refused.id}"] summary`);
    await page.locator(`details[data-attempts="${refused.id}"] ol[data-loaded="2"]`).waitFor();
    const attemptRows = await page.locator(`details[data-attempts="${refused.id}"] li`).allTextContents();
    check(attemptRows.length === 2 && attemptRows[0].includes('HTTP 500') && attemptRows[1].includes('DELIVERED'),
          `the notifications page shows each attempt: refused, then delivered (${attemptRows.join(' | ')})`);
    await new Promise((r) => setTimeout(r, 2500));  // a refresh keeps it open
    check(await page.locator(`details[data-attempts="${refused.id}"][open]`).count() === 1, 'an opened row stays open across refreshes');

    check(pageErrors.length === 0, `no script errors or CSP violations (${pageErrors.join('; ')})`);

    // The token gate: a sim with --control-token shows the form, refuses a wrong token, takes the right one.
    const gated = await context.newPage();
    await gated.goto(`${tokenSim.url}/_sim/ui/`);
    await gated.locator('#token-form').waitFor({ state: 'visible' });
    check(await gated.isHidden('#main'), 'with --control-token the portal shows the token form and no data');
    await gated.fill('#token-input', 'wrong-token');
    await gated.press('#token-input', 'Enter');
    await until(gated, () => document.getElementById('token-error').textContent.includes('refused'), undefined, 'the refusal');
    check(await gated.isVisible('#token-form'), 'a wrong token is refused');
    await gated.fill('#token-input', 'portal-secret');
    await gated.press('#token-input', 'Enter');
    await gated.locator('#merchants tr[data-client-id]').first().waitFor();
    check(await gated.isHidden('#token-gate'), 'the right token opens the portal with data');
  } finally {
    tokenSim.stop();
    await browser.close();
    receiver.server.close();
  }
}

run(main);
