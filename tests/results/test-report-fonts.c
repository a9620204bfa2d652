/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "sl-report-private.h"
#include "sl-test-util.h"

/* The report's font list must cover Chinese (zh_CN translations): no glyph drawn as a box. */
#define CHINESE "模型评估报告：肺炎与正常胸片的敏感性和特异性"

static void
test_font_covers_chinese (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (SL_REPORT_FONT " 10");

  g_object_unref (context);   /* the layout keeps its own reference */

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, CHINESE " Accuracy 0.8905", -1);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
}

static void
test_pdf_text_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *pdf = NULL;
  g_autofree char *exe = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL, *err = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  SlCanvas canvas;
  double height;

  g_assert_no_error (error);
  pdf = g_build_filename (dir, "zh.pdf", NULL);
  surface = cairo_pdf_surface_create (pdf, 595, 842);
  cr = cairo_create (surface);
  sl_canvas_init (&canvas, cr);
  height = sl_canvas_text (&canvas, 50, 50, 400, SL_TEXT_BODY, PANGO_ALIGN_LEFT, SL_REPORT_INK,
                           CHINESE);
  g_assert_cmpfloat (height, >, 5);
  sl_canvas_clear (&canvas);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  if (exe == NULL)
    g_test_skip ("pdftotext (poppler-utils) is not installed");
  else
    {
      const char *argv[] = { exe, pdf, "-", NULL };

      g_assert_cmpint (sl_test_run (argv, &out, &err), ==, 0);
      g_assert_nonnull (strstr (out, CHINESE));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/report/fonts/cover-chinese", test_font_covers_chinese);
  g_test_add_func ("/sightline/report/fonts/pdf-round-trip", test_pdf_text_round_trip);
  return g_test_run ();
}
