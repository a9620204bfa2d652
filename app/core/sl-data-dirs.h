/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where Sightline finds what it reads at run time, relative to the running program
 * (/proc/self/exe), so that one build works from its build tree, from any install prefix and
 * after the install is moved. A program whose folder, or a parent of it, holds the marker file
 * meson writes at the top of the build tree (sightline-build-tree) runs uninstalled and reads
 * the paths listed in that marker; any other program is taken as installed in PREFIX/bindir,
 * and reads PREFIX/datadir, PREFIX/libexecdir and PREFIX/localedir. The strings live as long
 * as the process. */

/* The bundled demo dataset (PneumoniaMNIST, with its LICENSE.md). */
const char *sl_data_dirs_demo (void);

/* The sightline-dicom-decoder helper: $SL_DICOM_DECODER when set, else the located one. */
const char *sl_data_dirs_dicom_decoder (void);

/* The sightline-pacs-writer helper: $SL_PACS_WRITER when set, else the located one. */
const char *sl_data_dirs_pacs_writer (void);

/* The message catalogs: $SIGHTLINE_LOCALEDIR when set, else the located folder. */
const char *sl_data_dirs_locale (void);

G_END_DECLS
