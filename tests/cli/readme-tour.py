#!/usr/bin/env python3
"""readme-tour.py README FROM WORK [--subst TEXT REPLACEMENT]... [--skip PREFIX]...

Runs the shell blocks of README.md's tour (from "## A five-minute tour" to
the next "## " heading), in order, in one bash, from folder FROM, and checks
that each command prints what the README shows under it:

  cutover sign ... --evidence phone="12"
  #> cutover: <...>'12' is not a valid phone number<...>
  #> (exit 1)

Lines "#> TEXT" after a command are lines it must print (stdout and
stderr together), in that order, other lines between them allowed; "<...>"
or "<WORD>" (e.g. <hash>, <date>) in TEXT stands for any text.  A command
must exit 0 unless a "#> (exit N)" line says otherwise.  --subst replaces
text of the README before it runs (a path, a server's address); --skip
leaves out the commands starting with PREFIX (make: the binary under test
is used).  Each command's output is kept in WORK/out/N.  Exits 1 naming
every command that printed something else.
"""
import os
import re
import subprocess
import sys


def tour_blocks(text):
    lines = text.split('\n')
    start = next(i for i, l in enumerate(lines)
                 if l.startswith('## A five-minute tour'))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith('## ')), len(lines))
    blocks, block = [], None
    for l in lines[start:end]:
        if block is None:
            if l.strip() == '```sh':
                block = []
        elif l.strip() == '```':
            blocks.append(block)
            block = None
        else:
            block.append(l)
    return blocks


def commands(blocks):
    """[(command text, [expected lines], exit status)] in order."""
    out = []
    for block in blocks:
        pending = ''
        for l in block:
            if l.startswith('#> '):
                if not out:
                    raise SystemExit('readme-tour: "#>" before any command')
                m = re.fullmatch(r'#> \(exit (\d+)\)', l.rstrip())
                if m:
                    out[-1][2] = int(m.group(1))
                else:
                    out[-1][1].append(l[3:])
                continue
            if not pending and (not l.strip() or l.lstrip().startswith('#')):
                continue
            pending += l + '\n'
            if not l.rstrip().endswith('\\'):
                out.append([pending.rstrip('\n'), [], 0])
                pending = ''
    return out


def pattern(expected):
    parts = re.split(r'(<[^<>\s]*>)', expected.rstrip())
    return re.compile(''.join('.*' if re.fullmatch(r'<[^<>\s]*>', p)
                              else re.escape(p) for p in parts))


def main():
    args = sys.argv[1:]
    readme, origin, work = args[0], args[1], args[2]
    substs, skips = [], []
    i = 3
    while i < len(args):
        if args[i] == '--subst':
            substs.append((args[i + 1], args[i + 2]))
            i += 3
        elif args[i] == '--skip':
            skips.append(args[i + 1])
            i += 2
        else:
            raise SystemExit('readme-tour: unknown argument ' + args[i])
    text = open(readme, encoding='utf-8').read()
    for a, b in substs:
        text = text.replace(a, b)
    cmds = [c for c in commands(tour_blocks(text))
            if not any(c[0].startswith(s) for s in skips)]
    outdir = os.path.join(work, 'out')
    os.makedirs(outdir, exist_ok=True)
    script = ['cd %s || exit 99' % sh_quote(origin), 'exec </dev/null']
    for n, (cmd, _, _) in enumerate(cmds):
        o = sh_quote(os.path.join(outdir, str(n)))
        script.append('{\n%s\n} >%s 2>&1; echo $? >%s.rc' % (cmd, o, o))
    subprocess.run(['bash', '-c', '\n'.join(script)], check=False)
    failed = 0
    for n, (cmd, expected, status) in enumerate(cmds):
        base = os.path.join(outdir, str(n))
        try:
            got = open(base, encoding='utf-8', errors='replace').read()
            rc = int(open(base + '.rc').read())
        except (OSError, ValueError):
            got, rc = '', None
        lines = got.split('\n')
        at, missing = 0, None
        for e in expected:
            p = pattern(e)
            while at < len(lines) and not p.fullmatch(lines[at].rstrip()):
                at += 1
            if at == len(lines):
                missing = e
                break
            at += 1
        if missing is not None or rc != status:
            failed += 1
            print('README command %d:\n%s' % (n, cmd))
            if rc != status:
                print('exit status %s, the README says %d' % (rc, status))
            if missing is not None:
                print('the README shows a line it did not print:\n  %s'
                      % missing)
            print('it printed:\n' + ''.join('  | ' + l + '\n'
                                            for l in lines[:60]))
    print('%d commands of the README run, %d printed something else'
          % (len(cmds), failed))
    return 1 if failed else 0


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


if __name__ == '__main__':
    sys.exit(main())
