// antom-sim through an HTTP, TLS and crypto stack that is not ours: Node's http, https (OpenSSL
// inside Node, with full certificate and host name checks) and crypto. A merchant's own client
// written this way must work as the SDKs do: keep-alive, absolute-form targets over TLS (as the
// Python SDK sends them), chunked bodies, "Expect: 100-continue", and signatures both ways.
// Environment (set by tests/support/with_sim.sh): SIM_URL, SIM_DATA_DIR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

const simUrl = process.env.SIM_URL;
const dataDir = process.env.SIM_DATA_DIR;
if (!simUrl || !dataDir) throw new Error('SIM_URL and SIM_DATA_DIR must be set (use run.sh)');
const port = Number(new URL(simUrl).port);
const merchantKey = fs.readFileSync(path.join(dataDir, 'demo-merchant-private-pkcs8.pem'), 'utf8');
const antomPublic = fs.readFileSync(path.join(dataDir, 'antom-public-key.pem'), 'utf8');
const ca = fs.readFileSync(path.join(dataDir, 'tls-cert.pem'));

let failures = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
  return cond;
}

// One request; resolves {status, headers, rawHeaders, text, json, reusedSocket, continueAfterMs}.
// options: tls, agent, target (as sent), headers, body, chunks (body written in parts, no
// Content-Length: Node sends it chunked), expectContinue, servername.
function send({ tls = false, agent, method = 'POST', target, headers = {}, body = '', chunks, expectContinue = false,
                servername = 'localhost' }) {
  return new Promise((resolve, reject) => {
    const parts = chunks || [body];
    const allHeaders = { ...headers };
    if (!chunks) allHeaders['content-length'] = Buffer.byteLength(body);
    if (expectContinue) allHeaders.expect = '100-continue';
    const options = { host: '127.0.0.1', port, method, path: target, headers: allHeaders, agent };
    if (tls && !agent) Object.assign(options, servername === '127.0.0.1' ? { ca } : { ca, servername });
    const started = Date.now();
    let continueAfterMs = null;
    const req = (tls ? https : http).request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, text, json,
                  reusedSocket: req.reusedSocket, continueAfterMs });
      });
    });
    req.on('error', reject);
    const writeBody = () => {
      for (const p of parts) req.write(p);
      req.end();
    };
    if (expectContinue) {
      req.on('continue', () => {
        continueAfterMs = Date.now() - started;
        writeBody();
      });
      req.flushHeaders();
    } else {
      writeBody();
    }
  });
}

// Signs like the official SDKs: SHA256withRSA over "POST <path>\n<clientId>.<requestTime>.<body>",
// the signature Base64 then URL-encoded. `target` may be absolute-form; the path is what is signed.
function signedHeaders(clientId, signedPath, body, requestTime = String(Date.now())) {
  const content = `POST ${signedPath}\n${clientId}.${requestTime}.${body}`;
  const signature = crypto.sign('sha256', Buffer.from(content), merchantKey).toString('base64');
  return {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': clientId,
    'request-time': requestTime,
    signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature)}`,
  };
}

// The check a merchant makes on every answer: the signature over the request's path.
function responseVerifies(signedPath, res) {
  const header = res.headers.signature || '';
  const sig = decodeURIComponent(header.split('signature=')[1] || '');
  const content = `POST ${signedPath}\n${res.headers['client-id']}.${res.headers['response-time']}.${res.text}`;
  return sig !== '' && crypto.verify('sha256', Buffer.from(content), antomPublic, Buffer.from(sig, 'base64'));
}

async function api(clientId, apiPath, payload, options = {}) {
  const body = options.body ?? JSON.stringify(payload);
  const res = await send({ ...options, target: options.target || apiPath, body,
                           headers: signedHeaders(clientId, apiPath, body, options.requestTime) });
  res.verified = responseVerifies(apiPath, res);
  return res;
}

async function control(method, target, payload) {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  return send({ method, target, body, headers: payload === undefined ? {} : { 'content-type': 'application/json' } });
}

function payBody(requestId, token, value) {
  return {
    productCode: 'AGREEMENT_PAYMENT',
    paymentRequestId: requestId,
    order: { referenceOrderId: `ORD-${requestId}`, orderDescription: 'Node interop plan',
             orderAmount: { currency: 'PHP', value } },
    paymentAmount: { currency: 'PHP', value },
    paymentMethod: { paymentMethodType: 'GCASH', paymentMethodId: token },
  };
}

function tlsFails(options) {
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/_sim/health', ...options }, () => resolve(null));
    req.on('error', (e) => resolve(e.code || e.message));
    req.end();
  });
}

async function main() {
  const clientId = (await control('GET', '/_sim/merchants')).json.merchants[0].clientId;
  const minted = await control('POST', '/_sim/authorizations/tokens', { customerBelongsTo: 'GCASH' });
  check(minted.status >= 200 && minted.status < 300 && !!minted.json.accessToken,
        `a token is minted through /_sim/ (HTTP ${minted.status})`);
  const token = minted.json.accessToken;

  // TLS: Node checks the chain and the host name itself.
  for (const servername of ['localhost', '127.0.0.1']) {
    const r = await send({ tls: true, method: 'GET', target: '/_sim/health', servername });
    check(r.status === 200 && r.json.status === 'ready', `TLS verifies the certificate for ${servername}`);
  }
  const untrusted = await tlsFails({});
  check(untrusted === 'DEPTH_ZERO_SELF_SIGNED_CERT' || untrusted === 'SELF_SIGNED_CERT_IN_CHAIN',
        `without the certificate as CA the handshake is refused (${untrusted})`);
  const wrongName = await tlsFails({ ca, servername: 'antom.example' });
  check(wrongName === 'ERR_TLS_CERT_ALTNAME_INVALID', `a host name the certificate does not name is refused (${wrongName})`);

  // A payment over one keep-alive TLS connection, every answer verified.
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca, servername: 'localhost' });
  const paid = await api(clientId, '/ams/api/v1/payments/pay', payBody('node-pay-1', token, '1500'), { tls: true, agent });
  check(paid.status === 200 && paid.json.result.resultCode === 'SUCCESS', `pay over TLS: SUCCESS (${paid.text.slice(0, 120)})`);
  check(paid.verified, 'pay: the response signature verifies');
  const names = paid.rawHeaders.filter((_, i) => i % 2 === 0);
  check(['content-type', 'client-id', 'response-time', 'signature'].every((name) => names.includes(name)),
        `Antom's response headers are sent lower-case (${names.join(', ')})`);
  check(paid.headers['content-type'] === 'application/json; charset=UTF-8', 'content-type is application/json; charset=UTF-8');
  check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(paid.headers['response-time'] || ''),
        `response-time is ISO 8601 with an offset (${paid.headers['response-time']})`);
  const inquiry = await api(clientId, '/ams/api/v1/payments/inquiryPayment', { paymentId: paid.json.paymentId },
                            { tls: true, agent, requestTime: '2026-11-25T10:00:00+08:00' });
  check(inquiry.json.result.resultCode === 'SUCCESS' && inquiry.json.paymentStatus === 'SUCCESS',
        `inquiryPayment over the same connection: paymentStatus SUCCESS (${inquiry.json.paymentStatus})`);
  check(inquiry.reusedSocket === true, 'the keep-alive connection was reused');
  check(inquiry.verified, 'inquiryPayment: the response signature verifies');
  agent.destroy();

  // The Python SDK's shape: TLS with an absolute-form target; the path alone is signed.
  const absolute = await api(clientId, '/ams/api/v1/payments/inquiryPayment', { paymentRequestId: 'node-pay-1' },
                             { tls: true, target: `https://localhost:${port}/ams/api/v1/payments/inquiryPayment` });
  check(absolute.json && absolute.json.paymentId === paid.json.paymentId,
        'an absolute-form target is routed on its path and finds the payment');
  check(absolute.verified, 'absolute-form: the response is signed over the path');

  // A chunked body: the signature covers the decoded bytes.
  const chunkedBody = JSON.stringify(payBody('node-pay-2', token, '700'));
  const chunked = await send({ target: '/ams/api/v1/payments/pay',
                               chunks: [chunkedBody.slice(0, 17), chunkedBody.slice(17, 60), chunkedBody.slice(60)],
                               headers: signedHeaders(clientId, '/ams/api/v1/payments/pay', chunkedBody) });
  check(chunked.json && chunked.json.result.resultCode === 'SUCCESS', `a chunked pay is verified and succeeds (${chunked.text.slice(0, 120)})`);
  check(responseVerifies('/ams/api/v1/payments/pay', chunked), 'chunked: the response signature verifies');

  // "Expect: 100-continue": the body is invited at once, not after the client gives up waiting.
  const expectBody = JSON.stringify(payBody('node-pay-3', token, '300'));
  const expected = await send({ target: '/ams/api/v1/payments/pay', body: expectBody, expectContinue: true,
                                headers: signedHeaders(clientId, '/ams/api/v1/payments/pay', expectBody) });
  check(expected.continueAfterMs !== null && expected.continueAfterMs < 300,
        `100 Continue came at once (${expected.continueAfterMs} ms)`);
  check(expected.json && expected.json.result.resultCode === 'SUCCESS', 'the pay sent after 100 Continue succeeds');
  check(responseVerifies('/ams/api/v1/payments/pay', expected), 'Expect: the response signature verifies');

  // A tampered body is refused, and that answer carries no signature (as Antom does).
  const good = JSON.stringify(payBody('node-pay-4', token, '100'));
  const tampered = await send({ target: '/ams/api/v1/payments/pay', body: good.replace('"100"', '"999"'),
                                headers: signedHeaders(clientId, '/ams/api/v1/payments/pay', good) });
  check(tampered.json && tampered.json.result.resultCode === 'INVALID_SIGNATURE', 'a tampered body gets INVALID_SIGNATURE');
  check(!('signature' in tampered.headers), 'the INVALID_SIGNATURE answer is not signed');
}

main().then(() => {
  console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
}, (e) => {
  console.error(e);
  process.exit(1);
});
