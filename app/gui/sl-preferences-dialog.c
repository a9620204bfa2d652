/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-image.h"
#include "sl-preferences-dialog.h"
#include "sl-settings.h"

/* The spin button counts megapixels of 10⁶ pixels, as the import's messages do. */
#define PIXELS_PER_MEGAPIXEL 1e6
#define MIN_MEGAPIXELS 0.1
/* 65,535², the largest image the formats can declare */
#define MAX_MEGAPIXELS 4294.9

guint64
sl_preferences_get_max_pixels (void)
{
  g_autofree char *text = sl_settings_get_string (SL_SETTINGS_MAX_PIXELS);
  guint64 pixels;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &pixels, NULL))
    return SL_IMAGE_DEFAULT_MAX_PIXELS;
  return pixels;
}

static void
on_budget_value_changed_cb (GtkSpinButton *spin)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  guint64 pixels = (guint64) llround (gtk_spin_button_get_value (spin) * PIXELS_PER_MEGAPIXEL);

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, pixels);
  sl_settings_set_string (SL_SETTINGS_MAX_PIXELS, text);
}

/* A value typed but not confirmed with Enter counts too. */
static gboolean
on_window_close_request_cb (GtkWindow     *window,
                            GtkSpinButton *spin)
{
  gtk_spin_button_update (spin);
  return FALSE;
}

GtkWindow *
sl_preferences_dialog_show (GtkWindow *parent)
{
  GtkWidget *window, *box, *row, *label, *spin, *note;
  g_autofree char *default_text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Preferences"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_window_set_child (GTK_WINDOW (window), box);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("_Largest image to import"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  spin = gtk_spin_button_new_with_range (MIN_MEGAPIXELS, MAX_MEGAPIXELS, 1);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             (double) sl_preferences_get_max_pixels () / PIXELS_PER_MEGAPIXEL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (GTK_BOX (row), gtk_label_new (_("megapixels")));
  gtk_box_append (GTK_BOX (box), row);

  default_text = g_strdup_printf (_("Images (or frames) with more pixels are skipped and named "
                                    "when imported; the import goes on. Larger images need "
                                    "more memory while they are imported. Default: %.1f "
                                    "megapixels (8192 × 8192)."),
                                  (double) SL_IMAGE_DEFAULT_MAX_PIXELS / PIXELS_PER_MEGAPIXEL);
  note = gtk_label_new (default_text);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 50);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (box), note);

  /* connected after the initial value: opening the window does not store the shown rounding */
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_budget_value_changed_cb), NULL);
  g_signal_connect (window, "close-request", G_CALLBACK (on_window_close_request_cb), spin);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
