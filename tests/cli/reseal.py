# The chain of a dumped ledger recomputed as the engine seals it; prints
# the UPDATEs that make every event chain again (see lib-ledger.sh).
import hashlib, json, sys
rows = json.load(open(sys.argv[1]))
wrong = sys.argv[2:] == ["wrong"]
def field(v):
    if v is None:
        return b"-1:,"
    b = str(v).encode()
    return b"%d:%s," % (len(b), b)
prev = "0" * 64
for i, r in enumerate(rows):
    canon = field(r["seq"]) + field(r["run_id"] or 0) + b"".join(
        field(r[k]) for k in ("task_key", "kind", "actor", "unit_id", "at",
                              "comment", "evidence", "commit_id"))
    # Fields added later: each encoded once it or a later one is set.
    if r.get("auth") is not None or r.get("entered") is not None:
        canon += field(r.get("auth"))
    if r.get("entered") is not None:
        canon += field(r["entered"])
    if wrong and i == len(rows) - 1:
        h = hashlib.blake2b(prev.encode() + canon, digest_size=32).hexdigest()
    else:
        h = hashlib.blake2b(bytes.fromhex(prev) + canon,
                            digest_size=32).hexdigest()
    if (r["prev_hash"], r["hash"]) != (prev, h):
        print("UPDATE events SET prev_hash = '%s', hash = '%s' WHERE seq = %d;"
              % (prev, h, r["seq"]))
    prev = h
