/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* A small dialog to add a class or rename, recolour and re-key one (key 1–9 or none). Stores
 * the change in the catalog, then calls done (on OK only). */
typedef void (*SlClassDialogDone) (gpointer user_data);

void sl_class_dialog_show (GtkWindow         *parent,
                           SlCatalog         *catalog,
                           const SlClassInfo *info,        /* NULL: a new class */
                           guint              position,    /* for a new class's default key */
                           SlClassDialogDone  done,
                           gpointer           user_data);

G_END_DECLS
