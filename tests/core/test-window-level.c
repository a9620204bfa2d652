/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-window-level.h"

static void
test_presets (void)
{
  static const struct { const char *name; double center, width; } expected[] = {
    { "lung", -600, 1500 }, { "mediastinum", 50, 350 }, { "bone", 400, 1800 },
    { "brain", 40, 80 }, { "abdomen", 50, 400 },
  };
  const SlWindowLevelPreset *presets;
  guint n = 0;

  presets = sl_window_level_presets (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (presets[i].name, ==, expected[i].name);
      g_assert_cmpfloat (presets[i].center, ==, expected[i].center);
      g_assert_cmpfloat (presets[i].width, ==, expected[i].width);
      g_assert_nonnull (presets[i].label);
      g_assert_true (sl_window_level_preset_lookup (expected[i].name) == &presets[i]);
    }
  g_assert_true (sl_window_level_preset_lookup ("BONE") == &presets[2]);
  g_assert_null (sl_window_level_preset_lookup ("liver"));
}

/* CT gets the HU presets; other modalities have no standard scale: none. */
static void
test_presets_for_modality (void)
{
  const char *others[] = { "MR", "CR", "DX", "US", "ct", NULL };
  guint n = 0, n_ct = 0;
  const SlWindowLevelPreset *ct = sl_window_level_presets_for_modality ("CT", &n_ct);

  g_assert_true (ct == sl_window_level_presets (&n));
  g_assert_cmpuint (n_ct, ==, n);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      n = 99;
      g_assert_null (sl_window_level_presets_for_modality (others[i], &n));
      g_assert_cmpuint (n, ==, 0);
    }
}

static void
test_parse_valid (void)
{
  static const struct { const char *text; double center, width; } cases[] = {
    { "lung", -600, 1500 },
    { "Brain", 40, 80 },
    { "40,400", 40, 400 },
    { "-600,1500", -600, 1500 },
    { " -160.5 , 240.25 ", -160.5, 240.25 },
    { "1e3,2e3", 1000, 2000 },
    { "0,1", 0, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      double c = NAN, w = NAN;

      g_assert_true (sl_window_level_parse (cases[i].text, &c, &w, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (c, ==, cases[i].center);
      g_assert_cmpfloat (w, ==, cases[i].width);
    }
}

static void
test_parse_invalid (void)
{
  static const char *cases[] = {
    "", "lungs", "40", "40,", ",400", "40,0", "40,-10", "a,b", "40,400,3", "40;400",
    "nan,400", "40,inf", "40 400", "40,400x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      double c = 7, w = 9;

      g_assert_false (sl_window_level_parse (cases[i], &c, &w, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "lung"));
      /* Outputs are untouched on failure. */
      g_assert_cmpfloat (c, ==, 7);
      g_assert_cmpfloat (w, ==, 9);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/io/window/presets", test_presets);
  g_test_add_func ("/sightline/io/window/presets-for-modality", test_presets_for_modality);
  g_test_add_func ("/sightline/io/window/parse-valid", test_parse_valid);
  g_test_add_func ("/sightline/io/window/parse-invalid", test_parse_invalid);
  return g_test_run ();
}
