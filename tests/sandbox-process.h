/* sandbox-process.h: the searchdeck-sandbox program run as a child of a test
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *state_dir;     /* made for this run, removed by sandbox_process_stop() */
  char        *url;           /* https://127.0.0.1:<port>, from the READY line */
  char        *kubeconfig;    /* the path of the kubeconfig it wrote */
} SandboxProcess;

/* Starts SANDBOX_PATH (asserts that it is set) with the demo seed, a new state directory
 * named after @prefix, --exit-on-stdin-eof and @extra_args (NULL-terminated, may be NULL),
 * through @launcher (which decides the environment, NULL for the test's own; its flags are
 * set to pipe stdin and stdout).  Returns once the sandbox has printed its READY line,
 * asserting the line's shape. */
SandboxProcess *sandbox_process_start (const char          *prefix,
                                       GSubprocessLauncher *launcher,
                                       const char * const  *extra_args);

/* Closes the sandbox's stdin, asserts that it then exits with status 0, removes its state
 * directory and frees @sandbox. */
void            sandbox_process_stop  (SandboxProcess      *sandbox);

G_END_DECLS
