# A publication forged by the key's holder: the commit a ref points at,
# with files put or deleted, SHA256SUMS and the checkpoint's cutover-files
# made again and the checkpoint signed again with the key (Ed25519, C2SP
# signed note, python3-cryptography), committed on top and the ref moved.
# What it makes is signed, and covered by SHA256SUMS: only the checks of
# what the files say (pubtree_load) can refuse it.
#
#   resign.py GIT_DIR REF KEYFILE [put PATH FILE | delete PATH]...
import base64, hashlib, os, subprocess, sys, tempfile
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

git_dir, ref, key_file = sys.argv[1:4]
edits = sys.argv[4:]
env = dict(os.environ)


def git(*args, data=None):
    return subprocess.run(["git", "--git-dir", git_dir] + list(args),
                          input=data, env=env, check=True,
                          stdout=subprocess.PIPE).stdout


fd, index = tempfile.mkstemp()
os.close(fd)
os.unlink(index)
env["GIT_INDEX_FILE"] = index
try:
    old = git("rev-parse", ref).decode().strip()
    git("read-tree", old)
    while edits:
        if edits[0] == "put":
            path, src = edits[1], edits[2]
            blob = git("hash-object", "-w", "--stdin",
                       data=open(src, "rb").read()).decode().strip()
            git("update-index", "--add", "--cacheinfo",
                "100644,%s,%s" % (blob, path))
            edits = edits[3:]
        elif edits[0] == "delete":
            # Mode 0 takes the entry out (no work tree needed).
            git("update-index", "--index-info",
                data=("0 %s\t%s\n" % ("0" * 40, edits[1])).encode())
            edits = edits[2:]
        else:
            sys.exit("resign.py: put PATH FILE or delete PATH")

    files = {}
    for line in git("ls-files", "-s", "-z").split(b"\0"):
        if not line:
            continue
        meta, path = line.split(b"\t", 1)
        files[path.decode()] = meta.split()[1].decode()
    sums = b""
    for path in sorted(files, key=lambda p: p.encode()):
        if path in ("checkpoint", "SHA256SUMS") or path.startswith("witnesses/"):
            continue
        content = git("cat-file", "blob", files[path])
        sums += b"%s  %s\n" % (hashlib.sha256(content).hexdigest().encode(),
                               path.encode())
    blob = git("hash-object", "-w", "--stdin", data=sums).decode().strip()
    git("update-index", "--add", "--cacheinfo", "100644,%s,SHA256SUMS" % blob)

    note = git("cat-file", "blob", files["checkpoint"]).decode()
    body = note[:note.index("\n\n") + 1]
    lines = [l for l in body.split("\n")[:-1]]
    lines = [("cutover-files %s" % hashlib.sha256(sums).hexdigest())
             if l.startswith("cutover-files ") else l for l in lines]
    body = "\n".join(lines) + "\n"

    # The key file: PRIVATE+KEY+NAME+KEYID+BASE64(0x01 || seed).
    _, _, name, keyid, b64 = open(key_file).read().strip().split("+", 4)
    seed = base64.b64decode(b64)[1:]
    sig = Ed25519PrivateKey.from_private_bytes(seed).sign(body.encode())
    line = "\u2014 %s %s\n" % (name, base64.b64encode(bytes.fromhex(keyid) + sig).decode())
    blob = git("hash-object", "-w", "--stdin",
               data=(body + "\n" + line).encode()).decode().strip()
    git("update-index", "--add", "--cacheinfo", "100644,%s,checkpoint" % blob)

    tree = git("write-tree").decode().strip()
    new = git("commit-tree", tree, "-p", old, "-m", "resigned",
              data=b"").decode().strip()
    git("update-ref", ref, new, old)
finally:
    if os.path.exists(index):
        os.unlink(index)
