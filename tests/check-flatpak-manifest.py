#!/usr/bin/env python3
# Checks Searchdeck's Flatpak manifest without building it: the file parses,
# names the right application, runtime and command, asks for exactly the
# permissions the application needs, pins every download with a checksum or a
# tag, and every local path it names exists relative to the manifest.
#
#   check-flatpak-manifest.py MANIFEST APPLICATION_ID COMMAND
#
# Copyright 2026 The Searchdeck authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import sys

# Least privilege: these and nothing else.  A new permission must be added here
# on purpose, with a reason in the commit that adds it.
EXPECTED_FINISH_ARGS = {
    '--share=network',                      # the Kubernetes API and search clusters
    '--share=ipc',                          # X11 shared memory
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',                         # GL rendering
    '--filesystem=~/.kube:ro',              # the kubeconfig, read only
    '--talk-name=org.freedesktop.secrets',  # passwords in the keyring
    '--talk-name=org.freedesktop.Flatpak',  # flatpak-spawn --host for credential plugins
}

EXPECTED = {
    'runtime': 'org.gnome.Platform',
    'sdk': 'org.gnome.Sdk',
}

SHA256 = re.compile(r'^[0-9a-f]{64}$')
COMMIT = re.compile(r'^[0-9a-f]{40}$')


class Checker:
    def __init__(self, manifest):
        self.manifest = manifest
        self.basedir = os.path.dirname(os.path.abspath(manifest))
        self.problems = []

    def problem(self, where, message):
        self.problems.append(f'{self.manifest}: {where}: {message}')

    def check_local_path(self, where, path):
        if not isinstance(path, str) or not path:
            self.problem(where, 'a local path must be a non-empty string')
        elif not os.path.exists(os.path.join(self.basedir, path)):
            self.problem(where, f'{path} does not exist relative to the manifest')

    def check_source(self, where, source):
        if isinstance(source, str):
            self.check_local_path(where, source)
            return
        if not isinstance(source, dict):
            self.problem(where, 'a source must be an object or a file name')
            return
        kind = source.get('type')
        if kind in ('archive', 'file') and 'url' in source:
            if not SHA256.match(str(source.get('sha256', ''))):
                self.problem(where, f'{kind} source {source["url"]} has no valid sha256')
        elif kind in ('dir', 'file'):
            self.check_local_path(where, source.get('path'))
        elif kind == 'patch':
            paths = source.get('paths', [source.get('path')])
            for path in paths:
                self.check_local_path(where, path)
        elif kind == 'git':
            if 'url' not in source and 'path' not in source:
                self.problem(where, 'git source has neither url nor path')
            if 'path' in source:
                self.check_local_path(where, source['path'])
            if 'tag' not in source and 'commit' not in source:
                self.problem(where, 'git source is pinned by neither tag nor commit')
            if 'commit' in source and not COMMIT.match(str(source['commit'])):
                self.problem(where, f'git commit {source["commit"]} is not 40 hex digits')
        elif kind in ('script', 'shell', 'inline'):
            pass
        elif kind == 'archive':
            self.check_local_path(where, source.get('path'))
        else:
            self.problem(where, f'unknown source type {kind!r}')

    def check_module(self, where, module):
        if isinstance(module, str):
            self.check_local_path(where, module)
            return None
        if not isinstance(module, dict):
            self.problem(where, 'a module must be an object or a file name')
            return None
        name = module.get('name')
        if not isinstance(name, str) or not name:
            self.problem(where, 'module has no name')
            name = '?'
        where = f'module {name}'
        sources = module.get('sources')
        if not isinstance(sources, list) or not sources:
            self.problem(where, 'module has no sources')
        else:
            for index, source in enumerate(sources):
                self.check_source(f'{where}: source {index}', source)
        for index, child in enumerate(module.get('modules', [])):
            self.check_module(f'{where}: module {index}', child)
        return module

    def check(self, app_id, command):
        try:
            with open(self.manifest, encoding='utf-8') as f:
                data = json.load(f)
        except OSError as e:
            self.problem('file', f'cannot read it: {e.strerror}')
            return
        except json.JSONDecodeError as e:
            self.problem(f'line {e.lineno}', f'not valid JSON: {e.msg}')
            return
        if not isinstance(data, dict):
            self.problem('top level', 'must be a JSON object')
            return

        manifest_id = data.get('id', data.get('app-id'))
        if manifest_id != app_id:
            self.problem('id', f'is {manifest_id!r}, expected {app_id!r}')
        base = os.path.basename(self.manifest)
        if base != app_id + '.json':
            self.problem('file name', f'should be {app_id}.json')
        for key, value in EXPECTED.items():
            if data.get(key) != value:
                self.problem(key, f'is {data.get(key)!r}, expected {value!r}')
        version = data.get('runtime-version')
        if not isinstance(version, str) or not re.match(r'^\d+$', version):
            self.problem('runtime-version', f'{version!r} is not a stable branch such as "47"')
        if data.get('command') != command:
            self.problem('command', f'is {data.get("command")!r}, expected {command!r}')

        finish_args = data.get('finish-args')
        if not isinstance(finish_args, list):
            self.problem('finish-args', 'missing or not a list')
        else:
            present = set(finish_args)
            for arg in sorted(EXPECTED_FINISH_ARGS - present):
                self.problem('finish-args', f'{arg} is missing')
            for arg in sorted(present - EXPECTED_FINISH_ARGS):
                self.problem('finish-args', f'{arg} is more than the application needs')
            if len(finish_args) != len(present):
                self.problem('finish-args', 'lists a permission twice')

        modules = data.get('modules')
        if not isinstance(modules, list) or not modules:
            self.problem('modules', 'missing or empty')
            return
        checked = [self.check_module(f'module {i}', m) for i, m in enumerate(modules)]
        last = checked[-1]
        if last is None or last.get('name') != command:
            self.problem('modules', f'the last module must build {command} itself')
        elif last.get('buildsystem') != 'meson':
            self.problem(f'module {command}', 'must use buildsystem meson')
        elif not any(isinstance(s, dict) and s.get('type') == 'dir'
                     for s in last.get('sources', [])):
            self.problem(f'module {command}', 'must build from the checkout (a "dir" source)')


def main():
    if len(sys.argv) != 4:
        print('usage: check-flatpak-manifest.py MANIFEST APPLICATION_ID COMMAND',
              file=sys.stderr)
        sys.exit(1)
    checker = Checker(sys.argv[1])
    checker.check(sys.argv[2], sys.argv[3])
    if checker.problems:
        for line in checker.problems:
            print(line, file=sys.stderr)
        sys.exit(1)
    print(f'{sys.argv[1]}: valid')


if __name__ == '__main__':
    main()
