/* lsan-glib-quarks.c: keeps GLib's first quark array in sight of LeakSanitizer.
 *
 * GLib keeps the strings of its quarks in an array that it grows by replacing it with a
 * bigger copy, and it never frees the array it replaced: lookups take no lock, so one may
 * still be reading it.  The first array (2048 entries, 16 KiB) is made while GLib loads;
 * once a program has more quarks than that (an interface test with GtkSourceView does),
 * nothing points to it any more and LeakSanitizer reports it as a direct leak.  The report
 * cannot be suppressed by name: Debian's GLib has no frame pointers, so the stack stops at
 * g_malloc, as it does for every leak of ours.
 *
 * So this file finds that first array while it is still GLib's current one (in a
 * constructor, after GLib's and GObject's have run) by looking in GLib's writable data for
 * the pointer whose entries are two quarks made here, and keeps a copy of it in our own data,
 * where LeakSanitizer looks for pointers.  Only the sanitizer build has it.
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)

#include <sanitizer/asan_interface.h>

#define MAX_RANGES 512

typedef struct
{
  guintptr start;
  guintptr end;
  gboolean in_glib;
} Range;

/* Read by LeakSanitizer as a root: never used otherwise. */
static volatile gpointer first_quark_array;

static guint
read_writable_ranges (Range *ranges)
{
  FILE *maps = fopen ("/proc/self/maps", "r");
  char line[1024];
  guint n = 0;

  if (maps == NULL)
    return 0;

  while (n < MAX_RANGES && fgets (line, sizeof line, maps) != NULL)
    {
      unsigned long start;
      unsigned long end;
      char perms[5];

      if (sscanf (line, "%lx-%lx %4s", &start, &end, perms) != 3 || perms[0] != 'r'
          || perms[1] != 'w')
        continue;
      ranges[n].start = start;
      ranges[n].end = end;
      ranges[n].in_glib = strstr (line, "/libglib-2.0.so") != NULL;
      n++;
    }
  fclose (maps);

  return n;
}

static gboolean
readable (const Range *ranges,
          guint        n_ranges,
          guintptr     start,
          gsize        size)
{
  for (guint i = 0; i < n_ranges; i++)
    if (start >= ranges[i].start && start + size <= ranges[i].end)
      return TRUE;

  return FALSE;
}

__attribute__((constructor)) static void
keep_first_quark_array (void)
{
  static Range ranges[MAX_RANGES];
  const char *first = "searchdeck-lsan-first";
  const char *second = "searchdeck-lsan-second";
  GQuark first_quark = g_quark_from_static_string (first);
  GQuark second_quark = g_quark_from_static_string (second);
  guint n_ranges;

  /* Past the first array, there is nothing left to keep. */
  if (second_quark >= 2048)
    return;

  n_ranges = read_writable_ranges (ranges);
  for (guint i = 0; i < n_ranges; i++)
    {
      if (!ranges[i].in_glib)
        continue;

      for (guintptr at = ranges[i].start; at + sizeof (gpointer) <= ranges[i].end;
           at += sizeof (gpointer))
        {
          const char * const *candidate = *(const char * const * const *) at;
          guintptr base = (guintptr) candidate;

          /* Only what is mapped, and (not to trip the sanitizer) not poisoned. */
          if (base % sizeof (gpointer) != 0
              || !readable (ranges, n_ranges, base, (second_quark + 1) * sizeof (gpointer))
              || __asan_region_is_poisoned ((void *) candidate,
                                            (second_quark + 1) * sizeof (gpointer)) != NULL)
            continue;
          if (candidate[first_quark] == first && candidate[second_quark] == second)
            {
              first_quark_array = (gpointer) candidate;
              return;
            }
        }
    }
}

#endif
