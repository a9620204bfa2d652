/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies the first images of each class of the bundled demo set into dir/<split>/<class>/:
 * per_class_train, per_class_val and per_class_test images of each class. */
void sl_test_copy_demo_subset (const char *dir,
                               int         per_class_train,
                               int         per_class_val,
                               int         per_class_test);

/* Deletes a folder and everything below it. */
void sl_test_remove_tree      (const char *path);

/* Runs a command (NULL-terminated argv), returning its exit status; output in the out params. */
int  sl_test_run              (const char * const *argv,
                               char              **standard_output,
                               char              **standard_error);

G_END_DECLS
