/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-application.h"
#include "sl-window.h"

G_BEGIN_DECLS

/* What the training GUI tests share: a small labelled catalog, a window on it, lookups of the
 * widgets they drive, and conditions for sl_gui_test_wait(). */

#define SL_TRAIN_TEST_PER_CLASS 120

/* A catalog of 2 × SL_TRAIN_TEST_PER_CLASS demo images, labelled by their class folders on
 * import, without splits; make_catalog puts a quarter of each class in the validation split. */
char          *sl_train_test_make_unsplit_catalog (const char    *dir);
char          *sl_train_test_make_catalog         (const char    *dir);
SlApplication *sl_train_test_new_app              (void);
/* A window of app on the catalog at path, annotator "tester", drawn. */
SlWindow      *sl_train_test_open_window          (SlApplication *app,
                                                   const char    *path);

GtkWidget     *sl_train_test_find_labeled_button  (GtkWidget     *widget,
                                                   const char    *label);
/* The open question (a GtkMessageDialog) over window, or NULL. */
GtkDialog     *sl_train_test_find_question        (SlWindow      *window);
/* With SL_SCREENSHOT_DIR set: saves the widget as shown, for a look at it. */
void           sl_train_test_save_shot            (GtkWidget     *widget,
                                                   const char    *name);

/* For sl_gui_test_wait(): the train page's run ended; the window shows a model. */
gboolean       sl_train_test_finished             (gpointer       train_page);
gboolean       sl_train_test_has_model            (gpointer       window);

G_END_DECLS
