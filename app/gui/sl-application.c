/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-data-dirs.h"
#include "sl-preferences-dialog.h"
#include "sl-settings.h"
#include "sl-window.h"

struct _SlApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, GTK_TYPE_APPLICATION)

char *
sl_application_get_demo_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sightline", "demo.sightline", NULL);
}

void
sl_application_init_resources (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/org/sightline/Sightline/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                        "/org/sightline/Sightline/icons");
      g_once_init_leave (&done, 1);
    }
}

static void
open_in_new_window (SlApplication *self,
                    const char    *path,
                    gboolean       import_demo)
{
  SlWindow *window = sl_window_new (self);
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (window));
  if (!sl_window_open_catalog (window, path, &error))
    {
      sl_window_show_error (window, _("Could not open the catalog"), error->message);
      return;
    }
  if (import_demo)
    {
      g_autoptr(GFile) demo = g_file_new_for_path (sl_data_dirs_demo ());

      sl_window_import (window, &demo, 1);
    }
}

static void
sl_application_activate (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *last = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *demo_dir = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  last = sl_settings_get_string (SL_SETTINGS_LAST_CATALOG);
  if (last != NULL && g_file_test (last, G_FILE_TEST_EXISTS))
    {
      open_in_new_window (self, last, FALSE);
      return;
    }
  demo = sl_application_get_demo_path ();
  demo_dir = g_path_get_dirname (demo);
  g_mkdir_with_parents (demo_dir, 0700);
  open_in_new_window (self, demo, !g_file_test (demo, G_FILE_TEST_EXISTS));
}

static void
sl_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        open_in_new_window (SL_APPLICATION (application), path, FALSE);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *authors[] = { "The Sightline developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (window,
                         "program-name", _("Sightline"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Label medical images, train a classifier on your own "
                                       "computer and review its predictions with heatmaps."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "copyright", "© 2026 The Sightline developers",
                         "translator-credits", _("translator-credits"),
                         "modal", TRUE,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  sl_preferences_dialog_show (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_destroy (window);
    }
}

static void
sl_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.open-catalog", { "<Control>o", NULL } },
    { "win.new-catalog", { "<Control>n", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.show-view('browse')", { "<Alt>1", NULL } },
    { "win.show-view('train')", { "<Alt>2", NULL } },
    { "win.show-view('review')", { "<Alt>3", NULL } },
    { "win.show-view('metrics')", { "<Alt>4", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action,
                                           accels[i].accels);
  gtk_window_set_default_icon_name (APPLICATION_ID);
  sl_application_init_resources ();
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sl_application_activate;
  app_class->open = sl_application_open;
  app_class->startup = sl_application_startup;
}

static void
sl_application_init (SlApplication *self)
{
}

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/sightline/Sightline",
                       NULL);
}
