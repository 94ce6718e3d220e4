// A small antom-sim client for a Node test suite (Node 18+, no packages): Antom API calls signed as
// Antom's SDKs sign them (RSA-SHA256 over "POST <path>\n<client-id>.<request-time>.<body>"), each
// answer's signature verified with the simulator's public key, and /_sim/ control calls that name
// the suite's merchant in the Client-Id header.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const url = process.env.ANTOM_SIM_URL || 'http://127.0.0.1:8080';
const dataDir = process.env.ANTOM_SIM_DATA_DIR || '.antom-sim';
const demoKey = createPrivateKey(readFileSync(path.join(dataDir, 'demo-merchant-private-pkcs8.pem')));
const antomKey = createPublicKey(readFileSync(path.join(dataDir, 'antom-public-key.pem')));
export const publicKeyPem = readFileSync(path.join(dataDir, 'demo-merchant-public.pem'), 'utf8');

// keyFile: the merchant's private key (PEM); default the demo merchant's, from the data directory.
export function sim(clientId, keyFile) {
  const merchantKey = keyFile ? createPrivateKey(readFileSync(keyFile)) : demoKey;
  return {
    // A /_sim/ call; throws with antom-sim's message when it is refused.
    async control(method, route, body) {
      const res = await fetch(url + route, { method, headers: { 'content-type': 'application/json', 'client-id': clientId },
                                             body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status}: ${text}`);
      return text ? JSON.parse(text) : {};
    },
    // A signed Antom API call; returns the answer once its signature verifies.
    async call(route, body) {
      const text = JSON.stringify(body);
      const requestTime = String(Date.now());
      const signature = sign('sha256', Buffer.from(`POST ${route}\n${clientId}.${requestTime}.${text}`), merchantKey).toString('base64');
      const res = await fetch(url + route, { method: 'POST', body: text, headers: {
        'content-type': 'application/json; charset=UTF-8', 'client-id': clientId, 'request-time': requestTime,
        signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature)}` } });
      const raw = Buffer.from(await res.arrayBuffer());
      const given = /signature=([^,]+)/.exec(res.headers.get('signature') || '')?.[1];
      const signed = Buffer.concat([Buffer.from(`POST ${route}\n${res.headers.get('client-id')}.${res.headers.get('response-time')}.`), raw]);
      if (!given || !verify('sha256', signed, antomKey, Buffer.from(decodeURIComponent(given), 'base64')))
        throw new Error(`${route}: the answer's signature does not verify`);
      return JSON.parse(raw);
    },
    pay(requestId, token, value = '10000') {
      const amount = { currency: 'PHP', value };
      return this.call('/ams/api/v1/payments/pay', {
        productCode: 'AGREEMENT_PAYMENT', paymentRequestId: requestId,
        order: { referenceOrderId: `order-${requestId}`, orderDescription: 'Monthly plan', orderAmount: amount },
        paymentAmount: amount, paymentMethod: { paymentMethodType: 'GCASH', paymentMethodId: token } });
    },
  };
}
