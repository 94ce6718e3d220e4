// A merchant's side of antom-sim for the browser tests and the portal screenshots: control calls,
// signed Antom calls, a notification receiver. Environment: SIM_URL, SIM_DATA_DIR (from with_sim.sh).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const simUrl = process.env.SIM_URL;
const dataDir = process.env.SIM_DATA_DIR;
if (!simUrl || !dataDir) throw new Error('SIM_URL and SIM_DATA_DIR must be set (use run.sh)');
const merchantKey = fs.readFileSync(path.join(dataDir, 'demo-merchant-private-pkcs8.pem'), 'utf8');
const antomPublic = fs.readFileSync(path.join(dataDir, 'antom-public-key.pem'), 'utf8');

export async function control(method, apiPath, body) {
  const res = await fetch(simUrl + apiPath, { method, headers: { 'content-type': 'application/json' },
                                              body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// Signs like the official SDKs: SHA256withRSA over "POST <path>\n<clientId>.<requestTime>.<body>";
// throws unless the answer's signature verifies with the simulator's public key.
export async function antomCall(clientId, apiPath, payload) {
  const body = JSON.stringify(payload);
  const requestTime = String(Date.now());
  const signature = crypto.sign('sha256', Buffer.from(`POST ${apiPath}\n${clientId}.${requestTime}.${body}`), merchantKey);
  const res = await fetch(simUrl + apiPath, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': clientId,
      'request-time': requestTime,
      signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature.toString('base64'))}`,
    },
    body,
  });
  const text = await res.text();
  const sig = decodeURIComponent(/signature=([^,]+)/.exec(res.headers.get('signature') || '')?.[1] || '');
  const content = `POST ${apiPath}\n${res.headers.get('client-id')}.${res.headers.get('response-time')}.${text}`;
  if (!crypto.verify('sha256', Buffer.from(content), antomPublic, Buffer.from(sig, 'base64')))
    throw new Error(`${apiPath}: the answer's signature does not verify with the simulator's public key`);
  return JSON.parse(text);
}

export function payBody(paymentRequestId, accessToken,
                        { value = '10000', description = 'Monthly plan', currency = 'PHP', wallet = 'GCASH' } = {}) {
  return {
    productCode: 'AGREEMENT_PAYMENT',
    paymentRequestId,
    order: { referenceOrderId: `order-${paymentRequestId}`, orderDescription: description, orderAmount: { currency, value } },
    paymentAmount: { currency, value },
    paymentMethod: { paymentMethodType: wallet, paymentMethodId: accessToken },
  };
}

// The merchant's notification endpoint: HTTP 500 to the first PAYMENT_RESULT, the acknowledgement
// to everything else (so which attempt fails does not depend on send order). `received` holds
// every body, in order.
export function startReceiver() {
  let refusedOnce = false;
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push(body);
      if (!refusedOnce && body.includes('"PAYMENT_RESULT"')) {
        refusedOnce = true;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('busy, try later');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, received })));
}
