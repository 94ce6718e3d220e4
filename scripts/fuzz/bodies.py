# Differential body fuzz: the same mutated request bodies to two antom-sim builds (verification off,
# demo merchant), comparing resultCode and resultMessage.
import socket, random, sys, json, re
pa, pb, n, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
bodies = [
 {"productCode":"AGREEMENT_PAYMENT","paymentRequestId":"r1","paymentAmount":{"currency":"PHP","value":"100"},
  "order":{"referenceOrderId":"o1","orderDescription":"d é €","orderAmount":{"currency":"PHP","value":"100"},"env":{"terminalType":"WEB"},
           "buyer":{"referenceBuyerId":"b"},"merchant":{"merchantName":"m"}},
  "paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":"tok"},"paymentNotifyUrl":"http://127.0.0.1:9/n",
  "settlementStrategy":{"settlementCurrency":"USD"},"paymentExpiryTime":"2026-12-01T10:00:00+08:00"},
 {"customerBelongsTo":"GCASH","authRedirectUrl":"https://m.example/r","scopes":["AGREEMENT_PAY"],"authState":"s","terminalType":"APP","osType":"IOS"},
 {"grantType":"AUTHORIZATION_CODE","customerBelongsTo":"GCASH","authCode":"c"},
 {"refundRequestId":"rf","paymentId":"p","refundAmount":{"currency":"PHP","value":"1"}},
 {"declarationRequestId":"d","paymentId":"p","declarationAmount":{"currency":"CNY","value":"1"},"customs":{"customsCode":"c","region":"CN"},
  "merchantCustomsInfo":{"merchantCustomsCode":"m","merchantCustomsName":"n"},"splitOrder":True,"subOrderId":"s",
  "buyerCertificate":{"certificateType":"ID_CARD","certificateNo":"1","holderName":{"fullName":"f"}}},
]
paths = ["/ams/api/v1/payments/pay","/ams/api/v1/authorizations/consult","/ams/api/v1/authorizations/applyToken","/ams/api/v1/payments/refund","/ams/api/v1/customs/declare"]
def mutate(b):
    b = bytearray(b)
    for _ in range(rnd.randint(1, 6)):
        op = rnd.random()
        if not b: b = bytearray(b"x")
        i = rnd.randrange(len(b))
        if op < 0.25: b[i] = rnd.randrange(256)
        elif op < 0.4: del b[i:i+rnd.randint(1,20)]
        elif op < 0.55: b[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1,8)))
        elif op < 0.65: b[i:i] = b[i:i+rnd.randint(1,30)] * rnd.randint(2,40)
        elif op < 0.9: b[i:i] = rnd.choice([b'"', b'{', b'}', b'[', b']', b'\\', b'\\"', b'\\u0000', b'\\ud800', b'\\u00e9', b'1e999', b'-0', b'null',
             b'\xc0\x80', b'\xed\xa0\x80', b'\xf4\x90\x80\x80', b'\xc3', b'\xe2\x82', b'\xef\xbb\xbf', b'\r\n', b'\t', b' ', b',', b':', b'true', b'1.5', b'"sim:pay-errors/RISK_REJECT"'])
        else: b[i:i] = str(rnd.choice([2**63, -2**63, 2**64, 10**30, -1, 0, 0.1])).encode()
    return bytes(b)
def conn(p):
    s = socket.create_connection(("127.0.0.1", p)); s.settimeout(5); return s
def call(s, path, bd):
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json; charset=UTF-8\r\n"
            f"Client-Id: SANDBOX_5YDEMO0000000001\r\nRequest-Time: 1700000000000\r\nSignature: algorithm=RSA256,keyVersion=1,signature=x\r\n"
            f"Content-Length: {len(bd)}\r\n\r\n").encode()
    s.sendall(head + bd)
    got = b""
    while True:
        h = got.find(b"\r\n\r\n")
        if h >= 0:
            m = re.search(rb"(?i)content-length: *(\d+)", got[:h])
            if m and len(got) >= h + 4 + int(m.group(1)): return got[h+4:h+4+int(m.group(1))]
        c = s.recv(65536)
        if not c: return got
        got += c
sa, sb = conn(pa), conn(pb)
diffs = {}; codes = {}
for k in range(n):
    j = rnd.randrange(len(bodies))
    bd = json.dumps(bodies[j], ensure_ascii=False, indent=rnd.choice([None, None, 2])).encode()
    bd = mutate(bd) if rnd.random() < 0.9 else bd
    ra, rb = call(sa, paths[j], bd), call(sb, paths[j], bd)
    def key(r):
        try:
            x = json.loads(r); return (x["result"]["resultCode"], x["result"]["resultMessage"])
        except Exception as e: return ("UNPARSABLE", r[:80])
    ka, kb = key(ra), key(rb)
    codes[kb[0]] = codes.get(kb[0], 0) + 1
    if ka != kb:
        cls = (ka[1][:45], kb[1][:45])
        if cls not in diffs: diffs[cls] = [0, bd[:200]]
        diffs[cls][0] += 1
print("requests", n, "codes(new)", codes)
for (a, b), (c, ex) in sorted(diffs.items(), key=lambda x: -x[1][0]):
    print(c, "| old:", a, "| new:", b, "| e.g.", ex)
