/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-split-dialog.h"

#define N_SHOWN 3   /* train, val, test */

struct _SlSplitDialog
{
  GtkWindow parent_instance;

  GtkSpinButton *val_spin;
  GtkSpinButton *test_spin;
  GtkSpinButton *seed_spin;
  GtkLabel *train_label;
  GtkCheckButton *keep_check;
  GtkCheckButton *reassign_check;
  GtkGrid *preview;
  GtkLabel *summary_label;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkWidget *apply_button;
  GtkWidget *cancel_button;

  SlWorkspace *workspace;
  SlCatalog *catalog;
  GPtrArray *classes;        /* SlClassInfo*, as the preview rows */
  GHashTable *counts;        /* sl_catalog_count_by_split_and_class () when opened */
  SlJob *job;                /* applying, NULL when not */
};

G_DEFINE_FINAL_TYPE (SlSplitDialog, sl_split_dialog, GTK_TYPE_WINDOW)

enum { SPLITS_MADE, N_SIGNALS };

static guint signals[N_SIGNALS];

typedef struct
{
  char *catalog_path;
  double val;
  double test;
  gint64 seed;
  gboolean reassign;
} SplitRequest;

static void
split_request_free (SplitRequest *request)
{
  g_free (request->catalog_path);
  g_free (request);
}

static gboolean
make_split_job (SlJob         *job,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  SplitRequest *request = data;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (request->catalog_path, error);

  return catalog != NULL
         && sl_catalog_make_split (catalog, request->val, request->test, request->seed,
                                   request->reassign, error);
}

static gint64
count_of (SlSplitDialog *self,
          SlSplit        split,
          guint          index)
{
  GArray *row = g_hash_table_lookup (self->counts, GINT_TO_POINTER (split));

  return row != NULL && index < row->len ? g_array_index (row, gint64, index) : 0;
}

static double
fraction_of (GtkSpinButton *spin)
{
  return gtk_spin_button_get_value (spin) / 100;
}

static void
set_cell (SlSplitDialog *self,
          int            column,
          int            row,
          const char    *text,
          gboolean       heading)
{
  GtkWidget *label = gtk_grid_get_child_at (self->preview, column, row);

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
      if (column == 0)
        {
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
        }
      gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
      gtk_grid_attach (self->preview, label, column, row, 1, 1);
    }
  gtk_label_set_label (GTK_LABEL (label), text);
}

/* The counts after applying: the images that keep their split, plus each class's images to
 * assign divided as sl_catalog_make_split () divides them. */
static void
update_preview (SlSplitDialog *self)
{
  gboolean reassign = gtk_check_button_get_active (self->reassign_check);
  double val = fraction_of (self->val_spin), test = fraction_of (self->test_spin);
  gboolean valid = val + test <= 1.0 + 1e-9;
  guint n_rows = self->classes->len + 1;
  gint64 assigned = 0;
  g_autofree char *train_text = NULL;

  train_text = g_strdup_printf (_("%.0f %%"), MAX (0, 100 * (1 - val - test)));
  gtk_label_set_label (self->train_label, train_text);
  gtk_label_set_label (self->error_label,
                       valid ? "" : _("Validation and test add up to more than 100 %."));
  gtk_widget_set_sensitive (self->apply_button, valid && self->job == NULL);

  for (guint k = 0; k < n_rows; k++)
    {
      gint64 row[N_SHOWN];
      gint64 pool = count_of (self, SL_SPLIT_NONE, k);
      guint n_val = 0, n_test = 0;
      const char *name = k < self->classes->len
                         ? ((SlClassInfo *) g_ptr_array_index (self->classes, k))->name
                         : _("Unlabeled");

      for (int split = SL_SPLIT_TRAIN; split <= SL_SPLIT_TEST; split++)
        {
          row[split - SL_SPLIT_TRAIN] = reassign ? 0 : count_of (self, split, k);
          if (reassign)
            pool += count_of (self, split, k);
        }
      if (valid)
        sl_split_sizes ((guint) pool, val, test, &n_val, &n_test);
      row[0] += valid ? pool - n_val - n_test : 0;
      row[1] += n_val;
      row[2] += n_test;
      assigned += valid ? pool : 0;

      set_cell (self, 0, (int) k + 1, name, FALSE);
      for (int c = 0; c < N_SHOWN; c++)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, row[c]);

          set_cell (self, c + 1, (int) k + 1, text, FALSE);
        }
    }
  {
    g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%lld image gets a split.",
                                                             "%lld images get a split.",
                                                             (gulong) assigned),
                                                (long long) assigned);

    gtk_label_set_label (self->summary_label, summary);
  }
}

static void
set_applying (SlSplitDialog *self,
              gboolean       applying)
{
  gtk_widget_set_sensitive (self->apply_button, !applying);
  gtk_widget_set_sensitive (self->cancel_button, !applying);
  gtk_window_set_deletable (GTK_WINDOW (self), !applying);
  gtk_spinner_set_spinning (self->spinner, applying);
}

static void
on_split_job_completed_cb (SlJob         *job,
                           const GError  *error,
                           SlSplitDialog *self)
{
  g_clear_object (&self->job);
  set_applying (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not make the splits in %s: %s"),
                                               sl_catalog_get_path (self->catalog),
                                               error->message);

      gtk_label_set_label (self->error_label, text);
      return;
    }
  g_signal_emit (self, signals[SPLITS_MADE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_apply_clicked_cb (SlSplitDialog *self)
{
  SplitRequest *request;

  if (self->job != NULL)
    return;
  request = g_new0 (SplitRequest, 1);
  request->catalog_path = g_strdup (sl_catalog_get_path (self->catalog));
  request->val = fraction_of (self->val_spin);
  request->test = fraction_of (self->test_spin);
  request->seed = (gint64) gtk_spin_button_get_value (self->seed_spin);
  request->reassign = gtk_check_button_get_active (self->reassign_check);
  self->job = sl_job_new (_("Making splits"), make_split_job, request,
                          (GDestroyNotify) split_request_free);
  g_signal_connect_object (self->job, "completed", G_CALLBACK (on_split_job_completed_cb), self,
                           0);
  set_applying (self, TRUE);
  gtk_label_set_label (self->error_label, "");
  sl_workspace_run_job (self->workspace, self->job);
}

static GtkSpinButton *
percent_spin (double value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_hexpand (spin, TRUE);
  return GTK_SPIN_BUTTON (spin);
}

static void
attach_row (GtkGrid    *grid,
            int         row,
            const char *mnemonic,
            GtkWidget  *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (gtk_widget_get_focusable (widget))
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
}

static void
build (SlSplitDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *heading = gtk_label_new (_("Preview"));
  const char *columns[] = { N_("Class"), N_("Train"), N_("Validation"), N_("Test") };

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  self->val_spin = percent_spin (10);
  self->test_spin = percent_spin (10);
  self->seed_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, G_MAXINT32, 1));
  gtk_spin_button_set_value (self->seed_spin, 1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->seed_spin),
                               _("The same seed and fractions give the same splits"));
  self->train_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->train_label, 0);
  attach_row (GTK_GRID (grid), 0, _("Train"), GTK_WIDGET (self->train_label));
  attach_row (GTK_GRID (grid), 1, _("_Validation (%)"), GTK_WIDGET (self->val_spin));
  attach_row (GTK_GRID (grid), 2, _("_Test (%)"), GTK_WIDGET (self->test_spin));
  attach_row (GTK_GRID (grid), 3, _("_Seed"), GTK_WIDGET (self->seed_spin));
  gtk_box_append (GTK_BOX (box), grid);

  self->keep_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
    _("_Keep existing splits: assign only the images without one")));
  self->reassign_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
    _("_Reassign every image")));
  gtk_check_button_set_group (self->reassign_check, self->keep_check);
  gtk_check_button_set_active (self->keep_check, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->keep_check));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reassign_check));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  self->preview = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->preview, 4);
  gtk_grid_set_column_spacing (self->preview, 24);
  for (int c = 0; c < (int) G_N_ELEMENTS (columns); c++)
    set_cell (self, c, 0, _(columns[c]), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->preview));
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary_label));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->spinner), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->spinner), GTK_ALIGN_END);
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->apply_button);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->apply_button);

  g_signal_connect_swapped (self->val_spin, "value-changed", G_CALLBACK (update_preview), self);
  g_signal_connect_swapped (self->test_spin, "value-changed", G_CALLBACK (update_preview), self);
  g_signal_connect_swapped (self->reassign_check, "toggled", G_CALLBACK (update_preview), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (on_apply_clicked_cb), self);
}

/* Not while the splits are being written: the window follows once they are. */
static gboolean
sl_split_dialog_close_request (GtkWindow *window)
{
  return SL_SPLIT_DIALOG (window)->job != NULL
         || GTK_WINDOW_CLASS (sl_split_dialog_parent_class)->close_request (window);
}

static void
sl_split_dialog_dispose (GObject *object)
{
  SlSplitDialog *self = SL_SPLIT_DIALOG (object);

  g_clear_object (&self->job);
  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  G_OBJECT_CLASS (sl_split_dialog_parent_class)->dispose (object);
}

static void
sl_split_dialog_class_init (SlSplitDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_split_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sl_split_dialog_close_request;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0,
                                       "window.close", NULL);

  /**
   * SlSplitDialog::splits-made:
   * The splits were written to the catalog.
   */
  signals[SPLITS_MADE] =
    g_signal_new ("splits-made", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
sl_split_dialog_init (SlSplitDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Make Splits"));
  gtk_window_set_resizable (GTK_WINDOW (self), FALSE);
  build (self);
}

SlSplitDialog *
sl_split_dialog_new (GtkWindow   *parent,
                     SlWorkspace *workspace)
{
  SlSplitDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (sl_workspace_get_catalog (workspace) != NULL, NULL);

  self = g_object_new (SL_TYPE_SPLIT_DIALOG, "transient-for", parent, "modal", TRUE,
                       "destroy-with-parent", TRUE, NULL);
  self->workspace = g_object_ref (workspace);
  self->catalog = g_object_ref (sl_workspace_get_catalog (workspace));
  self->classes = sl_catalog_list_classes (self->catalog);
  self->counts = sl_catalog_count_by_split_and_class (self->catalog, &error);
  if (self->counts == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not count the images of %s: %s"),
                                               sl_catalog_get_path (self->catalog),
                                               error->message);

      self->counts = g_hash_table_new (NULL, NULL);
      gtk_label_set_label (self->error_label, text);
    }
  update_preview (self);
  if (g_hash_table_size (self->counts) == 0)
    gtk_widget_set_sensitive (self->apply_button, FALSE);
  return self;
}

gint64
sl_split_dialog_get_preview (SlSplitDialog *self,
                             SlSplit        split,
                             guint          class_index)
{
  GtkWidget *label;

  g_return_val_if_fail (SL_IS_SPLIT_DIALOG (self), -1);
  g_return_val_if_fail (split >= SL_SPLIT_TRAIN && split <= SL_SPLIT_TEST, -1);
  g_return_val_if_fail (class_index <= self->classes->len, -1);

  label = gtk_grid_get_child_at (self->preview, split - SL_SPLIT_TRAIN + 1, (int) class_index + 1);
  return g_ascii_strtoll (gtk_label_get_label (GTK_LABEL (label)), NULL, 10);
}

GtkSpinButton *
sl_split_dialog_get_val_spin (SlSplitDialog *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_DIALOG (self), NULL);
  return self->val_spin;
}

GtkSpinButton *
sl_split_dialog_get_test_spin (SlSplitDialog *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_DIALOG (self), NULL);
  return self->test_spin;
}

GtkSpinButton *
sl_split_dialog_get_seed_spin (SlSplitDialog *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_DIALOG (self), NULL);
  return self->seed_spin;
}

GtkCheckButton *
sl_split_dialog_get_reassign_check (SlSplitDialog *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_DIALOG (self), NULL);
  return self->reassign_check;
}

GtkButton *
sl_split_dialog_get_apply_button (SlSplitDialog *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_DIALOG (self), NULL);
  return GTK_BUTTON (self->apply_button);
}
