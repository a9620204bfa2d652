/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bulk work in SlWindow on 300 demo images: real mouse clicks and keys (XTest) select several
 * thumbnails (ctrl-click, shift-click, rubber band, Ctrl+A); one class key labels the selection
 * and one Undo restores it, as a second connection to the catalog sees (many images: after
 * asking); Delete and the split menu act on the selection too; Ctrl+F searches by file name, id, class and annotator; Ctrl+G
 * jumps to an image id and explains an unknown one; the grid keeps item widgets for the columns
 * that fit only. */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-browse-view.h"
#include "sl-data-dirs.h"
#include "sl-gui-test.h"
#include "sl-image-cell.h"
#include "sl-importer.h"
#include "sl-status-bar.h"
#include "sl-toast.h"
#include "sl-window.h"
#include "sl-test-util.h"

typedef int (*XTestFakeKeyEventFunc) (Display *, unsigned int, int, unsigned long);
typedef int (*XTestFakeButtonEventFunc) (Display *, unsigned int, int, unsigned long);
typedef int (*XTestFakeMotionEventFunc) (Display *, int, int, int, unsigned long);

typedef struct
{
  SlTestTmpDir *dir;
  SlApplication *app;
  SlWindow *window;
  SlCatalog *catalog;       /* the window's */
  SlBrowseView *browse;
  SlToast *toast;
  gint64 normal;
  gint64 pneumonia;
  gint64 effusion;
  /* XTest, loaded at run time as its headers may be missing */
  void *xtst;
  Display *xdisplay;
  XTestFakeKeyEventFunc fake_key;
  XTestFakeButtonEventFunc fake_button;
  XTestFakeMotionEventFunc fake_motion;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  g_autofree char *normal = g_build_filename (sl_data_dirs_demo (), "train", "normal", NULL);
  g_autofree char *pneumonia = g_build_filename (sl_data_dirs_demo (), "train", "pneumonia", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImporter) importer = NULL;
  SlImportStats stats = { 0 };
  GdkDisplay *display;

  f->dir = sl_test_tmp_dir_new ();
  path = g_build_filename (f->dir, "bulk.sightline", NULL);
  source = g_build_filename (f->dir, "images", NULL);
  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (g_mkdir (source, 0700), ==, 0);
    sl_test_copy_first_files (normal, source, 150);
    sl_test_copy_first_files (pneumonia, source, 150);
    importer = sl_importer_new (catalog);
    sl_importer_add_path (importer, source);
    g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.imported, ==, 300);
    g_assert_cmpint (sl_catalog_ensure_class (catalog, "normal", &error), >, 0);
    g_assert_cmpint (sl_catalog_ensure_class (catalog, "pneumonia", &error), >, 0);
    g_assert_cmpint (sl_catalog_ensure_class (catalog, "effusion", &error), >, 0);
  }

  f->app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  f->window = sl_window_new (f->app);
  sl_window_set_annotator (f->window, "tester");
  g_assert_true (sl_window_open_catalog (f->window, path, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  f->browse = SL_BROWSE_VIEW (sl_gui_test_find_descendant (GTK_WIDGET (f->window), SL_TYPE_BROWSE_VIEW));
  /* a grid of several columns and rows, every thumbnail used below on screen */
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_parent (GTK_WIDGET (f->browse))), 600);
  sl_gui_test_iterate (200);
  f->catalog = sl_window_get_catalog (f->window);
  f->normal = sl_catalog_find_class (f->catalog, "normal");
  f->pneumonia = sl_catalog_find_class (f->catalog, "pneumonia");
  f->effusion = sl_catalog_find_class (f->catalog, "effusion");
  f->toast = SL_TOAST (sl_gui_test_find_descendant (GTK_WIDGET (f->window), SL_TYPE_TOAST));

  display = gtk_widget_get_display (GTK_WIDGET (f->window));
  f->xtst = GDK_IS_X11_DISPLAY (display) ? dlopen ("libXtst.so.6", RTLD_NOW) : NULL;
  if (f->xtst != NULL)
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));

      f->xdisplay = gdk_x11_display_get_xdisplay (display);
      f->fake_key = (XTestFakeKeyEventFunc) dlsym (f->xtst, "XTestFakeKeyEvent");
      f->fake_button = (XTestFakeButtonEventFunc) dlsym (f->xtst, "XTestFakeButtonEvent");
      f->fake_motion = (XTestFakeMotionEventFunc) dlsym (f->xtst, "XTestFakeMotionEvent");
      XSetInputFocus (f->xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
      XSync (f->xdisplay, False);
      sl_gui_test_iterate (100);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sl_gui_test_iterate (20);
  g_clear_object (&f->app);
  if (f->xtst != NULL)
    dlclose (f->xtst);
  sl_test_tmp_dir_free (f->dir);
}

static gint64
id_at (Fixture *f,
       guint    position)
{
  return sl_image_list_get_id (sl_window_get_image_list (f->window), position);
}

/* Real input through the X server */

static gboolean
have_xtest (Fixture *f)
{
  if (f->xtst != NULL && f->fake_key != NULL && f->fake_button != NULL && f->fake_motion != NULL)
    return TRUE;
  g_test_skip ("needs X11 and libXtst");
  return FALSE;
}

static void
key_event (Fixture *f,
           KeySym   keysym,
           gboolean press)
{
  f->fake_key (f->xdisplay, XKeysymToKeycode (f->xdisplay, keysym), press, 0);
  XFlush (f->xdisplay);
}

/* Types keysym with modifier held (0: none), then lets GTK handle it. */
static void
type_key (Fixture *f,
          KeySym   modifier,
          KeySym   keysym)
{
  if (modifier != 0)
    key_event (f, modifier, True);
  key_event (f, keysym, True);
  key_event (f, keysym, False);
  if (modifier != 0)
    key_event (f, modifier, False);
  sl_gui_test_iterate (150);
}

/* Moves the pointer to a point of widget (in its coordinates). */
static void
move_to (Fixture   *f,
         GtkWidget *widget,
         double     x,
         double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double dx, dy;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT ((float) x, (float) y), &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (f->xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (f->xdisplay), (int) (point.x + dx),
                         (int) (point.y + dy), &root_x, &root_y, &child);
  f->fake_motion (f->xdisplay, -1, root_x, root_y, 0);
  XFlush (f->xdisplay);
  sl_gui_test_iterate (30);
}

static void
button (Fixture  *f,
        gboolean  press)
{
  f->fake_button (f->xdisplay, GDK_BUTTON_PRIMARY, press, 0);
  XFlush (f->xdisplay);
  sl_gui_test_iterate (30);
}

/* The thumbnail showing the item at position (it must be on screen). */
static GtkWidget *
cell_at (Fixture *f,
         guint    position)
{
  GtkWidget *grid = GTK_WIDGET (sl_browse_view_get_grid (f->browse));
  gint64 id = id_at (f, position);

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);

      if (SL_IS_IMAGE_CELL (cell) && sl_image_cell_get_image_id (SL_IMAGE_CELL (cell)) == id)
        return cell;
    }
  g_assert_not_reached ();
}

/* Clicks the middle of the item at position, with modifier held (0: none). */
static void
click_item (Fixture *f,
            KeySym   modifier,
            guint    position)
{
  GtkWidget *cell = cell_at (f, position);

  move_to (f, cell, gtk_widget_get_width (cell) / 2.0, gtk_widget_get_height (cell) / 2.0);
  if (modifier != 0)
    key_event (f, modifier, True);
  button (f, True);
  button (f, False);
  if (modifier != 0)
    key_event (f, modifier, False);
  sl_gui_test_iterate (150);
}

static const char *
status_text (Fixture *f)
{
  return sl_status_bar_get_text (SL_STATUS_BAR (sl_gui_test_find_descendant (GTK_WIDGET (f->window),
                                                                 SL_TYPE_STATUS_BAR)));
}

static gboolean
selected (Fixture *f,
          guint    position)
{
  return gtk_selection_model_is_selected (sl_browse_view_get_selection (f->browse), position);
}

/* Shift-click, ctrl-click, the rubber band and Ctrl+A select several thumbnails; the viewer
 * shows the focused one and the status counts them. */
static void
test_multi_select (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *grid = GTK_WIDGET (sl_browse_view_get_grid (f->browse));
  GtkWidget *first, *last, *menu;

  if (!have_xtest (f))
    return;
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 1);

  click_item (f, 0, 1);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 1);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, id_at (f, 1));

  /* ctrl-click adds an image, and the viewer shows it */
  click_item (f, XK_Control_L, 3);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 2);
  g_assert_true (selected (f, 1) && selected (f, 3));
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, id_at (f, 3));
  g_assert_cmpstr (status_text (f), ==, "2 selected");

  /* ctrl-click again removes it */
  click_item (f, XK_Control_L, 3);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 1);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, id_at (f, 1));

  /* shift-click selects the range from the last clicked one */
  click_item (f, 0, 1);
  click_item (f, XK_Shift_L, 6);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 6);
  for (guint i = 1; i <= 6; i++)
    g_assert_true (selected (f, i));
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, id_at (f, 6));
  g_assert_cmpstr (status_text (f), ==, "6 selected");
  {
    g_autoptr(GdkTexture) shot = sl_gui_test_render (GTK_WIDGET (f->window));

    sl_gui_test_save (shot, "bulk-selection");
  }

  /* a plain click goes back to one; the status no longer counts */
  click_item (f, 0, 2);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 1);
  g_assert_cmpstr (status_text (f), ==, "");

  /* the rubber band: a drag from the first thumbnail to the third */
  first = cell_at (f, 0);
  last = cell_at (f, 2);
  move_to (f, first, 10, 10);
  button (f, True);
  move_to (f, first, 40, 40);
  move_to (f, last, gtk_widget_get_width (last) - 10, gtk_widget_get_height (last) - 10);
  button (f, False);
  sl_gui_test_iterate (150);
  g_test_message ("rubber band: %u selected", sl_browse_view_get_n_selected (f->browse));
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 3);
  for (guint i = 0; i <= 2; i++)
    g_assert_true (selected (f, i));

  /* Ctrl+A takes every image */
  g_assert_true (gtk_widget_has_focus (grid) || gtk_widget_get_focus_child (grid) != NULL);
  type_key (f, XK_Control_L, XK_a);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 300);
  g_assert_cmpstr (status_text (f), ==, "300 selected");

  /* a right click opens the menu of splits for the selection, and keeps the selection */
  menu = GTK_WIDGET (sl_browse_view_get_context_menu (f->browse));
  g_assert_false (gtk_widget_get_mapped (menu));
  move_to (f, cell_at (f, 4), 20, 20);
  f->fake_button (f->xdisplay, GDK_BUTTON_SECONDARY, True, 0);
  f->fake_button (f->xdisplay, GDK_BUTTON_SECONDARY, False, 0);
  XFlush (f->xdisplay);
  sl_gui_test_iterate (300);
  g_assert_true (gtk_widget_get_mapped (menu));
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 300);
  gtk_popover_popdown (GTK_POPOVER (menu));
}

static void
assert_labels (SlCatalog    *catalog,
               const gint64 *ids,
               const gint64 *classes,
               guint         n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (sl_catalog_get_label (catalog, ids[i]), ==, classes[i]);
}

static guint
n_history_rows (SlCatalog *catalog,
                gint64     image_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = sl_catalog_label_history (catalog, image_id, &error);

  g_assert_no_error (error);
  return history->len;
}

static gboolean
stored (gpointer data)
{
  Fixture *f = data;

  return !sl_workspace_is_changing (sl_window_get_workspace (f->window));
}

/* A change of many images is stored on a worker: the window is back at once and follows the
 * change once it is stored. */
static void
wait_stored (Fixture *f)
{
  g_assert_true (sl_gui_test_wait (stored, f, 10000));
}

/* One key labels the twelve selected images, one toast confirms it and its Undo restores all
 * twelve; another connection to the catalog sees each step. Delete clears, the split menu's
 * action moves the selection to a split, each one step to undo. */
static void
test_bulk_label_undo (Fixture       *f,
                      gconstpointer  data)
{
  GtkSelectionModel *selection = sl_browse_view_get_selection (f->browse);
  g_autoptr(SlCatalog) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[12], before[12], normal[12], unlabeled[12];
  SlSplit splits[12];
  GtkWidget *undo = GTK_WIDGET (sl_toast_get_button (f->toast));
  gint64 current, outside = id_at (f, 30);

  for (guint i = 0; i < 12; i++)
    {
      ids[i] = id_at (f, 10 + i);
      normal[i] = f->normal;
      unlabeled[i] = 0;
    }
  /* one image had a label already, by this annotator */
  g_assert_true (sl_catalog_set_label (f->catalog, ids[3], f->pneumonia, "tester", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 12; i++)
    {
      before[i] = sl_catalog_get_label (f->catalog, ids[i]);
      splits[i] = sl_catalog_get_split (f->catalog, ids[i]);
    }

  /* positions 10..21 selected, as the rubber band would */
  g_assert_true (gtk_selection_model_select_range (selection, 10, 12, TRUE));
  sl_gui_test_iterate (50);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 12);
  current = sl_window_get_current_image (f->window);
  g_assert_cmpint (current, ==, ids[0]);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_1, 0));
  wait_stored (f);
  other = sl_catalog_open (sl_catalog_get_path (f->catalog), &error);
  g_assert_no_error (error);
  assert_labels (other, ids, normal, 12);
  g_assert_cmpint (sl_catalog_get_label (other, outside), ==, 0);
  g_assert_cmpuint (n_history_rows (other, ids[0]), ==, 1);
  g_assert_cmpuint (n_history_rows (other, ids[3]), ==, 2);
  /* one toast for all, the selection kept, the viewer not moved on */
  g_assert_true (sl_toast_is_shown (f->toast));
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "12 images → normal");
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 12);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, current);

  /* one Undo (the toast's button) restores all twelve */
  sl_gui_test_iterate (400);
  g_signal_emit_by_name (undo, "clicked");
  wait_stored (f);
  assert_labels (other, ids, before, 12);
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "Undone: 12 images");
  g_assert_false (sl_workspace_can_undo (sl_window_get_workspace (f->window)));
  g_signal_emit_by_name (undo, "clicked");   /* Redo */
  wait_stored (f);
  assert_labels (other, ids, normal, 12);
  g_assert_cmpuint (n_history_rows (other, ids[0]), ==, 3);

  /* the same key again has nothing to store, and says so */
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_1, 0));
  wait_stored (f);
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "All 12 images are already normal");
  g_assert_cmpuint (n_history_rows (other, ids[0]), ==, 3);

  /* Delete clears the selection's labels */
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_Delete, 0));
  wait_stored (f);
  assert_labels (other, ids, unlabeled, 12);
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "12 images → unlabeled");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  wait_stored (f);
  assert_labels (other, ids, normal, 12);

  /* the context menu's split items */
  g_assert_nonnull (sl_browse_view_get_context_menu (f->browse));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.set-split", "s", "test");
  wait_stored (f);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpint (sl_catalog_get_split (other, ids[i]), ==, SL_SPLIT_TEST);
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "12 images → Test");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  wait_stored (f);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpint (sl_catalog_get_split (other, ids[i]), ==, splits[i]);
  g_assert_cmpint (sl_catalog_get_label (other, outside), ==, 0);
}

static GtkDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_DIALOG (window);
    }
  return NULL;
}

/* A class key given to many images (all 300 after Ctrl+A) asks first; Cancel stores nothing,
 * confirming labels them all as one undo step. */
static void
test_many_asks_first (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SlCatalog) other = NULL;
  g_autoptr(GError) error = NULL;
  GtkDialog *dialog;
  gint64 last = id_at (f, 299);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-all", NULL);
  sl_gui_test_iterate (50);
  g_assert_cmpuint (sl_browse_view_get_n_selected (f->browse), ==, 300);
  other = sl_catalog_open (sl_catalog_get_path (f->catalog), &error);
  g_assert_no_error (error);

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_2, 0));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (dialog, GTK_RESPONSE_CANCEL);
  sl_gui_test_iterate (50);
  g_assert_null (find_dialog ());
  g_assert_cmpint (sl_catalog_get_label (other, last), ==, 0);
  g_assert_false (sl_workspace_can_undo (sl_window_get_workspace (f->window)));

  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), GDK_KEY_2, 0));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
  /* on a worker: the window is back before the labels are stored, and refuses another change
   * meanwhile */
  g_assert_true (sl_workspace_is_changing (sl_window_get_workspace (f->window)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==,
                   "Still storing the last change: try again in a moment");
  wait_stored (f);
  sl_gui_test_iterate (50);
  g_assert_cmpint (sl_catalog_get_label (other, last), ==, f->pneumonia);
  g_assert_cmpint (sl_catalog_get_label (other, id_at (f, 0)), ==, f->pneumonia);
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "300 images → pneumonia");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  wait_stored (f);
  g_assert_cmpint (sl_catalog_get_label (other, last), ==, 0);
  g_assert_false (sl_workspace_can_undo (sl_window_get_workspace (f->window)));
}

/* The images the list shows, as a set of ids. */
static GHashTable *
shown_ids (Fixture *f)
{
  GListModel *list = G_LIST_MODEL (sl_window_get_image_list (f->window));
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      gint64 id = id_at (f, i);

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  return ids;
}

typedef struct
{
  Fixture *fixture;
  guint n;
} Shown;

/* The search applied (on a worker) and n images shown. */
static gboolean
n_shown_is (gpointer data)
{
  Shown *shown = data;
  SlImageList *list = sl_window_get_image_list (shown->fixture->window);

  return !sl_image_list_get_searching (list) && g_list_model_get_n_items (G_LIST_MODEL (list))
                                                == shown->n;
}

/* Types text into the search entry and waits for the list to show n images. */
static void
search (Fixture    *f,
        const char *text,
        guint       n)
{
  SlSearchBar *bar = sl_browse_view_get_search_bar (f->browse);
  Shown shown = { f, n };
  g_autofree char *count = n == 0 ? g_strdup ("No matches")
                         : g_strdup_printf (n == 1 ? "%u match" : "%u matches", n);

  gtk_editable_set_text (sl_search_bar_get_entry (bar), text);
  g_assert_true (sl_gui_test_wait (n_shown_is, &shown, 3000));
  sl_gui_test_iterate (50);
  g_assert_cmpstr (sl_search_bar_get_count_text (bar), ==, count);
}

static void
label_selected (Fixture    *f,
                const char *annotator,
                guint       position,
                guint       n,
                guint       class_key)
{
  sl_window_set_annotator (f->window, annotator);
  g_assert_true (gtk_selection_model_select_range (sl_browse_view_get_selection (f->browse),
                                                   position, n, TRUE));
  sl_gui_test_iterate (50);
  g_assert_true (sl_gui_test_press_key (GTK_WIDGET (f->window), class_key, 0));
  wait_stored (f);
}

/* Ctrl+F opens the search; it finds images by file name, id, class and annotator (every word
 * must match); Escape closes it and shows every image again. */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  SlSearchBar *bar = sl_browse_view_get_search_bar (f->browse);
  g_autoptr(SlImageInfo) info = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *name = NULL;
  gint64 some = id_at (f, 42);
  gint64 effusion[4];

  if (!have_xtest (f))
    return;
  for (guint i = 0; i < 4; i++)
    effusion[i] = id_at (f, 31 + i);
  label_selected (f, "dr-zhang", 30, 3, GDK_KEY_2);    /* 30..32 pneumonia by dr-zhang */
  label_selected (f, "tester", 31, 4, GDK_KEY_3);      /* 31..34 effusion by tester */

  g_assert_false (sl_search_bar_is_open (bar));
  type_key (f, XK_Control_L, XK_f);
  g_assert_true (sl_search_bar_is_open (bar));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (sl_search_bar_get_entry (bar))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (sl_search_bar_get_entry (bar))));

  /* file name: part of one image's name */
  info = sl_catalog_get_image_info (f->catalog, some, &error);
  g_assert_no_error (error);
  name = g_strndup (info->source_name, strlen (info->source_name) - strlen (".png"));
  search (f, name + strlen ("train_"), 1);
  g_assert_cmpint (id_at (f, 0), ==, some);

  /* id, with or without "#" */
  id_text = g_strdup_printf ("#%lld", (long long) some);
  search (f, id_text, 1);
  g_assert_cmpint (id_at (f, 0), ==, some);

  /* class: no file name says effusion */
  search (f, "effusion", 4);
  {
    g_autoptr(GdkTexture) shot = sl_gui_test_render (GTK_WIDGET (f->window));

    sl_gui_test_save (shot, "bulk-search");
  }
  ids = shown_ids (f);
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_hash_table_contains (ids, &effusion[i]));

  /* annotator, and two words that must both match */
  search (f, "ZHANG", 3);
  search (f, "zhang effusion", 2);
  search (f, "zhang nobody", 0);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_first_child (GTK_WIDGET (f->browse))));

  /* Escape in the entry closes the search: every image again */
  gtk_widget_grab_focus (GTK_WIDGET (sl_search_bar_get_entry (bar)));
  sl_gui_test_iterate (50);
  type_key (f, 0, XK_Escape);
  g_assert_false (sl_search_bar_is_open (bar));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sl_window_get_image_list (f->window))),
                    ==, 300);
}

static gboolean
toast_says (gpointer data)
{
  Fixture *f = data;

  return sl_toast_is_shown (f->toast);
}

/* Ctrl+G asks for an image id and shows that image; an unknown id, one hidden by the search and
 * text that is no id are explained in a toast. */
static void
test_jump (Fixture       *f,
           gconstpointer  data)
{
  GtkEditable *entry = sl_browse_view_get_jump_entry (f->browse);
  gint64 target = id_at (f, 250);
  g_autofree char *text = g_strdup_printf ("%lld", (long long) target);
  g_autofree char *hidden = g_strdup_printf ("Image %lld is hidden by the filters or the search",
                                             (long long) id_at (f, 5));
  g_autofree char *hidden_text = g_strdup_printf ("#%lld", (long long) id_at (f, 5));

  if (!have_xtest (f))
    return;
  type_key (f, XK_Control_L, XK_g);
  g_assert_true (gtk_widget_get_mapped (gtk_widget_get_ancestor (GTK_WIDGET (entry),
                                                                 GTK_TYPE_POPOVER)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (entry)));
  gtk_editable_set_text (entry, text);
  {
    g_autoptr(GdkTexture) shot = sl_gui_test_render (gtk_widget_get_ancestor (GTK_WIDGET (entry),
                                                                               GTK_TYPE_POPOVER));

    sl_gui_test_save (shot, "bulk-jump");
  }
  g_signal_emit_by_name (entry, "activate");
  sl_gui_test_iterate (100);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, target);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (entry)));

  gtk_editable_set_text (entry, "99999");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (sl_gui_test_wait (toast_says, f, 1000));
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, "No image with id 99999 in this catalog");
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, target);

  gtk_editable_set_text (entry, "twelve");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==,
                   "“twelve” is not an image id: type the image's number");

  /* hidden by a search that matches the target only */
  type_key (f, XK_Control_L, XK_f);
  search (f, text, 1);
  gtk_editable_set_text (entry, hidden_text);
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (sl_toast_get_message (f->toast), ==, hidden);
  g_assert_cmpint (sl_window_get_current_image (f->window), ==, target);
}

/* The grid's tiles: how many item widgets it keeps, in how many columns, how wide one is. */
static guint
grid_columns (Fixture *f,
              guint   *n_tiles,
              int     *tile_width)
{
  GtkWidget *grid = sl_gui_test_find_descendant (GTK_WIDGET (f->browse), GTK_TYPE_GRID_VIEW);
  g_autoptr(GHashTable) lefts = g_hash_table_new (NULL, NULL);

  *n_tiles = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!g_str_equal (gtk_widget_get_css_name (child), "child"))
        continue;
      (*n_tiles)++;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, tile_width, NULL, NULL, NULL);
      if (gtk_widget_get_mapped (child) && gtk_widget_compute_bounds (child, grid, &bounds))
        g_hash_table_add (lefts, GINT_TO_POINTER ((int) bounds.origin.x));
    }
  return g_hash_table_size (lefts);
}

/* The grid fills its width with as many columns as fit, at every width, and keeps item widgets
 * for about 30 rows of those columns only (not of 16 columns), also after a search closed. */
static void
test_grid_fits_columns (Fixture       *f,
                        gconstpointer  data)
{
  GtkPaned *paned = GTK_PANED (gtk_widget_get_parent (GTK_WIDGET (f->browse)));
  GtkWidget *grid = sl_gui_test_find_descendant (GTK_WIDGET (f->browse), GTK_TYPE_GRID_VIEW);
  const int positions[] = { 600, 300, 600 };
  guint columns[G_N_ELEMENTS (positions)];

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      guint n_tiles;
      int tile_width = 0;

      gtk_paned_set_position (paned, positions[i]);
      sl_gui_test_iterate (200);
      if (i == G_N_ELEMENTS (positions) - 1)
        {
          g_autofree char *id_text = g_strdup_printf ("#%lld", (long long) id_at (f, 0));

          gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
          search (f, id_text, 1);
          sl_search_bar_close (sl_browse_view_get_search_bar (f->browse));
          sl_gui_test_iterate (200);
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sl_window_get_image_list (
                                                        f->window))), ==, 300);
        }
      columns[i] = grid_columns (f, &n_tiles, &tile_width);
      g_test_message ("grid %d px wide: %u columns of %d px, %u item widgets",
                      gtk_widget_get_width (grid), columns[i], tile_width, n_tiles);
      g_assert_cmpint (tile_width, >, 100);
      g_assert_cmpint ((int) columns[i] * tile_width, <=, gtk_widget_get_width (grid));
      g_assert_cmpint ((int) (columns[i] + 1) * tile_width, >, gtk_widget_get_width (grid));
      /* 30 rows, a row above and one below, the focused and the current item */
      g_assert_cmpuint (n_tiles, <=, 32 * columns[i] + 2);
    }
  g_assert_cmpuint (columns[1], <, columns[0]);
  g_assert_cmpuint (columns[2], ==, columns[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlTestTmpDir) config = g_dir_make_tmp ("sl-test-bulk-config-XXXXXX", NULL);

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sightline/gui/bulk/multi-select", Fixture, NULL, fixture_set_up,
              test_multi_select, fixture_tear_down);
  g_test_add ("/sightline/gui/bulk/label-undo", Fixture, NULL, fixture_set_up,
              test_bulk_label_undo, fixture_tear_down);
  g_test_add ("/sightline/gui/bulk/many-asks-first", Fixture, NULL, fixture_set_up,
              test_many_asks_first, fixture_tear_down);
  g_test_add ("/sightline/gui/bulk/search", Fixture, NULL, fixture_set_up, test_search,
              fixture_tear_down);
  g_test_add ("/sightline/gui/bulk/jump", Fixture, NULL, fixture_set_up, test_jump,
              fixture_tear_down);
  g_test_add ("/sightline/gui/bulk/grid-fits-columns", Fixture, NULL, fixture_set_up,
              test_grid_fits_columns, fixture_tear_down);
  return g_test_run ();
}
