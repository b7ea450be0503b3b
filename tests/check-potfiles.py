#!/usr/bin/env python3
# Checks Searchdeck's translation files.
#
#   check-potfiles.py potfiles SRCDIR
#     po/POTFILES.in must name every file under src/ and data/ that has
#     translatable strings (as xgettext extracts them), name no file that does
#     not exist or has none, hold no duplicates and be sorted.
#
#   check-potfiles.py update SRCDIR
#     rewrites po/POTFILES.in from what the potfiles check finds.
#
#   check-potfiles.py translations SRCDIR
#     po/LINGUAS and the po/*.po files must match, and every translation must
#     pass `msgfmt --check` with no untranslated and no fuzzy message.
#
# Copyright 2026 The Searchdeck authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys

# The files that can hold translatable strings, by how their names end.
CANDIDATE_SUFFIXES = (
    '.c',
    '.h',
    '.ui',
    '.desktop.in',
    '.metainfo.xml.in',
    '.gschema.xml',
)

# The keywords of meson's 'glib' gettext preset, so that this check sees the
# same strings as `meson compile searchdeck-pot`.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--keyword=ngettext:1,2',
]

SCANNED_DIRS = ('src', 'data')


def fail(lines):
    for line in lines:
        print(line, file=sys.stderr)
    sys.exit(1)


def need_tool(name, package):
    path = shutil.which(name)
    if path is None:
        fail([f'{name} was not found: install the Debian package {package} to run this check'])
    return path


def read_potfiles(srcdir):
    """Returns the entries of po/POTFILES.in as (line number, path) pairs."""
    path = os.path.join(srcdir, 'po', 'POTFILES.in')
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        fail([f'po/POTFILES.in: cannot read it: {e.strerror}'])
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith('#'):
            entries.append((number, line))
    return entries


def candidate_files(srcdir):
    found = []
    for top in SCANNED_DIRS:
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs[:] = [d for d in dirs if not d.startswith('.')]
            for name in files:
                if name.endswith(CANDIDATE_SUFFIXES):
                    found.append(os.path.relpath(os.path.join(root, name), srcdir))
    return sorted(found)


def has_translatable_strings(xgettext, srcdir, relpath):
    """Runs xgettext on one file; True when it extracts at least one message."""
    proc = subprocess.run(
        [xgettext, *XGETTEXT_ARGS, '--output=-', relpath],
        cwd=srcdir, capture_output=True, text=True)
    if proc.returncode != 0:
        fail([f'{relpath}: xgettext cannot read it:', proc.stderr.strip()])
    return re.search(r'^#: ', proc.stdout, re.MULTILINE) is not None


def check_potfiles(srcdir):
    xgettext = need_tool('xgettext', 'gettext')
    entries = read_potfiles(srcdir)
    listed = [path for _, path in entries]
    problems = []

    seen = set()
    for number, path in entries:
        if path in seen:
            problems.append(f'po/POTFILES.in:{number}: {path} is listed twice')
        seen.add(path)

    for number, path in entries:
        if not os.path.isfile(os.path.join(srcdir, path)):
            problems.append(f'po/POTFILES.in:{number}: {path} does not exist')
        elif not has_translatable_strings(xgettext, srcdir, path):
            problems.append(f'po/POTFILES.in:{number}: {path} has no translatable strings')

    for path in candidate_files(srcdir):
        if path not in seen and has_translatable_strings(xgettext, srcdir, path):
            problems.append(f'po/POTFILES.in: {path} has translatable strings but is not listed')

    expected = sorted(listed)
    if listed != expected:
        for (number, path), want in zip(entries, expected):
            if path != want:
                problems.append(f'po/POTFILES.in:{number}: not sorted: {path} is where '
                                f'{want} belongs')
                break

    if problems:
        problems.append('(`tests/check-potfiles.py update .` rewrites po/POTFILES.in)')
        fail(problems)
    print(f'po/POTFILES.in: {len(listed)} files, complete and sorted')


def update_potfiles(srcdir):
    xgettext = need_tool('xgettext', 'gettext')
    found = [path for path in candidate_files(srcdir)
             if has_translatable_strings(xgettext, srcdir, path)]
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
        f.writelines(path + '\n' for path in found)
    print(f'po/POTFILES.in: wrote {len(found)} files')


def read_linguas(srcdir):
    path = os.path.join(srcdir, 'po', 'LINGUAS')
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        fail([f'po/LINGUAS: cannot read it: {e.strerror}'])
    languages = []
    for line in text.splitlines():
        line = line.split('#', 1)[0]
        languages.extend(line.split())
    return languages


STATISTICS = re.compile(
    r'(?P<translated>\d+) translated messages?'
    r'(?:, (?P<fuzzy>\d+) fuzzy translations?)?'
    r'(?:, (?P<untranslated>\d+) untranslated messages?)?')


def check_translations(srcdir):
    msgfmt = need_tool('msgfmt', 'gettext')
    podir = os.path.join(srcdir, 'po')
    languages = read_linguas(srcdir)
    po_files = sorted(n[:-3] for n in os.listdir(podir) if n.endswith('.po'))
    problems = []

    for lang in languages:
        if lang not in po_files:
            problems.append(f'po/LINGUAS names {lang}, but po/{lang}.po does not exist')
    for lang in po_files:
        if lang not in languages:
            problems.append(f'po/{lang}.po exists, but po/LINGUAS does not name {lang}')

    for lang in po_files:
        name = f'po/{lang}.po'
        proc = subprocess.run(
            [msgfmt, '--check', '--statistics', '--output-file=/dev/null', name],
            cwd=srcdir, capture_output=True, text=True, env={**os.environ, 'LC_ALL': 'C'})
        if proc.returncode != 0:
            problems.append(f'{name}: msgfmt --check failed:')
            problems.append(proc.stderr.strip())
            continue
        match = STATISTICS.search(proc.stderr)
        if match is None:
            problems.append(f'{name}: cannot read msgfmt statistics: {proc.stderr.strip()}')
            continue
        fuzzy = int(match.group('fuzzy') or 0)
        untranslated = int(match.group('untranslated') or 0)
        if fuzzy or untranslated:
            problems.append(f'{name}: {fuzzy} fuzzy and {untranslated} untranslated messages')
        else:
            print(f'{name}: {match.group("translated")} messages, all translated')

    if problems:
        fail(problems)


def main():
    commands = {
        'potfiles': check_potfiles,
        'update': update_potfiles,
        'translations': check_translations,
    }
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        fail(['usage: check-potfiles.py potfiles|update|translations SRCDIR'])
    commands[sys.argv[1]](sys.argv[2])


if __name__ == '__main__':
    main()
