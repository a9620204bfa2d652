/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pixel budget set in the Preferences window governs the window's imports: a folder dropped
 * on the window imports its good images and names the one over the budget in the message. */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "sl-application.h"
#include "sl-preferences-dialog.h"
#include "sl-window.h"
#include "sl-gui-test.h"
#include "sl-test-util.h"

typedef struct
{
  GtkWindow *parent;
  gboolean message;    /* a GtkMessageDialog, else the other kind of window */
  GtkWindow *found;
} Toplevel;

/* A visible window over parent of the kind asked for. */
static gboolean
find_toplevel (gpointer data)
{
  Toplevel *toplevel = data;
  GListModel *windows = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (windows, i);

      if (gtk_window_get_transient_for (window) == toplevel->parent
          && gtk_widget_get_visible (GTK_WIDGET (window))
          && GTK_IS_MESSAGE_DIALOG (window) == toplevel->message)
        {
          toplevel->found = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* A side × side PNG of one gray. */
static void
write_png (const char *path,
           int         side)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x808080ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
}

/* Drops files on the window the way GTK delivers a drop: through its drop target. */
static void
drop_files (GtkWidget *window,
            GFile     *file)
{
  GtkEventController *target = sl_gui_test_find_controller (window, GTK_TYPE_DROP_TARGET);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
}

static void
test_budget_from_preferences (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *big = g_build_filename (images, "big.png", NULL);
  g_autofree char *catalog = g_build_filename (dir, "cat.sightline", NULL);
  g_autoptr(SlApplication) app = sl_application_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (images);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  Toplevel preferences, message;
  GtkSpinButton *spin;
  SlWindow *window;

  sl_test_copy_demo_subset (images, 2, 1, 0);   /* 6 images of 28 × 28 */
  write_png (big, 400);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (app);
  g_assert_true (sl_window_open_catalog (window, catalog, &error));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (sl_preferences_get_max_pixels (), ==, 64 * 1024 * 1024);

  /* The main menu's Preferences, its budget typed in, the window closed */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = (Toplevel) { GTK_WINDOW (window), FALSE, NULL };
  g_assert_true (sl_gui_test_wait (find_toplevel, &preferences, 5000));
  spin = GTK_SPIN_BUTTON (sl_gui_test_find_descendant (GTK_WIDGET (preferences.found), GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (spin);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 67.1, 0.05);
  gtk_editable_set_text (GTK_EDITABLE (spin), "0.1");
  gtk_window_close (preferences.found);
  sl_gui_test_iterate (100);
  g_assert_cmpuint (sl_preferences_get_max_pixels (), ==, 100000);

  /* Shown again, it shows the stored budget */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = (Toplevel) { GTK_WINDOW (window), FALSE, NULL };
  g_assert_true (sl_gui_test_wait (find_toplevel, &preferences, 5000));
  spin = GTK_SPIN_BUTTON (sl_gui_test_find_descendant (GTK_WIDGET (preferences.found), GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 0.1, 1e-9);
  gtk_window_close (preferences.found);
  sl_gui_test_iterate (100);

  /* The folder dropped on the window: the good images in, the big one named */
  drop_files (GTK_WIDGET (window), folder);
  message = (Toplevel) { GTK_WINDOW (window), TRUE, NULL };
  g_assert_true (sl_gui_test_wait (find_toplevel, &message, 60000));
  g_object_get (message.found, "text", &title, NULL);
  g_object_get (message.found, "secondary-text", &detail, NULL);
  g_test_message ("%s\n%s", title, detail);
  g_assert_nonnull (strstr (title, "Imported 6 new images; 0 duplicates and 1 unreadable"));
  g_assert_nonnull (strstr (detail, "big.png: 400 × 400 pixels (0.2 megapixels) is over the limit "
                                    "of 0.1 megapixels an image"));
  g_assert_cmpint (sl_catalog_count_images (sl_window_get_catalog (window)), ==, 6);

  gtk_window_destroy (message.found);
  gtk_window_destroy (GTK_WINDOW (window));
  sl_gui_test_iterate (100);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlTestTmpDir) config = g_dir_make_tmp ("sl-test-preferences-config-XXXXXX", NULL);

  /* the budget is written here, not in the user's own settings */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sightline/gui/preferences/pixel-budget", test_budget_from_preferences);
  return g_test_run ();
}
