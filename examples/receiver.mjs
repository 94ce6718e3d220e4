// A merchant's notification endpoint: checks Antom's signature (SHA256withRSA over
// "POST <path>\n<client-id>.<request-time>.<body>", the simulator's public key) and acknowledges
// the way Antom expects; a notification whose signature does not verify is refused.
// Usage: node examples/receiver.mjs [PORT] [ANTOM_PUBLIC_KEY_PEM]   (Node 18+, no packages)
import { createServer } from 'node:http';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [port = '9000', keyFile = '.antom-sim/antom-public-key.pem'] = process.argv.slice(2);
const antomKey = createPublicKey(readFileSync(keyFile));
const ack = JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const path = new URL(req.url, 'http://receiver').pathname;
    const signed = Buffer.concat([
      Buffer.from(`POST ${path}\n${req.headers['client-id']}.${req.headers['request-time']}.`), body]);
    const signature = /(?:^|,)\s*signature=([^,]+)/.exec(req.headers['signature'] ?? '')?.[1];
    if (!signature || !verify('sha256', signed, antomKey, Buffer.from(decodeURIComponent(signature), 'base64'))) {
      console.log(`refused: the signature does not verify (${req.url})`);
      return res.writeHead(401).end();
    }
    const { notifyType, authorizationNotifyType } = JSON.parse(body);  // payments/refunds, authorizations
    console.log(`verified ${notifyType ?? authorizationNotifyType}: ${body}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(ack);
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`receiver ready on http://127.0.0.1:${port}/notify`));
