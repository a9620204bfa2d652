/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())
G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, GtkApplication)

SlApplication *sl_application_new               (void);
/* Where the demo catalog lives: $XDG_DATA_HOME/sightline/demo.sightline. */
char          *sl_application_get_demo_path     (void);
/* Registers the app's types and loads its CSS: for tests that build windows themselves. */
void           sl_application_init_resources    (void);

G_END_DECLS
