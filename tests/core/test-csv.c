/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sl-csv.h"
#include "sl-error.h"

/* Writes values as one row and parses it back. */
static GStrv
round_trip (const char * const *values,
            char              **written)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GStrv fields;

  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (line, ',');
      sl_csv_append_field (line, values[i]);
    }
  g_string_append_c (line, '\n');
  rows = sl_csv_parse (line->str, line->len, "row.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  fields = g_steal_pointer (&((SlCsvRow *) g_ptr_array_index (rows, 0))->fields);
  *written = g_strdup (line->str);
  return fields;
}

static void
test_formulas_quoted (void)
{
  const char *values[] = { "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tlead",
                           "\rcr", "plain", "a,b", "'quoted'", "'=already", "''", "'", "",
                           "x=1", "é-ø", NULL };
  g_autofree char *written = NULL;
  g_auto(GStrv) back = round_trip (values, &written);

  g_assert_cmpuint (g_strv_length (back), ==, G_N_ELEMENTS (values) - 1);
  for (guint i = 0; values[i] != NULL; i++)
    g_assert_cmpstr (back[i], ==, values[i]);
  /* What a spreadsheet sees: every risky cell starts with an apostrophe inside quotes. */
  g_assert_true (g_str_has_prefix (written, "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1\","
                                            "\"'-2\",\"'@SUM(A1)\",\"'\tlead\",\"'\rcr\","
                                            "plain,\"a,b\",'quoted',\"''=already\",\"'''\",',,"
                                            "x=1,é-ø\n"));
}

static void
test_foreign_apostrophes_kept (void)
{
  /* Files from elsewhere: only a quoted apostrophe before a formula character is ours. */
  const char *text = "\"'name\",'=x,\"'=y\"\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sl_csv_parse (text, strlen (text), "other.csv", &error);
  GStrv fields;

  g_assert_no_error (error);
  fields = ((SlCsvRow *) g_ptr_array_index (rows, 0))->fields;
  g_assert_cmpstr (fields[0], ==, "'name");
  g_assert_cmpstr (fields[1], ==, "'=x");
  g_assert_cmpstr (fields[2], ==, "=y");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/core/csv/formulas-quoted", test_formulas_quoted);
  g_test_add_func ("/sightline/core/csv/foreign-apostrophes-kept", test_foreign_apostrophes_kept);
  return g_test_run ();
}
