#!/usr/bin/env python3
"""A merchant's reconciliation job, written from Antom's documented report layout, not from
antom-sim's code: it reads the three files by their header names and checks them, to the cent,
against what the API answered.

Layout (Auto Debit): https://global.alipay.com/docs/ac/ams/transactionitems_online,
https://global.alipay.com/docs/ac/ams/settlementitems_online,
https://docs.antom.com/ac/autodebitpay/settlementsummary. Header line, one record per line, last
line <END>; amounts in minor units; refunds and cancels negative; fees charged negative, returned
positive. Files: transactionItems_<date>_<seq>.csv, settlementItems_<ccy>_<batch>_<seq>.csv,
settlementSummary_<ccy>_<batch>_<seq>.csv.

Usage: reconcile.py FILES_DIR API_JSON
API_JSON: {"fee": {"percentBasisPoints": 200, "fixed": 0, "refundFeeReturned": true},
           "payments": [{"paymentId", "paymentRequestId", "status", "captured", "amount": {"value", "currency"},
                         "settlement": {"value", "currency"} or null}],
           "refunds": [{"refundId", "paymentId", "status", "amount": {...}, "settlement": {...} or null}]}
Exits 0 when everything reconciles, else 1 with one line per mismatch.
"""
import csv
import io
import json
import os
import re
import sys

problems = []


def fail(msg):
    problems.append(msg)


def read_report(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.splitlines()
    if not lines or lines[-1] != "<END>":
        fail(f"{os.path.basename(path)}: last line is not <END>")
        return []
    return list(csv.DictReader(io.StringIO("\n".join(lines[:-1]) + "\n")))


def half_up(numerator, denominator):
    return (numerator * 2 + denominator) // (2 * denominator)


def main():
    files_dir, api_path = sys.argv[1], sys.argv[2]
    with open(api_path, encoding="utf-8") as f:
        api = json.load(f)
    fee = api["fee"]
    bp, fixed, returned = int(fee["percentBasisPoints"]), int(fee["fixed"]), bool(fee["refundFeeReturned"])

    txn_rows, detail_rows, summaries = [], {}, {}
    for name in sorted(os.listdir(files_dir)):
        path = os.path.join(files_dir, name)
        if name.startswith("transactionItems_"):
            txn_rows += read_report(path)
        elif m := re.fullmatch(r"settlementItems_(?:[A-Za-z_]+_)?([A-Z]{3})_(\d{19})_\d{3}\.csv", name):
            rows = read_report(path)
            for r in rows:
                if r["settlementBatchId"] != m.group(2):
                    fail(f"{name}: a line of batch {r['settlementBatchId']} in the file of batch {m.group(2)}")
                if r["settlementCurrency"] != m.group(1):
                    fail(f"{name}: a line settled in {r['settlementCurrency']} in the {m.group(1)} file")
            detail_rows[m.group(2)] = rows
        elif m := re.fullmatch(r"settlementSummary_(?:[A-Za-z_]+_)?([A-Z]{3})_(\d{19})_\d{3}\.csv", name):
            summaries[m.group(2)] = (name, read_report(path))

    # What the API says settled: (type, transactionId) -> expected amounts.
    expected = {}
    payments = {p["paymentId"]: p for p in api["payments"]}
    for p in api["payments"]:
        if not p["captured"]:
            continue
        settled = p["settlement"] or p["amount"]
        charge = half_up(int(settled["value"]) * bp, 10000) + fixed
        expected[("PAYMENT", p["paymentId"])] = (int(p["amount"]["value"]), p["amount"]["currency"],
                                                int(settled["value"]), settled["currency"], -charge)
        if p["status"] == "CANCELLED":
            expected[("CANCEL", p["paymentId"])] = (-int(p["amount"]["value"]), p["amount"]["currency"],
                                                   -int(settled["value"]), settled["currency"],
                                                   charge if returned else 0)
        elif p["status"] != "SUCCESS":
            fail(f"payment {p['paymentId']}: captured but {p['status']} in the API")
    for r in api["refunds"]:
        if r["status"] != "SUCCESS":
            continue
        if r["paymentId"] not in payments:
            fail(f"refund {r['refundId']}: its payment {r['paymentId']} is not in the API's answers")
        settled = r["settlement"] or r["amount"]
        back = half_up(int(settled["value"]) * bp, 10000) if returned else 0
        expected[("REFUND", r["refundId"])] = (-int(r["amount"]["value"]), r["amount"]["currency"],
                                              -int(settled["value"]), settled["currency"], back)

    # Transaction details: every settling transaction exactly once, amounts and signs as the API's.
    seen = {}
    for row in txn_rows:
        key = (row["transactionType"], row["transactionId"])
        seen[key] = seen.get(key, 0) + 1
        if key not in expected:
            fail(f"transactionItems: {key[0]} {key[1]} is not a settling transaction of the API")
            continue
        want = expected[key]
        got = (int(row["transactionAmountValue"]), row["transactionCurrency"])
        if got != want[:2]:
            fail(f"transactionItems: {key[0]} {key[1]} amount {got} but the API says {want[:2]}")
    for key in expected:
        if seen.get(key, 0) != 1:
            fail(f"transactionItems: {key[0]} {key[1]} appears {seen.get(key, 0)} times, not once")

    # Settlement details: the same, with the settled amount and the contract's fee.
    seen = {}
    for batch, rows in detail_rows.items():
        for row in rows:
            key = (row["transactionType"], row["transactionId"])
            seen[key] = seen.get(key, 0) + 1
            if key not in expected:
                fail(f"settlementItems {batch}: {key[0]} {key[1]} is not a settling transaction of the API")
                continue
            want = expected[key]
            got = (int(row["transactionAmountValue"]), row["transactionCurrency"], int(row["settlementAmountValue"]),
                   row["settlementCurrency"], int(row["feeAmountValue"]))
            if got[:4] != want[:4]:
                fail(f"settlementItems {batch}: {key[0]} {key[1]} settles {got[:4]} but the API says {want[:4]}")
            if got[4] != want[4]:
                fail(f"settlementItems {batch}: {key[0]} {key[1]} fee {got[4]} but the contract gives {want[4]}")
            if key[0] != "PAYMENT" and row["originalTransactionId"] not in payments:
                fail(f"settlementItems {batch}: {key[0]} {key[1]} names no known original payment")
    for key in expected:
        if seen.get(key, 0) != 1:
            fail(f"settlementItems: {key[0]} {key[1]} appears {seen.get(key, 0)} times, not once")

    # Summaries: TOTAL = the batch's details = the sum of the per-type rows.
    for batch, (name, rows) in summaries.items():
        by_type = {r["summaryType"]: r for r in rows}
        total = by_type.get("TOTAL")
        if total is None:
            fail(f"{name}: no TOTAL row")
            continue
        details = detail_rows.get(batch, [])
        sums = (len(details), sum(int(r["settlementAmountValue"]) for r in details),
                sum(int(r["feeAmountValue"]) for r in details))
        got = (int(total["count"]), int(total["settlementAmountValue"]), int(total["feeAmountValue"]))
        if got != sums:
            fail(f"{name}: TOTAL (count, amount, fee) {got} but the batch's details sum to {sums}")
        parts = [r for t, r in by_type.items() if t != "TOTAL"]
        per_type = (sum(int(r["count"]) for r in parts), sum(int(r["settlementAmountValue"]) for r in parts),
                    sum(int(r["feeAmountValue"]) for r in parts))
        if got != per_type:
            fail(f"{name}: TOTAL {got} is not the sum of its per-type rows {per_type}")
        for t, r in by_type.items():
            if t == "TOTAL":
                continue
            typed = [d for d in details if d["transactionType"] == t]
            want = (len(typed), sum(int(d["settlementAmountValue"]) for d in typed))
            if (int(r["count"]), int(r["settlementAmountValue"])) != want:
                fail(f"{name}: {t} row {(r['count'], r['settlementAmountValue'])} but its details give {want}")
    for batch in detail_rows:
        if batch not in summaries:
            fail(f"settlementItems of batch {batch} without a summary")

    if problems:
        for p in problems:
            print("MISMATCH " + p)
        return 1
    print(f"reconciled {len(expected)} transactions in {len(detail_rows)} batches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
