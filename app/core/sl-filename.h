/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* File names are bytes; catalogs, messages and exports hold UTF-8 text. The escaped form is
 * lossless: a backslash becomes "\\", every byte that is not part of valid UTF-8 becomes
 * "\xHH" (two lower-case hex digits), everything else is kept. */

/* The escaped (UTF-8) form of a file name or path in the file system's bytes. */
char *sl_filename_escape   (const char *name);
/* The file system's bytes back from the escaped form; a backslash followed by anything but
 * "\" or "xHH" (HH not 00) is kept as it is. */
char *sl_filename_unescape (const char *escaped);

G_END_DECLS
