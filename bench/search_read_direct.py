"""The floor for keygate's search_read: the same 80 sale orders with 5 fields (name, customer
with its display name, order date, state, total), read straight from the SQLite file with
Python's sqlite3 in PROCS processes for DURATION seconds. Prints queries per second.
Usage: search_read_direct.py DB_FILE [DURATION] [PROCS]"""

import multiprocessing
import sqlite3
import sys
import time

QUERY = """
SELECT o.id, o.name, o.partner_id, COALESCE(NULLIF(p.complete_name, ''), p.name), o.date_order,
       o.state, o.amount_total
FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
ORDER BY o.date_order DESC, o.id DESC LIMIT 80
"""


def worker(path, duration, out):
    conn = sqlite3.connect(path)
    n = 0
    end = time.monotonic() + duration
    while time.monotonic() < end:
        rows = conn.execute(QUERY).fetchall()
        # Shape the rows as search_read does, so both sides build the same records.
        [{"id": r[0], "name": r[1], "partner_id": [r[2], r[3]], "date_order": r[4],
          "state": r[5], "amount_total": r[6]} for r in rows]
        n += 1
    out.put(n)


def main():
    path = sys.argv[1]
    duration = float(sys.argv[2]) if len(sys.argv) > 2 else 8.0
    procs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    rows = sqlite3.connect(path).execute(QUERY).fetchall()
    assert len(rows) == 80, "expected 80 sale orders, got %d" % len(rows)
    out = multiprocessing.Queue()
    ps = [multiprocessing.Process(target=worker, args=(path, duration, out)) for _ in range(procs)]
    for p in ps:
        p.start()
    total = sum(out.get() for _ in ps)
    for p in ps:
        p.join()
    print("RESULT rps=%.1f procs=%d" % (total / duration, procs))


if __name__ == "__main__":
    main()
