/* odfe-yaml-check.h: checking a YAML file while the user types it (libyaml)
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ODFE_YAML_ERROR,
  ODFE_YAML_WARNING,
} OdfeYamlSeverity;

/* One thing wrong, or likely wrong, at a place in the text.  The issue owns @message. */
typedef struct
{
  OdfeYamlSeverity severity;
  guint            line;          /* 1-based */
  guint            column;        /* 1-based, in characters (not bytes) */
  guint            end_column;    /* 1-based, exclusive; == column when it marks a point */
  char            *message;       /* a translated sentence a person can act on */
} OdfeYamlIssue;

void       odfe_yaml_issue_free        (OdfeYamlIssue  *issue);

/* Checks @text (a YAML document; @length may be -1 when it is nul-terminated).  Returns
 * OdfeYamlIssue*s sorted by position (never NULL; empty when all is well; free with
 * g_ptr_array_unref).  Errors: libyaml's parser/scanner error with its problem text, line and
 * column (at most one, parsing stops there).  Warnings: a duplicate key in the same mapping
 * (naming the key and the line of the first one), a tab used for indentation, a plain scalar
 * whose YAML 1.1 type differs from what the key likely means: yes/no/on/off/y/n in any case
 * would become a boolean where a string seems meant (true/false are not warned about), bare
 * numbers with a leading zero (octal in YAML 1.1), version-like values such as 1.10 that
 * become floats, and numbers with colons such as 22:22 (base 60 in YAML 1.1).  Never fails and never crashes, whatever @text holds. */
GPtrArray *odfe_yaml_check             (const char     *text,
                                        gssize          length);

/* TRUE when any issue is an ODFE_YAML_ERROR; @first_error receives it (not a copy) if
 * asked, or NULL. */
gboolean   odfe_yaml_issues_have_error (GPtrArray            *issues,
                                        const OdfeYamlIssue **first_error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OdfeYamlIssue, odfe_yaml_issue_free)

G_END_DECLS
