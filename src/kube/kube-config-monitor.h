/* kube-config-monitor.h: notices when any kubeconfig file changes on disk
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KUBE_TYPE_CONFIG_MONITOR (kube_config_monitor_get_type ())

G_DECLARE_FINAL_TYPE (KubeConfigMonitor, kube_config_monitor, KUBE, CONFIG_MONITOR, GObject)

/* Watches each of @paths, including files that do not exist yet (through
 * their directory), so that creating, editing, replacing (as editors and
 * `kubectl config` do, by rename) or deleting one is noticed.  Emits
 * ::changed once per burst of file events, after a short settle delay. */
KubeConfigMonitor *kube_config_monitor_new (const char * const *paths);

G_END_DECLS
