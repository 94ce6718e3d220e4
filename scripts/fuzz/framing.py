# Differential framing fuzz: hostile raw HTTP to two antom-sim builds, comparing what comes back
# (status lines and resultCodes in order, and whether the connection closed).
import socket, random, sys, re, time
pa, pb, n, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
body = b'{"accessToken":"no-such-token"}'
path = b"/ams/api/v1/authorizations/revoke"
def headers(extra=b"", cl=None, te=None, b=body):
    h = b"Host: 127.0.0.1\r\nContent-Type: application/json; charset=UTF-8\r\nClient-Id: SANDBOX_5YDEMO0000000001\r\nRequest-Time: 1700000000000\r\nSignature: algorithm=RSA256,keyVersion=1,signature=x\r\n"
    if te is not None: h += b"Transfer-Encoding: " + te + b"\r\n"
    if cl is not None: h += b"Content-Length: " + cl + b"\r\n"
    return h + extra
def chunked(b):
    out = b""
    i = 0
    while i < len(b):
        k = rnd.randint(1, 12)
        out += (b"%x" % len(b[i:i+k])) + rnd.choice([b"", b";ext=1"]) + b"\r\n" + b[i:i+k] + b"\r\n"
        i += k
    return out + b"0\r\n" + rnd.choice([b"", b"X-Trailer: 1\r\n"]) + b"\r\n"
def case():
    kind = rnd.randrange(16)
    m = rnd.choice([b"POST", b"POST", b"GET", b"post", b"PUT", b"BREW"])
    tgt = rnd.choice([path, b"https://127.0.0.1" + path, b"/ams/api/v1/nope", b"/_sim/health", b"*", b"/ams/sandbox/api/v1/authorizations/revoke?x=1"])
    ver = rnd.choice([b"HTTP/1.1", b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2.0", b"HTTP/1.1x"])
    start = m + b" " + tgt + b" " + ver + b"\r\n"
    b = body
    if kind == 0: return start + headers(cl=str(len(b)).encode()) + b"\r\n" + b
    if kind == 1: return start + headers(te=b"chunked") + b"\r\n" + chunked(b)
    if kind == 2: return start + headers(te=b"chunked", cl=b"5") + b"\r\n" + chunked(b)
    if kind == 3: return start + headers(cl=rnd.choice([b"-1", b"1e3", b"99999999999999999999", b"5, 5", b" 31", b"0x1f"])) + b"\r\n" + b
    if kind == 4: return start + headers(cl=str(len(b)).encode(), extra=b"Content-Length: 3\r\n") + b"\r\n" + b
    if kind == 5: return start + headers(cl=str(len(b)).encode(), extra=b"Expect: 100-continue\r\n") + b"\r\n" + b
    if kind == 6: return start + headers(cl=str(len(b)).encode(), extra=b"X-Fold: a\r\n  b\r\n") + b"\r\n" + b
    if kind == 7: return start + headers(cl=str(len(b)).encode(), extra=b"X-Big: " + b"a" * rnd.choice([100, 70000]) + b"\r\n") + b"\r\n" + b
    if kind == 8: return start + headers(cl=b"2000000") + b"\r\n" + b
    if kind == 9:
        one = start + headers(cl=str(len(b)).encode()) + b"\r\n" + b
        return one * rnd.randint(2, 4)
    if kind == 10: return start + headers(cl=str(len(b)).encode(), extra=b"Connection: close\r\n") + b"\r\n" + b + start
    if kind == 11: return start + headers(cl=str(len(b)).encode(), extra=rnd.choice([b"Bad Header: x\r\n", b": x\r\n", b"X:\x01\r\n", b"X-\xff: 1\r\n", b"X: \xc3\xa9\r\n"])) + b"\r\n" + b
    if kind == 12: return start + headers(te=rnd.choice([b"gzip, chunked", b"chunked, gzip", b"identity", b"Chunked"])) + b"\r\n" + chunked(b)
    if kind == 13:
        c = bytearray(chunked(b)); i = rnd.randrange(len(c)); c[i] = rnd.randrange(256)
        return start + headers(te=b"chunked") + b"\r\n" + bytes(c)
    if kind == 14: return start.replace(b"\r\n", b"\n") + headers(cl=str(len(b)).encode()).replace(b"\r\n", b"\n") + b"\n" + b
    raw = bytearray(start + headers(cl=str(len(b)).encode()) + b"\r\n" + b)
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(raw)); raw[i] = rnd.randrange(256)
    return bytes(raw)
def run(port, data, pieces):
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(0.6)
    try:
        for p in pieces:
            s.sendall(data[p[0]:p[1]]); time.sleep(0.001)
    except OSError: pass
    got = b""; closed = False
    deadline = time.time() + 1.5
    while time.time() < deadline:
        try:
            c = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            closed = True; break
        if not c: closed = True; break
        got += c
    s.close()
    statuses = re.findall(rb"HTTP/1\.[01] (\d{3})", got)
    codes = re.findall(rb'"resultCode":"([A-Z_]+)"', got)
    return (tuple(statuses), tuple(codes), closed)
diffs = {}
for k in range(n):
    data = case()
    cuts = sorted(set([0, len(data)] + [rnd.randrange(len(data)) for _ in range(rnd.randint(0, 2))]))
    pieces = list(zip(cuts, cuts[1:]))
    a, b = run(pa, data, pieces), run(pb, data, pieces)
    if a != b:
        key = (a, b)
        diffs.setdefault(key, [0, data[:160]])[0] += 1
print("cases", n, "differences", sum(v[0] for v in diffs.values()))
for (a, b), (c, ex) in sorted(diffs.items(), key=lambda x: -x[1][0])[:15]:
    print(c, "| old:", a, "| new:", b, "| e.g.", ex)
