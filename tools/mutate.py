#!/usr/bin/env python3
"""Mutation testing of the test suites (docs/testing.md, "Mutation testing").

Each mutant of tests/mutants.txt is one textual change a bug could make (a flipped comparison, a dropped
rights check...). The tool copies the tree once to a scratch directory ($BUILD/mutate/src, with its own
build directory, seeded from $BUILD so the first build is incremental), then for each mutant: applies
the change, rebuilds there what the mutant's suites need (make -j2), runs those suites, and restores the
file. A mutant is
  CAUGHT    some test printed a FAIL line (or a suite failed or timed out),
  SURVIVED  every test of its suites passed: a test is missing,
  INVALID   the mutated tree does not build: a bad mutant, to be fixed in the list.
The suites first run once on the unmutated copy (the baseline): a failing baseline would make every
mutant look caught. Exit status 0 iff every mutant run was caught.

  tools/mutate.py [--only "id1 id2"] [--no-baseline] [--keep-going] [--jobs N]   run mutants
  tools/mutate.py --check     the list parses and every pattern applies (tests/suites/12-mutants.sh)
  tools/mutate.py --list      id, file, suites and meaning of every mutant

The list format (tests/mutants.txt): blocks of "key: value" lines, each starting with "[id]":
  [handle-stale-gen]
  file:   kernel/handle.c
  suites: 10-host-unit
  what:   lookups accept a value whose generation is stale
  from:   e->gen != h >> HANDLE_INDEX_BITS
  to:     false
  nth:    2        (optional: the occurrence to change when `from` occurs more than once)
Values are stripped; \\n, \\t, \\s (a space) and \\\\ are escapes, so `from` can span lines. `to` may be
empty (the text is deleted). "# ..." lines are comments; a line "=== name ===" starts a section (the
section "review" holds mutants of files being rewritten, whose text may change).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
LIST = os.path.join(ROOT, 'tests', 'mutants.txt')
KEYS = ('file', 'suites', 'what', 'from', 'to', 'nth')
REQUIRED = ('file', 'suites', 'what', 'from', 'to')
# Environment that must not leak from an outer make (jobserver, goals) or the user's test selection.
ENV_DROP = ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'SUITES', 'MUTANTS', 'SOLUTION',
            'KNOWN_BUGS')


class Mutant:
    def __init__(self, mid, line, section):
        self.id, self.line, self.section = mid, line, section
        self.fields = {}

    @property
    def file(self): return self.fields['file']

    @property
    def suites(self): return self.fields['suites'].split()

    @property
    def what(self): return self.fields['what']

    @property
    def old(self): return self.fields['from']

    @property
    def new(self): return self.fields['to']

    @property
    def nth(self): return int(self.fields.get('nth', '0'))


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            n = s[i + 1]
            if n in 'nts\\':
                out.append({'n': '\n', 't': '\t', 's': ' ', '\\': '\\'}[n])
                i += 2
                continue
        out.append(c)
        i += 1
    return ''.join(out)


def parse(path):
    """The mutants of the list, and a list of error strings."""
    mutants, errors, cur, section = [], [], None, ''
    with open(path, encoding='utf-8') as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            s = line.strip()
            if not s or s.startswith('#'):
                continue
            if s.startswith('===') and s.endswith('===') and len(s) > 6:
                section = s.strip('=').strip()
                cur = None
                continue
            if s.startswith('[') and s.endswith(']'):
                cur = Mutant(s[1:-1].strip(), no, section)
                mutants.append(cur)
                continue
            key, sep, value = line.partition(':')
            key = key.strip()
            if not sep or cur is None or key not in KEYS:
                errors.append('%s:%d: expected "[id]", "key: value" (%s) or a comment'
                              % (os.path.relpath(path, ROOT), no, ', '.join(KEYS)))
                continue
            if key in cur.fields:
                errors.append('%s:%d: %s given twice for %s' % (os.path.relpath(path, ROOT), no, key, cur.id))
            cur.fields[key] = unescape(value.strip())
    ids = set()
    for m in mutants:
        where = '%s:%d: %s' % (os.path.relpath(path, ROOT), m.line, m.id or '(no id)')
        if not m.id or any(c.isspace() for c in m.id):
            errors.append('%s: an id is one word' % where)
        if m.id in ids:
            errors.append('%s: duplicate id' % where)
        ids.add(m.id)
        missing = [k for k in REQUIRED if k not in m.fields]
        if missing:
            errors.append('%s: missing %s' % (where, ', '.join(missing)))
            continue
        if not m.old:
            errors.append('%s: empty "from"' % where)
        if m.old == m.new:
            errors.append('%s: "to" equals "from"' % where)
        if not m.what:
            errors.append('%s: empty "what"' % where)
        if not m.fields.get('nth', '1').isdigit() or m.fields.get('nth') == '0':
            errors.append('%s: nth is a number from 1' % where)
            m.fields.pop('nth')
        if not os.path.isfile(os.path.join(ROOT, m.file)):
            errors.append('%s: no file %s' % (where, m.file))
        if not m.suites:
            errors.append('%s: no suite' % where)
        for s in m.suites:
            if not os.path.isfile(os.path.join(ROOT, 'tests', 'suites', s + '.sh')):
                errors.append('%s: no suite tests/suites/%s.sh' % (where, s))
    return mutants, errors


def locate(text, m):
    """Offset of the occurrence of m.old that the mutant changes, or an error string."""
    count = text.count(m.old)
    if count == 0:
        return 'the text of "from" is not in %s' % m.file
    if m.nth == 0 and count != 1:
        return '"from" occurs %d times in %s (give nth)' % (count, m.file)
    if m.nth > count:
        return 'nth %d, but "from" occurs %d times in %s' % (m.nth, count, m.file)
    at = -1
    for _ in range(m.nth or 1):
        at = text.index(m.old, at + 1)
    return at


def mutated(text, m):
    at = locate(text, m)
    if isinstance(at, str):
        raise ValueError(at)
    return text[:at] + m.new + text[at + len(m.old):]


def check(mutants, errors):
    """The self-test: ok/FAIL lines as tests/run.sh counts them."""
    status = 0
    if errors:
        print('FAIL mutants-list-parses: %s' % '; '.join(errors[:5]))
        status = 1
    else:
        print('ok mutants-list-parses')
    for label, group in (('mutants-apply-once', [m for m in mutants if m.section != 'review']),
                         ('mutants-review-apply-once', [m for m in mutants if m.section == 'review'])):
        bad = []
        for m in group:
            if 'from' not in m.fields or 'file' not in m.fields:
                continue
            try:
                with open(os.path.join(ROOT, m.file), encoding='utf-8') as f:
                    text = f.read()
            except OSError as e:
                bad.append('%s: %s' % (m.id, e))
                continue
            at = locate(text, m)
            if isinstance(at, str):
                bad.append('%s: %s' % (m.id, at))
        if bad:
            print('FAIL %s: %d of %d mutants no longer apply: %s' % (label, len(bad), len(group), '; '.join(bad)))
            status = 1
        else:
            print('ok %s' % label)
    return status


# ---- the scratch tree ----

def run(cmd, cwd, log=None, env=None, timeout=None):
    with open(log, 'w') if log else open(os.devnull, 'w') as out:
        p = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env, timeout=timeout)
    return p.returncode


def clean_env(build):
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROP}
    env['BUILD'] = build
    return env


def tree_files():
    out = subprocess.run(['git', 'ls-files', '-z', '-co', '--exclude-standard'], cwd=ROOT, check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return [f for f in out.split('\0') if f and os.path.lexists(os.path.join(ROOT, f))]


def same_content(a, b):
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, 'rb') as fa, open(b, 'rb') as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def sync(src, build):
    """Makes src a copy of the tree. A new copy keeps the files' times, and its build directory starts as
    a copy of the tree's (so make finds it up to date); later a file that differs is rewritten with the
    current time, so make rebuilds what depends on it, and a file that is the same is left alone."""
    fresh = not os.path.isdir(src)
    files = tree_files()
    os.makedirs(src, exist_ok=True)
    want = set(files)
    for rel in files:
        a, b = os.path.join(ROOT, rel), os.path.join(src, rel)
        if os.path.islink(a):
            if not os.path.islink(b) or os.readlink(a) != os.readlink(b):
                if os.path.lexists(b):
                    os.remove(b)
                os.makedirs(os.path.dirname(b), exist_ok=True)
                os.symlink(os.readlink(a), b)
            continue
        if fresh:
            os.makedirs(os.path.dirname(b), exist_ok=True)
            shutil.copy2(a, b)
        elif not same_content(a, b):
            os.makedirs(os.path.dirname(b), exist_ok=True)
            if os.path.lexists(b):
                os.remove(b)
            shutil.copyfile(a, b)
            shutil.copymode(a, b)
    for dirpath, dirnames, filenames in os.walk(src):
        rel_dir = os.path.relpath(dirpath, src)
        if rel_dir == '.':
            dirnames[:] = [d for d in dirnames if d not in (build, '.git')]
        for fn in filenames:
            rel = os.path.normpath(os.path.join(rel_dir, fn))
            if rel not in want:
                os.remove(os.path.join(dirpath, fn))
    seed = os.path.join(ROOT, build)
    if fresh and os.path.isdir(seed):
        shutil.copytree(seed, os.path.join(src, build), symlinks=True,
                        ignore=lambda d, names: ['mutate', 'test-logs'] if os.path.samefile(d, seed) else [])


needs_cache = {}


def needs(src, build, suites):
    """The make goals the suites need (tools/build.mk, MUTATE_NEEDS)."""
    key = tuple(sorted(set(suites)))
    if key not in needs_cache:
        out = subprocess.run(['make', '-s', '--no-print-directory', 'mutate-needs', 'MUTATE_SUITES=' + ' '.join(key)],
                             cwd=src, env=clean_env(build), stdout=subprocess.PIPE, check=True).stdout.decode()
        needs_cache[key] = sorted(set(out.split()))
    return needs_cache[key]


def session_kill(sid):
    """Ends every process of the session the tool started for a suite (by process id)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = []
        for d in os.listdir('/proc'):
            if not d.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % d) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid:   # after the name: state ppid pgrp session
                pids.append(int(d))
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        time.sleep(0.5)


def run_suite(src, build, suite, log, timeout, stop_at_fail):
    """(status, detail): 'ok' with the number of ok lines, or 'fail' with the first FAIL line."""
    env = clean_env(build)
    with open(log, 'w') as out:
        p = subprocess.Popen(['bash', 'tests/suites/%s.sh' % suite], cwd=src, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
        first_fail, oks, start = None, 0, time.time()
        try:
            import selectors
            sel = selectors.DefaultSelector()
            sel.register(p.stdout, selectors.EVENT_READ)
            buf = b''
            while True:
                left = timeout - (time.time() - start)
                if left <= 0:
                    session_kill(p.pid)
                    p.wait()
                    return 'fail', 'suite %s timed out after %d s' % (suite, timeout)
                if not sel.select(min(left, 5)):
                    continue
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    break
                out.write(chunk.decode(errors='replace'))
                buf += chunk
                *lines, buf = buf.split(b'\n')
                for ln in lines:
                    t = ln.decode(errors='replace')
                    if t.startswith('ok '):
                        oks += 1
                    elif t.startswith('FAIL ') and first_fail is None:
                        first_fail = t
                if first_fail and stop_at_fail:
                    break
        finally:
            if p.poll() is None:
                session_kill(p.pid)
            rc = p.wait()
            p.stdout.close()
    if first_fail:
        return 'fail', first_fail
    if rc != 0:
        return 'fail', 'suite %s exited with status %d without a FAIL line' % (suite, rc)
    return 'ok', oks


def interrupted(signum, frame):
    raise KeyboardInterrupt()


def fmt_time(s):
    return '%dm%02ds' % (s // 60, s % 60) if s >= 60 else '%.1fs' % s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--check', action='store_true', help='check the list only (the 12-mutants suite)')
    ap.add_argument('--list', action='store_true', help='print the mutants')
    ap.add_argument('--only', default=os.environ.get('MUTANTS', ''), help='ids to run, space-separated')
    ap.add_argument('--no-baseline', action='store_true', help='skip the run of the unmutated tree')
    ap.add_argument('--keep-going', action='store_true', help='run a caught mutant\'s suites to the end')
    ap.add_argument('--jobs', type=int, default=2, help='make -j (default 2)')
    ap.add_argument('--timeout', type=int, default=900, help='seconds per suite run (default 900)')
    a = ap.parse_args()

    mutants, errors = parse(LIST)
    if a.check:
        return check(mutants, errors)
    if errors:
        for e in errors:
            print('mutate: %s' % e, file=sys.stderr)
        return 2
    if a.list:
        for m in mutants:
            print('%-28s %-24s %-26s %s%s' % (m.id, m.file, ','.join(m.suites), m.what,
                                             '  [review]' if m.section == 'review' else ''))
        return 0
    if a.only.split():
        known = {m.id: m for m in mutants}
        unknown = [i for i in a.only.split() if i not in known]
        if unknown:
            print('mutate: no mutant %s in %s' % (', '.join(unknown), os.path.relpath(LIST, ROOT)), file=sys.stderr)
            return 2
        mutants = [known[i] for i in a.only.split()]

    build = os.environ.get('BUILD', 'build')
    if os.path.isabs(build) or build.startswith('..'):
        print('mutate: BUILD must be a directory inside the tree', file=sys.stderr)
        return 2
    top = os.path.join(ROOT, build, 'mutate')
    src, logs = os.path.join(top, 'src'), os.path.join(top, 'logs')
    if os.path.isdir(logs):
        shutil.rmtree(logs)
    os.makedirs(logs)
    t0 = time.time()
    print('mutate: %d mutants; scratch tree %s' % (len(mutants), os.path.relpath(src, ROOT)), flush=True)
    sync(src, build)
    # A file left mutated by an interrupted run was restored by sync (it differs from the tree).
    for m in mutants:
        with open(os.path.join(src, m.file), encoding='utf-8') as f:
            at = locate(f.read(), m)
        if isinstance(at, str):
            print('mutate: %s: %s' % (m.id, at), file=sys.stderr)
            return 2

    all_suites = []
    for m in mutants:
        all_suites += [s for s in m.suites if s not in all_suites]
    all_suites.sort()
    env = clean_env(build)
    make = ['make', '--no-print-directory', '-j%d' % a.jobs]
    if not a.no_baseline:
        log = os.path.join(logs, 'baseline.build.log')
        if run(make + needs(src, build, all_suites), src, log, env) != 0:
            print('mutate: the unmutated tree does not build (see %s)' % os.path.relpath(log, ROOT))
            return 2
        for s in all_suites:
            t = time.time()
            st, detail = run_suite(src, build, s, os.path.join(logs, 'baseline.%s.out' % s), a.timeout, False)
            if st != 'ok':
                print('mutate: baseline %s fails on the unmutated tree: %s' % (s, detail))
                return 2
            print('baseline %-16s ok (%d checks, %s)' % (s, detail, fmt_time(time.time() - t)), flush=True)

    results = []
    signal.signal(signal.SIGTERM, interrupted)
    for m in mutants:
        t = time.time()
        path = os.path.join(src, m.file)
        with open(path, encoding='utf-8') as f:
            original = f.read()
        try:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(mutated(original, m))
            blog = os.path.join(logs, '%s.build.log' % m.id)
            if run(make + needs(src, build, m.suites), src, blog, env) != 0:
                verdict, detail = 'INVALID', 'does not build (%s)' % os.path.relpath(blog, ROOT)
            else:
                verdict, detail = 'SURVIVED', 'every test of %s passed' % ' '.join(m.suites)
                for s in m.suites:
                    st, d = run_suite(src, build, s, os.path.join(logs, '%s.%s.out' % (m.id, s)), a.timeout,
                                      not a.keep_going)
                    if st != 'ok':
                        verdict, detail = 'CAUGHT', '[%s] %s' % (s, d)
                        break
        except KeyboardInterrupt:
            print('mutate: interrupted; %s restored' % m.file)
            return 130
        finally:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(original)
        dt = time.time() - t
        if len(detail) > 150:
            detail = detail[:147] + '...'
        print('%-8s %-28s %6s  %s' % (verdict, m.id, fmt_time(dt), detail), flush=True)
        if verdict != 'CAUGHT':
            print('         %-28s         %s: %s' % ('', m.file, m.what), flush=True)
        results.append((m, verdict, detail, dt))

    counts = {v: sum(1 for r in results if r[1] == v) for v in ('CAUGHT', 'SURVIVED', 'INVALID')}
    with open(os.path.join(top, 'report.txt'), 'w') as f:
        for m, v, d, dt in results:
            f.write('%s\t%s\t%s\t%.1f\t%s\n' % (v, m.id, m.file, dt, d))
    by_file = {}
    for m, v, _, _ in results:
        c = by_file.setdefault(m.file, [0, 0])
        c[0] += 1
        c[1] += v == 'CAUGHT'
    print('per file: ' + ', '.join('%s %d/%d' % (f, c[1], c[0]) for f, c in sorted(by_file.items())))
    for v in ('SURVIVED', 'INVALID'):
        if counts[v]:
            print('%s: %s' % (v.lower(), ' '.join(m.id for m, vv, _, _ in results if vv == v)))
    print('mutate: %d mutants: %d caught, %d survived, %d invalid in %s' % (
        len(results), counts['CAUGHT'], counts['SURVIVED'], counts['INVALID'], fmt_time(time.time() - t0)))
    return 0 if counts['CAUGHT'] == len(results) else 1


if __name__ == '__main__':
    sys.exit(main())
