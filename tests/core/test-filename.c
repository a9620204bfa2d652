/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-filename.h"

static void
test_round_trip (void)
{
  const char *names[] = { "plain.png", "caf\xc3\xa9/\xe4\xb8\xad.png", "latin1-caf\xe9.png",
                          "back\\slash", "\\xff literally", "\xff\xfe", "trail\xc3", NULL };
  const char *escaped[] = { "plain.png", "caf\xc3\xa9/\xe4\xb8\xad.png", "latin1-caf\\xe9.png",
                            "back\\\\slash", "\\\\xff literally", "\\xff\\xfe", "trail\\xc3",
                            NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *e = sl_filename_escape (names[i]);
      g_autofree char *back = sl_filename_unescape (e);

      g_assert_cmpstr (e, ==, escaped[i]);
      g_assert_true (g_utf8_validate (e, -1, NULL));
      g_assert_cmpstr (back, ==, names[i]);
    }
}

static void
test_unescape_lenient (void)
{
  g_autofree char *a = sl_filename_unescape ("a\\b\\x4");
  g_autofree char *b = sl_filename_unescape ("nul\\x00kept\\x41");

  g_assert_cmpstr (a, ==, "a\\b\\x4");
  g_assert_cmpstr (b, ==, "nul\\x00keptA");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/core/filename/round-trip", test_round_trip);
  g_test_add_func ("/sightline/core/filename/unescape-lenient", test_unescape_lenient);
  return g_test_run ();
}
