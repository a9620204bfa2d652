/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sl-class-dialog.h"

typedef struct
{
  SlCatalog *catalog;
  gint64 class_id;          /* 0 = new */
  GtkEditable *name;
  GtkColorChooser *color;
  GtkDropDown *key;
  SlClassDialogDone done;
  gpointer user_data;
} DialogData;

static void
dialog_data_free (gpointer  user_data,
                  GClosure *closure)
{
  DialogData *data = user_data;

  g_object_unref (data->catalog);
  g_free (data);
}

static void
on_response_cb (GtkDialog  *dialog,
                int         response,
                DialogData *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (data->name)));
  g_autofree char *color = NULL;
  char key[2] = { 0 };
  guint key_pos = gtk_drop_down_get_selected (data->key);
  GdkRGBA rgba;
  gint64 id = data->class_id;

  if (response != GTK_RESPONSE_OK || *name == '\0')
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  gtk_color_chooser_get_rgba (data->color, &rgba);
  color = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + .5),
                           (int) (rgba.green * 255 + .5), (int) (rgba.blue * 255 + .5));
  if (key_pos >= 1 && key_pos <= 9)
    key[0] = (char) ('0' + key_pos);
  if (id == 0)
    id = sl_catalog_ensure_class (data->catalog, name, &error);
  if (id <= 0 ||
      !sl_catalog_update_class (data->catalog, id, name, color, key[0] != '\0' ? key : NULL, &error))
    {
      GtkWidget *message = gtk_message_dialog_new (GTK_WINDOW (dialog), GTK_DIALOG_MODAL,
                                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                   _("Could not save the class"));

      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s",
                                                error != NULL ? error->message : "");
      g_signal_connect (message, "response", G_CALLBACK (gtk_window_destroy), NULL);
      gtk_window_present (GTK_WINDOW (message));
      return;
    }
  data->done (data->user_data);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
sl_class_dialog_show (GtkWindow         *parent,
                      SlCatalog         *catalog,
                      const SlClassInfo *info,
                      guint              position,
                      SlClassDialogDone  done,
                      gpointer           user_data)
{
  static const char *keys[] = { N_("No key"), "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL };
  static const char *palette[] = { "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00",
                                   "#56b4e9", "#f0e442", "#000000", "#999999" };
  GtkWidget *dialog, *grid, *label, *name, *color, *key;
  DialogData *data;
  const char *key_names[G_N_ELEMENTS (keys)];
  GdkRGBA rgba;
  guint key_pos = 0;

  g_return_if_fail (SL_IS_CATALOG (catalog));

  dialog = gtk_dialog_new_with_buttons (info != NULL ? _("Edit Class") : _("New Class"), parent,
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT |
                                        GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        info != NULL ? _("_Save") : _("_Add"), GTK_RESPONSE_OK,
                                        NULL);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);

  name = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (name), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (name), info != NULL ? info->name : "");
  gtk_widget_set_hexpand (name, TRUE);
  label = gtk_label_new_with_mnemonic (_("_Name"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), name, 1, 0, 1, 1);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  color = gtk_color_button_new ();
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (info == NULL || info->color == NULL || !gdk_rgba_parse (&rgba, info->color))
    gdk_rgba_parse (&rgba, palette[position % G_N_ELEMENTS (palette)]);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
  label = gtk_label_new_with_mnemonic (_("_Colour"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), color);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), color, 1, 1, 1, 1);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    key_names[i] = i == 0 ? _(keys[i]) : keys[i];
  key = gtk_drop_down_new_from_strings (key_names);
  if (info != NULL && info->shortcut != NULL)
    key_pos = (guint) g_ascii_strtoull (info->shortcut, NULL, 10);
  else if (info == NULL && position < 9)
    key_pos = position + 1;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (key), MIN (key_pos, 9));
  label = gtk_label_new_with_mnemonic (_("_Key"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), key);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), key, 1, 2, 1, 1);

  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK),
                            "suggested-action");

  data = g_new0 (DialogData, 1);
  data->catalog = g_object_ref (catalog);
  data->class_id = info != NULL ? info->id : 0;
  data->name = GTK_EDITABLE (name);
  data->color = GTK_COLOR_CHOOSER (color);
  data->key = GTK_DROP_DOWN (key);
  data->done = done;
  data->user_data = user_data;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response_cb), data,
                         dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
