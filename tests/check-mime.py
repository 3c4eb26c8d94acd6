#!/usr/bin/env python3
# check-mime.py MIME.xml: installs the MIME type into a temporary data
# directory (with the system's own types), and checks that GIO calls a
# snapshot, a comparison and a sweep application/x-concurrency-lab-snapshot
# while other JSON stays application/json.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os, shutil, subprocess, sys, tempfile

mime_xml = sys.argv[1]
system = '/usr/share/mime/packages/freedesktop.org.xml'
if not os.path.exists(system) or shutil.which('gio') is None:
    print('1..0 # SKIP shared-mime-info or gio is missing')
    sys.exit(0)

with tempfile.TemporaryDirectory() as tmp:
    packages = os.path.join(tmp, 'mime', 'packages')
    os.makedirs(packages)
    shutil.copy(system, packages)
    shutil.copy(mime_xml, packages)
    subprocess.run(['update-mime-database', os.path.join(tmp, 'mime')], check=True, capture_output=True)

    cases = {
        'run.json': ('{\n  "format": "concurrency-lab-snapshot",\n  "version": 1\n}\n',
                     'application/x-concurrency-lab-snapshot'),
        'comparison.json': ('{"format": "concurrency-lab-comparison", "version": 1}',
                            'application/x-concurrency-lab-snapshot'),
        'sweep.json': ('{"format": "concurrency-lab-sweep", "version": 1}',
                       'application/x-concurrency-lab-snapshot'),
        'package.json': ('{"name": "concurrency-lab", "version": "1.0"}', 'application/json'),
    }
    env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_DATA_DIRS=tmp)
    print('1..%d' % len(cases))
    failed = False
    for i, (name, (text, expected)) in enumerate(sorted(cases.items()), 1):
        path = os.path.join(tmp, name)
        with open(path, 'w') as f:
            f.write(text)
        out = subprocess.run(['gio', 'info', '-a', 'standard::content-type', path],
                             env=env, capture_output=True, text=True, check=True).stdout
        found = [l.rsplit(': ', 1)[-1].strip() for l in out.splitlines() if 'content-type' in l]
        ok = found == [expected]
        failed |= not ok
        print('%s %d %s is %s%s' % ('ok' if ok else 'not ok', i, name, expected,
                                     '' if ok else ' (found %s)' % found))
    sys.exit(1 if failed else 0)
