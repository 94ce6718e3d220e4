// The simulated wallet page in real headless Chromium, against a running antom-sim:
// a signed consult, open the normalUrl, click Approve, land on the merchant's redirect URL with
// authCode and authState, exchange the code with a signed applyToken; then the same with Decline.
// Environment (set by run.sh): SIM_URL, SIM_DATA_DIR, CHROMIUM (default /usr/bin/chromium).
import http from 'node:http';
import { check, launchChromium, run } from './harness.mjs';
import { antomCall, simUrl } from './sim_client.mjs';

// The merchant's redirect target: records where the browser lands.
function startMerchantSite() {
  const landed = [];
  const server = http.createServer((req, res) => {
    landed.push(req.url);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Merchant</title><p id="landed">back at the merchant</p>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, landed, port: server.address().port })));
}

async function consult(clientId, redirect, state) {
  const r = await antomCall(clientId, '/ams/api/v1/authorizations/consult', {
    customerBelongsTo: 'GCASH',
    authRedirectUrl: redirect,
    scopes: ['AGREEMENT_PAY'],
    authState: state,
    terminalType: 'WEB',
  });
  check(r.result && r.result.resultCode === 'SUCCESS', `consult SUCCESS (${JSON.stringify(r.result)})`);
  check(typeof r.normalUrl === 'string' && r.normalUrl.startsWith(simUrl), 'consult returns a normalUrl on antom-sim');
  return r;
}

async function main() {
  const merchants = await (await fetch(`${simUrl}/_sim/merchants`)).json();
  const clientId = merchants.merchants[0].clientId;
  const site = await startMerchantSite();
  const redirect = `http://127.0.0.1:${site.port}/auth/back?order=7`;
  const browser = await launchChromium();
  const { context } = browser;
  try {
    const page = await context.newPage();

    // Approve.
    const approveConsult = await consult(clientId, redirect, 'st-approve');
    await page.goto(approveConsult.normalUrl);
    check((await page.textContent('#merchant')).includes('asks for your permission'), 'wallet page names the merchant');
    check(await page.isVisible('li[data-scope="AGREEMENT_PAY"]'), 'wallet page lists the AGREEMENT_PAY scope');
    await Promise.all([page.waitForURL(`http://127.0.0.1:${site.port}/**`), page.click('#approve')]);
    const approved = new URL(page.url());
    check(approved.pathname === '/auth/back' && approved.searchParams.get('order') === '7',
          `landed on the redirect URL with its own query (${page.url()})`);
    const authCode = approved.searchParams.get('authCode');
    check(!!authCode, 'redirect carries authCode');
    check(approved.searchParams.get('authState') === 'st-approve', 'redirect carries authState');
    check(await page.isVisible('#landed'), 'the merchant page rendered');
    const token = await antomCall(clientId, '/ams/api/v1/authorizations/applyToken',
                                  { grantType: 'AUTHORIZATION_CODE', customerBelongsTo: 'GCASH', authCode });
    check(token.result.resultCode === 'SUCCESS' && !!token.accessToken, 'applyToken exchanges the code from the browser');

    // Decline.
    const declineConsult = await consult(clientId, redirect, 'st-decline');
    await page.goto(declineConsult.normalUrl);
    await Promise.all([page.waitForURL(`http://127.0.0.1:${site.port}/**`), page.click('#decline')]);
    const declined = new URL(page.url());
    check(declined.searchParams.get('authState') === 'st-decline', 'decline returns with authState');
    check(!declined.searchParams.has('authCode'), 'decline returns without authCode');
  } finally {
    await browser.close();
    site.server.close();
  }
}

run(main);
