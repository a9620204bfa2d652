/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "sl-chart.h"
#include "sl-gui-test.h"
#include "sl-roc-curve.h"

static const GdkRGBA blue = { 0.21, 0.52, 0.89, 1 };
static const GdkRGBA orange = { 0.90, 0.38, 0.0, 1 };
static const GdkRGBA green = { 0.15, 0.64, 0.41, 1 };

/* The axis ranges cover every point, start and end on nice numbers, and follow new points. */
static void
test_range (void)
{
  SlChart *chart = g_object_ref_sink (SL_CHART (sl_chart_new ()));
  double x0, x1, y0, y1;
  guint loss, acc;

  g_assert_false (sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1));
  loss = sl_chart_add_series (chart, "loss", &blue, FALSE, SL_CHART_AXIS_LEFT);
  acc = sl_chart_add_series (chart, "accuracy", &orange, TRUE, SL_CHART_AXIS_RIGHT);
  g_assert_cmpuint (sl_chart_get_n_series (chart), ==, 2);
  g_assert_false (sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, NULL, NULL, NULL, NULL));

  sl_chart_add_point (chart, loss, 1, 0.693);
  g_assert_true (sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, <=, 1);
  g_assert_cmpfloat (x1, >=, 1);
  g_assert_cmpfloat (x0, <, x1);              /* one point still gives a usable range */
  g_assert_cmpfloat (y0, <=, 0.693);
  g_assert_cmpfloat (y1, >=, 0.693);

  for (int epoch = 2; epoch <= 13; epoch++)
    {
      sl_chart_add_point (chart, loss, epoch, 0.693 * exp (-0.2 * epoch) + 0.05);
      sl_chart_add_point (chart, acc, epoch, 0.97 - 0.4 * exp (-0.3 * epoch));
    }
  g_assert_true (sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, ==, 0);
  g_assert_cmpfloat (x1, ==, 14);
  g_assert_cmpfloat (y0, <=, 0.693 * exp (-0.2 * 13) + 0.05);
  g_assert_cmpfloat (y0, >=, 0.0);
  g_assert_cmpfloat (y1, >=, 0.693);
  g_assert_cmpfloat (y1, <=, 0.8);
  /* Ticks are nice: the bounds are whole multiples of 0.1 here. */
  g_assert_cmpfloat_with_epsilon (y1 * 10, round (y1 * 10), 1e-9);

  g_assert_true (sl_chart_get_range (chart, SL_CHART_AXIS_RIGHT, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat (y0, <=, 0.97 - 0.4 * exp (-0.6));
  g_assert_cmpfloat (y1, >=, 0.97 - 0.4 * exp (-3.9));
  g_assert_cmpfloat (y1, <=, 1.0);

  /* A far point widens the range; non-finite points are ignored. */
  sl_chart_add_point (chart, loss, 250, -3);
  sl_chart_add_point (chart, loss, NAN, 1);
  g_assert_true (sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x1, >=, 250);
  g_assert_cmpfloat (y0, <=, -3);

  sl_chart_clear_points (chart);
  g_assert_false (sl_chart_get_range (chart, SL_CHART_AXIS_LEFT, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (sl_chart_get_n_series (chart), ==, 2);
  sl_chart_clear (chart);
  g_assert_cmpuint (sl_chart_get_n_series (chart), ==, 0);
  g_assert_finalize_object (chart);
}

/* A training-run chart mid-run, drawn and looked at; its series colours reach the screen. */
static void
test_chart_screenshot (void)
{
  SlChart *chart = SL_CHART (sl_chart_new ());
  g_autoptr(GdkTexture) rendered = NULL;
  g_autofree guint32 *pixels = NULL;
  GtkWindow *window;
  guint train, val, acc;
  gboolean seen_blue = FALSE;
  int w, h;

  sl_chart_set_title (chart, "Training");
  sl_chart_set_x_label (chart, "epoch");
  sl_chart_set_y_label (chart, "loss");
  sl_chart_set_y2_label (chart, "accuracy");
  train = sl_chart_add_series (chart, "train loss", &blue, FALSE, SL_CHART_AXIS_LEFT);
  val = sl_chart_add_series (chart, "val loss", &blue, TRUE, SL_CHART_AXIS_LEFT);
  acc = sl_chart_add_series (chart, "val accuracy", &orange, FALSE, SL_CHART_AXIS_RIGHT);
  for (int i = 1; i <= 36; i++)
    {
      double epoch = i / 4.0;

      sl_chart_add_point (chart, train, epoch, 0.62 * exp (-0.35 * epoch) + 0.08 + 0.01 * sin (i));
      if (i % 4 == 0)
        {
          sl_chart_add_point (chart, val, epoch, 0.6 * exp (-0.3 * epoch) + 0.13);
          sl_chart_add_point (chart, acc, epoch, 0.94 - 0.25 * exp (-0.5 * epoch));
        }
    }

  window = sl_gui_test_show (GTK_WIDGET (chart), 640, 360);
  rendered = sl_gui_test_render (GTK_WIDGET (window));
  sl_gui_test_save (rendered, "chart");
  w = gdk_texture_get_width (rendered);
  h = gdk_texture_get_height (rendered);
  pixels = g_new (guint32, w * h);
  gdk_texture_download (rendered, (guchar *) pixels, w * 4);
  for (int i = 0; i < w * h && !seen_blue; i++)
    seen_blue = ABS ((int) ((pixels[i] >> 16) & 0xff) - (int) (blue.red * 255)) <= 2
                && ABS ((int) ((pixels[i] >> 8) & 0xff) - (int) (blue.green * 255)) <= 2
                && ABS ((int) (pixels[i] & 0xff) - (int) (blue.blue * 255)) <= 2;
  g_assert_true (seen_blue);
  gtk_window_destroy (window);
}

/* Where a colour appears in the rendering: the right-most x, -1 when nowhere. */
static int
rightmost (GdkTexture    *texture,
           const GdkRGBA *color)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);
  guint32 want = 0xff000000u | (guint32) (color->red * 255) << 16
                 | (guint32) (color->green * 255) << 8 | (guint32) (color->blue * 255);
  int found = -1;

  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (pixels[(gsize) y * w + x] == want)
        found = MAX (found, x);
  return found;
}

/* A narrow chart wraps its legend instead of cutting entries off, with or without a title:
 * every series' line sample is drawn, inside the widget. */
static void
test_legend_narrow (void)
{
  static const GdkRGBA colors[] = { { 1, 0, 0, 1 }, { 0, 1, 0, 1 }, { 0, 0, 1, 1 }, { 1, 0, 1, 1 } };
  const char *names[] = { "training loss", "validation loss", "training accuracy",
                          "validation accuracy" };

  for (int titled = 0; titled < 2; titled++)
    {
      SlChart *chart = SL_CHART (sl_chart_new ());
      g_autoptr(GdkTexture) rendered = NULL;
      GtkWindow *window;

      if (titled)
        sl_chart_set_title (chart, "Training");
      for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
        sl_chart_add_series (chart, names[i], &colors[i], FALSE, SL_CHART_AXIS_LEFT);
      window = sl_gui_test_show (GTK_WIDGET (chart), 260, 300);
      rendered = sl_gui_test_render (GTK_WIDGET (chart));
      sl_gui_test_save (rendered, titled ? "chart-narrow-titled" : "chart-narrow");
      for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
        {
          int x = rightmost (rendered, &colors[i]);

          g_assert_cmpint (x, >=, 0);
          g_assert_cmpint (x, <, gtk_widget_get_width (GTK_WIDGET (chart)));
        }
      gtk_window_destroy (window);
    }
}

static void
test_roc_screenshot (void)
{
  SlRocCurve *roc = SL_ROC_CURVE (sl_roc_curve_new ());
  g_autoptr(GdkTexture) rendered = NULL;
  float fpr[41], tpr[41], fpr2[41], tpr2[41];
  GtkWindow *window;

  for (int i = 0; i <= 40; i++)
    {
      fpr[i] = fpr2[i] = i / 40.0f;
      tpr[i] = powf (fpr[i], 0.18f);
      tpr2[i] = powf (fpr[i], 0.45f);
    }
  sl_roc_curve_add_series (roc, "model 3", &blue, fpr, tpr, 41, 0.947);
  sl_roc_curve_add_series (roc, "model 1", &green, fpr2, tpr2, 41, 0.812);
  g_assert_cmpuint (sl_roc_curve_get_n_series (roc), ==, 2);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (roc)), "AUC 0.947"));

  window = sl_gui_test_show (GTK_WIDGET (roc), 420, 400);
  rendered = sl_gui_test_render (GTK_WIDGET (window));
  sl_gui_test_save (rendered, "roc-curve");

  sl_roc_curve_clear (roc);
  g_assert_cmpuint (sl_roc_curve_get_n_series (roc), ==, 0);
  gtk_window_destroy (window);

  /* narrow (the Metrics page at 1024 px): the legend moves under the plot, off the curves */
  roc = SL_ROC_CURVE (sl_roc_curve_new ());
  sl_roc_curve_add_series (roc, "model 3", &blue, fpr, tpr, 41, 0.947);
  sl_roc_curve_add_series (roc, "model 1", &green, fpr2, tpr2, 41, 0.812);
  window = sl_gui_test_show (GTK_WIDGET (roc), 190, 300);
  g_clear_object (&rendered);
  rendered = sl_gui_test_render (GTK_WIDGET (window));
  sl_gui_test_save (rendered, "roc-curve-narrow");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sightline/widgets/chart/range", test_range);
  g_test_add_func ("/sightline/widgets/chart/screenshot", test_chart_screenshot);
  g_test_add_func ("/sightline/widgets/chart/legend-narrow", test_legend_narrow);
  g_test_add_func ("/sightline/widgets/roc-curve/screenshot", test_roc_screenshot);

  return g_test_run ();
}
