/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"
#include "sl-workspace.h"

G_BEGIN_DECLS

/* Asks how to split the catalog into train, validation and test: the fractions, the seed, and
 * whether images that have a split keep it (only the others are assigned, as `split` does
 * without --reassign) or every image is assigned again; a table previews the images per split
 * and class before anything is written. Apply runs sl_catalog_make_split() as a job of the
 * workspace (one transaction) and closes the dialog once it is done; an error stays in the
 * dialog. Signal "splits-made" after the catalog changed. */

#define SL_TYPE_SPLIT_DIALOG (sl_split_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlSplitDialog, sl_split_dialog, SL, SPLIT_DIALOG, GtkWindow)

SlSplitDialog *sl_split_dialog_new         (GtkWindow     *parent,
                                            SlWorkspace   *workspace);
/* The count the preview shows for a split (train, val or test) and a class position
 * (sl_catalog_list_classes order; the number of classes for the unlabeled images). */
gint64         sl_split_dialog_get_preview (SlSplitDialog *self,
                                            SlSplit        split,
                                            guint          class_index);
/* The percentages, the seed and the mode, as the user sets them. */
GtkSpinButton *sl_split_dialog_get_val_spin    (SlSplitDialog *self);
GtkSpinButton *sl_split_dialog_get_test_spin   (SlSplitDialog *self);
GtkSpinButton *sl_split_dialog_get_seed_spin   (SlSplitDialog *self);
GtkCheckButton *sl_split_dialog_get_reassign_check (SlSplitDialog *self);
GtkButton     *sl_split_dialog_get_apply_button (SlSplitDialog *self);

G_END_DECLS
