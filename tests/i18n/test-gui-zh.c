/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window under LANGUAGE=zh_CN: its GtkBuilder templates and code-made labels come out
 * of the build tree's sightline.mo in Chinese. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sl-application.h"
#include "sl-catalog-readers.h"
#include "sl-data-dirs.h"
#include "sl-gui-test.h"
#include "sl-window.h"

static void
collect_label_texts (GtkWidget *widget,
                     GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4e00 && c <= 0x9fff)
        return TRUE;
    }
  return FALSE;
}

static void
test_window_chinese (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlApplication) app = sl_application_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  const char *filters = _("Filters");
  gboolean found_filters = FALSE;
  guint chinese = 0;
  SlWindow *window;

  g_assert_cmpstr (filters, !=, "Filters");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = sl_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  collect_label_texts (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];

      g_assert_cmpstr (text, !=, "Filters");
      found_filters |= g_strcmp0 (text, filters) == 0;
      chinese += has_cjk (text);
    }
  g_test_message ("%u of %u labels in Chinese", chinese, texts->len);
  g_assert_true (found_filters);
  g_assert_cmpuint (chinese, >=, 10);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The shortcut of accelerator in the window's shortcuts window, or NULL. */
static GtkWidget *
find_shortcut (GtkWidget  *widget,
               const char *accelerator)
{
  g_autofree char *own = NULL;

  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_object_get (widget, "accelerator", &own, NULL);
      if (g_strcmp0 (own, accelerator) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shortcut (child, accelerator);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Train" names a page (训练) and a split (训练集): the tab and the shortcuts window say the
 * page's name, the split keeps its own; the importer's labels show as a translated reader. */
static void
test_page_and_split_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlApplication) app = sl_application_new ();
  g_autofree char *shortcut_title = NULL;
  SlWindow *window;
  GtkWidget *train_page, *shortcut;
  GtkShortcutsWindow *overlay;
  GtkStack *stack;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = sl_window_new (app);
  train_page = sl_window_get_page (window, "train");
  stack = GTK_STACK (gtk_widget_get_parent (train_page));
  g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (stack, train_page)), ==,
                   "训练(_T)");

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  shortcut = find_shortcut (GTK_WIDGET (overlay), "<Alt>2");
  g_assert_nonnull (shortcut);
  g_object_get (shortcut, "title", &shortcut_title, NULL);
  g_assert_cmpstr (shortcut_title, ==, "训练");

  g_assert_cmpstr (_("Train"), ==, "训练集");
  g_assert_cmpstr (sl_reader_display_name (SL_IMPORT_ANNOTATOR), ==, "导入标签");
  g_assert_cmpstr (sl_reader_display_name ("Dr. Demo"), ==, "Dr. Demo");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* LANGUAGE only counts under a non-C locale; C.UTF-8 is always there. */
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, sl_data_dirs_locale ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/i18n/window-chinese", test_window_chinese);
  g_test_add_func ("/sightline/i18n/page-and-split-names", test_page_and_split_names);
  return g_test_run ();
}
