/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-gui-test.h"
#include "sl-heatmap-legend.h"
#include "sl-label-palette.h"

static const SlLabelClass classes[] = {
  { "normal", { 0.20, 0.52, 0.89, 1 }, 1, 1214 },
  { "pneumonia", { 0.88, 0.11, 0.14, 1 }, 2, 3494 },
  { "unsure", { 0.96, 0.76, 0.07, 1 }, 0, 12 },
  { "artefact", { 0.60, 0.35, 0.71, 1 }, 9, 3 },
};

static void
on_class_activated (SlLabelPalette *palette,
                    int             index,
                    int            *got)
{
  got[0] = index;
  got[1]++;
}

static void
test_keys (void)
{
  SlLabelPalette *palette = SL_LABEL_PALETTE (sl_label_palette_new ());
  int got[2] = { -1, 0 };

  g_object_ref_sink (palette);
  sl_label_palette_set_classes (palette, classes, G_N_ELEMENTS (classes));
  g_assert_cmpuint (sl_label_palette_get_n_classes (palette), ==, 4);
  g_signal_connect (palette, "class-activated", G_CALLBACK (on_class_activated), got);

  g_assert_cmpint (sl_label_palette_class_for_key (palette, GDK_KEY_1), ==, 0);
  g_assert_cmpint (sl_label_palette_class_for_key (palette, GDK_KEY_KP_2), ==, 1);
  g_assert_cmpint (sl_label_palette_class_for_key (palette, GDK_KEY_9), ==, 3);
  g_assert_cmpint (sl_label_palette_class_for_key (palette, GDK_KEY_3), ==, -1);

  g_assert_true (sl_label_palette_handle_key (palette, GDK_KEY_2));
  g_assert_cmpint (got[0], ==, 1);
  g_assert_true (sl_label_palette_handle_key (palette, GDK_KEY_KP_1));
  g_assert_cmpint (got[0], ==, 0);
  g_assert_true (sl_label_palette_handle_key (palette, GDK_KEY_KP_9));
  g_assert_cmpint (got[0], ==, 3);
  g_assert_cmpint (got[1], ==, 3);

  /* No class has 3..8; 0 and letters are never class keys. */
  for (guint key = GDK_KEY_3; key <= GDK_KEY_8; key++)
    g_assert_false (sl_label_palette_handle_key (palette, key));
  g_assert_false (sl_label_palette_handle_key (palette, GDK_KEY_0));
  g_assert_false (sl_label_palette_handle_key (palette, GDK_KEY_KP_0));
  g_assert_false (sl_label_palette_handle_key (palette, GDK_KEY_a));
  g_assert_cmpint (got[1], ==, 3);

  /* Handling a key does not change the current class: the window does, once it is stored. */
  g_assert_cmpint (sl_label_palette_get_current (palette), ==, -1);

  /* New classes replace the keys. */
  sl_label_palette_set_classes (palette, classes, 1);
  g_assert_false (sl_label_palette_handle_key (palette, GDK_KEY_2));
  sl_label_palette_set_classes (palette, NULL, 0);
  g_assert_false (sl_label_palette_handle_key (palette, GDK_KEY_1));
  g_assert_cmpint (got[1], ==, 3);

  g_assert_finalize_object (palette);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              int        *count)
{
  (*count)++;
}

static void
test_current_and_suggested (void)
{
  SlLabelPalette *palette = SL_LABEL_PALETTE (sl_label_palette_new ());
  int notified = 0;

  g_object_ref_sink (palette);
  sl_label_palette_set_classes (palette, classes, G_N_ELEMENTS (classes));
  g_signal_connect (palette, "notify::current", G_CALLBACK (count_notify), &notified);

  sl_label_palette_set_current (palette, 2);
  g_assert_cmpint (sl_label_palette_get_current (palette), ==, 2);
  sl_label_palette_set_current (palette, 2);
  g_assert_cmpint (notified, ==, 1);
  sl_label_palette_set_current (palette, 17);      /* out of range: none */
  g_assert_cmpint (sl_label_palette_get_current (palette), ==, -1);
  g_assert_cmpint (notified, ==, 2);

  sl_label_palette_set_suggested (palette, 1, 0.87);
  g_assert_cmpint (sl_label_palette_get_suggested (palette), ==, 1);
  sl_label_palette_set_suggested (palette, -1, -1);
  g_assert_cmpint (sl_label_palette_get_suggested (palette), ==, -1);

  sl_label_palette_set_current (palette, 0);
  sl_label_palette_set_classes (palette, classes, 2);   /* resets both */
  g_assert_cmpint (sl_label_palette_get_current (palette), ==, -1);

  g_assert_finalize_object (palette);
}

/* A click on a class button activates that class. */
static void
test_click (void)
{
  SlLabelPalette *palette = SL_LABEL_PALETTE (sl_label_palette_new ());
  GtkWindow *window;
  GtkWidget *child;
  int got[2] = { -1, 0 };

  sl_label_palette_set_classes (palette, classes, G_N_ELEMENTS (classes));
  g_signal_connect (palette, "class-activated", G_CALLBACK (on_class_activated), got);
  window = sl_gui_test_show (GTK_WIDGET (palette), 320, 200);

  child = gtk_widget_get_first_child (GTK_WIDGET (palette));
  child = gtk_widget_get_next_sibling (child);
  g_assert_true (GTK_IS_BUTTON (child));
  g_signal_emit_by_name (child, "clicked");
  g_assert_cmpint (got[0], ==, 1);
  g_assert_cmpint (got[1], ==, 1);
  g_assert_nonnull (gtk_widget_get_tooltip_text (child));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child), "pneumonia"));

  gtk_window_destroy (window);
}

static void
test_screenshot (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *palette = sl_label_palette_new ();
  GtkWidget *row = sl_label_palette_new ();
  GtkWidget *legend = sl_heatmap_legend_new ();
  GtkWidget *vlegend = sl_heatmap_legend_new ();
  GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  g_autoptr(GdkTexture) rendered = NULL;
  guint8 stops[3 * 9];
  GtkWindow *window;

  /* An inferno-like ramp. */
  static const guint8 inferno[] = { 0, 0, 4, 40, 11, 84, 101, 21, 110, 159, 42, 99, 212, 72, 66,
                                    245, 125, 21, 250, 193, 39, 245, 251, 161, 252, 255, 164 };
  memcpy (stops, inferno, sizeof stops);

  sl_label_palette_set_classes (SL_LABEL_PALETTE (palette), classes, G_N_ELEMENTS (classes));
  sl_label_palette_set_current (SL_LABEL_PALETTE (palette), 0);
  sl_label_palette_set_suggested (SL_LABEL_PALETTE (palette), 1, 0.87);
  sl_label_palette_set_classes (SL_LABEL_PALETTE (row), classes, 2);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (row), GTK_ORIENTATION_HORIZONTAL);
  sl_label_palette_set_current (SL_LABEL_PALETTE (row), 1);
  sl_label_palette_set_suggested (SL_LABEL_PALETTE (row), 1, -1);

  sl_heatmap_legend_set_stops (SL_HEATMAP_LEGEND (legend), stops, 9);
  sl_heatmap_legend_set_stops (SL_HEATMAP_LEGEND (vlegend), stops, 9);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (vlegend), GTK_ORIENTATION_VERTICAL);
  sl_heatmap_legend_set_low_label (SL_HEATMAP_LEGEND (vlegend), "low");
  sl_heatmap_legend_set_high_label (SL_HEATMAP_LEGEND (vlegend), "high");
  gtk_widget_set_hexpand (legend, TRUE);
  gtk_widget_set_valign (legend, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), palette);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (hbox), legend);
  gtk_box_append (GTK_BOX (hbox), vlegend);
  gtk_box_append (GTK_BOX (box), hbox);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_size_request (vlegend, -1, 90);

  window = sl_gui_test_show (box, 360, 420);
  rendered = sl_gui_test_render (GTK_WIDGET (window));
  sl_gui_test_save (rendered, "label-palette");
  /* The legend's left end is the first stop, its right end the last. */
  {
    graphene_point_t p;

    g_assert_true (gtk_widget_compute_point (legend, GTK_WIDGET (window),
                                             &GRAPHENE_POINT_INIT (2, 5), &p));
    g_assert_cmphex (sl_gui_test_pixel (rendered, (int) p.x, (int) p.y) & 0xffffff, <, 0x202020);
  }
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sightline/widgets/label-palette/keys", test_keys);
  g_test_add_func ("/sightline/widgets/label-palette/current-and-suggested",
                   test_current_and_suggested);
  g_test_add_func ("/sightline/widgets/label-palette/click", test_click);
  g_test_add_func ("/sightline/widgets/label-palette/screenshot", test_screenshot);

  return g_test_run ();
}
