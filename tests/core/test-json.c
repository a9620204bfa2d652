/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "sl-error.h"
#include "sl-json.h"

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJson) root = sl_json_parse (" {\"n\": -12.5e1, \"s\": \"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\","
                                          " \"t\": true, \"f\": false, \"z\": null,"
                                          " \"list\": [1, [2, {}], []], \"o\": {\"k\": 0}} ",
                                          &error);
  SlJson *list;

  g_assert_no_error (error);
  g_assert_cmpint (sl_json_get_type (root), ==, SL_JSON_OBJECT);
  g_assert_cmpuint (sl_json_get_length (root), ==, 7);
  g_assert_cmpstr (sl_json_get_key (root, 0), ==, "n");
  g_assert_cmpfloat (sl_json_member_number (root, "n", 0), ==, -125.0);
  g_assert_cmpstr (sl_json_member_string (root, "s"), ==, "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_true (sl_json_get_boolean (sl_json_get_member (root, "t")));
  g_assert_false (sl_json_get_boolean (sl_json_get_member (root, "f")));
  g_assert_cmpint (sl_json_get_type (sl_json_get_member (root, "z")), ==, SL_JSON_NULL);
  list = sl_json_get_member (root, "list");
  g_assert_cmpuint (sl_json_get_length (list), ==, 3);
  g_assert_cmpfloat (sl_json_get_number (sl_json_get_index (sl_json_get_index (list, 1), 0)), ==,
                     2);
  g_assert_cmpint (sl_json_get_type (sl_json_get_index (sl_json_get_index (list, 1), 1)), ==,
                   SL_JSON_OBJECT);
  g_assert_null (sl_json_get_index (list, 3));
  g_assert_null (sl_json_get_member (root, "missing"));
  g_assert_null (sl_json_get_member (list, "n"));
  g_assert_true (isnan (sl_json_get_number (sl_json_get_member (root, "s"))));
  g_assert_null (sl_json_get_string (sl_json_get_member (root, "n")));
  g_assert_cmpfloat (sl_json_member_number (root, "s", 7), ==, 7);
}

static void
test_copy (void)
{
  g_autoptr(SlJson) root = sl_json_parse ("{\"a\": [1, \"x\"], \"b\": {\"c\": null}}", NULL);
  g_autoptr(SlJson) copy = NULL;

  g_assert_nonnull (root);
  copy = sl_json_copy (root);
  g_clear_pointer (&root, sl_json_free);
  g_assert_cmpstr (sl_json_get_key (copy, 1), ==, "b");
  g_assert_cmpstr (sl_json_get_string (sl_json_get_index (sl_json_get_member (copy, "a"), 1)), ==,
                   "x");
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "", "{", "[1, 2", "[1,]", "{\"a\" 1}", "{\"a\": 1,}", "{a: 1}", "01", "1.", ".5", "-",
    "1e", "tru", "nul", "\"abc", "\"a\\x\"", "\"\\u12g4\"", "\"\\ud800\"", "\"\\ud800\\u0041\"",
    "\"tab\there\"", "[1] 2", "nan", "\"\xff\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlJson) root = sl_json_parse (bad[i], &error);

      g_assert_null (root);
      g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
    }
}

static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJson) root = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  root = sl_json_parse (deep->str, &error);
  g_assert_null (root);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
}

static void
test_append_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(SlJson) back = NULL;

  sl_json_append_string (out, "quote \" backslash \\ newline \n bell \a 中文");
  back = sl_json_parse (out->str, NULL);
  g_assert_cmpstr (sl_json_get_string (back), ==,
                   "quote \" backslash \\ newline \n bell \a 中文");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/report/json/values", test_values);
  g_test_add_func ("/sightline/report/json/copy", test_copy);
  g_test_add_func ("/sightline/report/json/invalid", test_invalid);
  g_test_add_func ("/sightline/report/json/depth", test_depth);
  g_test_add_func ("/sightline/report/json/append-string", test_append_string);
  return g_test_run ();
}
