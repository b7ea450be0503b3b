/* test-credentials.c: cluster passwords kept in a real keyring
 *
 * Copyright 2026 The Searchdeck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "deck-credentials.h"
#include "keyring-session.h"

static KeyringSession *keyring;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *user_name;
  char     *password;
  GError   *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->user_name, g_free);
  g_clear_pointer (&outcome->password, g_free);
  g_clear_error (&outcome->error);
  outcome->done = FALSE;
}

static void
wait_for (Outcome *outcome)
{
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
looked_up (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = deck_credentials_lookup_finish (result, &outcome->user_name,
                                                &outcome->password, &outcome->error);
  outcome->done = TRUE;
}

static void
stored (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = deck_credentials_store_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static void
cleared (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = deck_credentials_clear_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static void
lookup (const DeckClusterRef *ref,
        Outcome              *outcome)
{
  outcome_clear (outcome);
  deck_credentials_lookup_async (ref, NULL, looked_up, outcome);
  wait_for (outcome);
  g_assert_no_error (outcome->error);
  g_assert_true (outcome->ok);
}

static void
test_store_lookup_clear (void)
{
  const DeckClusterRef logs = { "prod", "search", "logs" };
  const DeckClusterRef metrics = { "prod", "search", "metrics" };
  const DeckClusterRef elsewhere = { "staging", "search", "logs" };
  Outcome outcome = { 0 };

  if (keyring == NULL)
    return;

  /* Nothing kept yet: no error, nothing found. */
  lookup (&logs, &outcome);
  g_assert_null (outcome.user_name);
  g_assert_null (outcome.password);

  outcome_clear (&outcome);
  deck_credentials_store_async (&logs, "admin", "correct horse battery", NULL, stored, &outcome);
  wait_for (&outcome);
  g_assert_no_error (outcome.error);

  lookup (&logs, &outcome);
  g_assert_cmpstr (outcome.user_name, ==, "admin");
  g_assert_cmpstr (outcome.password, ==, "correct horse battery");

  /* Another cluster, or the same name in another context, is another item. */
  lookup (&metrics, &outcome);
  g_assert_null (outcome.password);
  lookup (&elsewhere, &outcome);
  g_assert_null (outcome.password);

  /* A new user name replaces the old item rather than adding a second. */
  outcome_clear (&outcome);
  deck_credentials_store_async (&logs, "operator", "tr0ub4dor", NULL, stored, &outcome);
  wait_for (&outcome);
  g_assert_no_error (outcome.error);
  lookup (&logs, &outcome);
  g_assert_cmpstr (outcome.user_name, ==, "operator");
  g_assert_cmpstr (outcome.password, ==, "tr0ub4dor");

  outcome_clear (&outcome);
  deck_credentials_clear_async (&logs, NULL, cleared, &outcome);
  wait_for (&outcome);
  g_assert_no_error (outcome.error);
  lookup (&logs, &outcome);
  g_assert_null (outcome.password);

  outcome_clear (&outcome);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *why = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  keyring = keyring_session_start (&why);
  if (keyring == NULL)
    g_test_message ("Skipping: %s", why);

  g_test_add_func ("/credentials/store-lookup-clear", test_store_lookup_clear);

  status = g_test_run ();
  keyring_session_stop (keyring);

  return status;
}
