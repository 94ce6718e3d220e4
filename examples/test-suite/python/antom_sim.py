"""A small antom-sim client for a Python test suite: Antom API calls signed as Antom's SDKs sign
them (RSA-SHA256 over "POST <path>\\n<client-id>.<request-time>.<body>"), each answer's signature
verified with the simulator's public key, and /_sim/ control calls that name the suite's merchant
in the Client-Id header. Needs python3-cryptography (Debian) or `pip install cryptography`.
"""
import base64
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

URL = os.environ.get("ANTOM_SIM_URL", "http://127.0.0.1:8080")
DATA_DIR = os.environ.get("ANTOM_SIM_DATA_DIR", ".antom-sim")


class Sim:
    def __init__(self, client_id, url=URL, data_dir=DATA_DIR, key_file=None):
        """key_file: the merchant's private key (PEM); default the demo merchant's, from the data directory."""
        self.url, self.client_id, self.data_dir = url, client_id, data_dir
        with open(key_file or os.path.join(data_dir, "demo-merchant-private-pkcs8.pem"), "rb") as f:
            self.key = serialization.load_pem_private_key(f.read(), None)
        with open(os.path.join(data_dir, "antom-public-key.pem"), "rb") as f:
            self.antom_key = serialization.load_pem_public_key(f.read())

    def public_key_pem(self):
        with open(os.path.join(self.data_dir, "demo-merchant-public.pem")) as f:
            return f.read()

    def control(self, method, path, body=None):
        """A /_sim/ call; raises AssertionError with antom-sim's message when it is refused."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"content-type": "application/json", "client-id": self.client_id})
        try:
            with urllib.request.urlopen(req) as answer:
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise AssertionError(f"{method} {path}: HTTP {e.code}: {e.read().decode()}") from None

    def call(self, path, body):
        """A signed Antom API call; returns the answer's JSON once its signature verifies."""
        text = json.dumps(body)
        request_time = str(int(time.time() * 1000))
        signed = f"POST {path}\n{self.client_id}.{request_time}.{text}".encode()
        signature = base64.b64encode(self.key.sign(signed, padding.PKCS1v15(), hashes.SHA256())).decode()
        req = urllib.request.Request(self.url + path, data=text.encode(), method="POST", headers={
            "content-type": "application/json; charset=UTF-8", "client-id": self.client_id,
            "request-time": request_time,
            "signature": "algorithm=RSA256,keyVersion=1,signature=" + urllib.parse.quote(signature, safe="")})
        with urllib.request.urlopen(req) as answer:
            raw, headers = answer.read(), answer.headers
        given = re.search(r"signature=([^,]+)", headers.get("signature", ""))
        assert given, f"{path}: the answer is not signed"
        self.antom_key.verify(base64.b64decode(urllib.parse.unquote(given.group(1))),
                              f"POST {path}\n{headers['client-id']}.{headers['response-time']}.".encode() + raw,
                              padding.PKCS1v15(), hashes.SHA256())
        return json.loads(raw)

    def pay(self, request_id, token, value="10000"):
        amount = {"currency": "PHP", "value": value}
        return self.call("/ams/api/v1/payments/pay", {
            "productCode": "AGREEMENT_PAYMENT", "paymentRequestId": request_id,
            "order": {"referenceOrderId": f"order-{request_id}", "orderDescription": "Monthly plan", "orderAmount": amount},
            "paymentAmount": amount, "paymentMethod": {"paymentMethodType": "GCASH", "paymentMethodId": token}})
