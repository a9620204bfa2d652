/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "sl-error.h"
#include "sl-json.h"

static void
test_numbers_and_text (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *list;

  json_builder_begin_object (builder);
  sl_json_add_number (builder, "auc", NAN);
  sl_json_add_number (builder, "accuracy", 0.875);
  json_builder_set_member_name (builder, "name \"quoted\"\n\xc3\xa9");
  json_builder_begin_array (builder);
  sl_json_add_number (builder, NULL, INFINITY);
  sl_json_add_number (builder, NULL, -2.5);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  text = sl_json_builder_text (builder, FALSE);
  g_assert_null (strchr (text, '\n'));
  g_assert_nonnull (strstr (text, "\"auc\":null"));

  back = sl_json_parse_object (text, "built", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (back, "auc"));
  g_assert_cmpfloat (sl_json_number (back, "accuracy", -1), ==, 0.875);
  g_assert_cmpfloat (sl_json_number (back, "auc", -1), ==, -1);
  g_assert_cmpfloat (sl_json_number (back, "missing", 7), ==, 7);
  list = json_object_get_array_member (back, "name \"quoted\"\n\xc3\xa9");
  g_assert_nonnull (list);
  g_assert_true (json_node_is_null (json_array_get_element (list, 0)));
  g_assert_cmpfloat (json_array_get_double_element (list, 1), ==, -2.5);
}

static void
test_pretty (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "images");
  json_builder_add_int_value (builder, 3);
  json_builder_end_object (builder);
  text = sl_json_builder_text (builder, TRUE);
  g_assert_cmpstr (text, ==, "{\n  \"images\" : 3\n}");
}

static void
test_number_types (void)
{
  g_autoptr(JsonObject) o = sl_json_parse_object ("{\"i\": 4, \"s\": \"4\", \"b\": true, "
                                                  "\"z\": null, \"a\": [4]}", "inline", NULL);

  g_assert_nonnull (o);
  g_assert_cmpfloat (sl_json_number (o, "i", 0), ==, 4);
  g_assert_cmpfloat (sl_json_number (o, "s", 0), ==, 0);
  g_assert_cmpfloat (sl_json_number (o, "b", 0), ==, 0);
  g_assert_cmpfloat (sl_json_number (o, "z", 0), ==, 0);
  g_assert_cmpfloat (sl_json_number (o, "a", 0), ==, 0);
  g_assert_cmpfloat (sl_json_number (NULL, "i", 5), ==, 5);
}

static void
test_invalid (void)
{
  const char *bad[] = { "", "{", "[1, 2]", "{\"a\": 1,}", "{a: 1}", "\"text\"", "42", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) o = sl_json_parse_object (bad[i], "model 7", &error);

      g_assert_null (o);
      g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
      g_assert_true (g_str_has_prefix (error->message, "model 7: "));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/core/json/numbers-and-text", test_numbers_and_text);
  g_test_add_func ("/sightline/core/json/pretty", test_pretty);
  g_test_add_func ("/sightline/core/json/number-types", test_number_types);
  g_test_add_func ("/sightline/core/json/invalid", test_invalid);
  return g_test_run ();
}
