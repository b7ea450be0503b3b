/* keyring-session.h: a real, unlocked Secret Service for one test program
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KeyringSession KeyringSession;

/* Starts gnome-keyring-daemon's secrets component on the session bus the
 * test runs in (build-aux/dev gives each run its own), with a fresh keyring
 * in a temporary home, unlocked.  Returns NULL with a reason in @why when it
 * cannot: no session bus, or no gnome-keyring-daemon. */
KeyringSession *keyring_session_start (char           **why);
void            keyring_session_stop  (KeyringSession  *session);

G_END_DECLS
