/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Searching the catalog by file name, id, class and annotator; blind reading sees only the
 * reader's own labels; LIKE's own characters match themselves. */
#include "config.h"

#include "sl-catalog-search.h"
#include "sl-test-util.h"

static gint64
add_image (SlCatalog  *catalog,
           guint8      seed,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  guint8 pixels[16];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autofree char *sha256 = NULL;
  gint64 id;

  for (guint i = 0; i < sizeof pixels; i++)
    pixels[i] = (guint8) (seed * 7 + i);
  bytes = g_bytes_new (pixels, sizeof pixels);
  image = sl_image_new (4, 4, 1, SL_SAMPLE_U8, bytes);
  image->format = g_strdup ("png");
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pixels, sizeof pixels);
  id = sl_catalog_add_image (catalog, image, sha256, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The ids text matches, as "1 3" (ascending), "" for none. */
static char *
found (SlCatalog  *catalog,
       const char *text,
       const char *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = sl_catalog_search_images (catalog, text, reader, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%lld", i > 0 ? " " : "",
                            (long long) g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

#define assert_found(catalog, text, reader, expected) \
  G_STMT_START { \
    g_autofree char *_got = found ((catalog), (text), (reader)); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

static void
test_fields (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "s.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  gint64 normal, effusion;

  g_assert_no_error (error);
  normal = sl_catalog_ensure_class (catalog, "normal", NULL);
  effusion = sl_catalog_ensure_class (catalog, "Effusion", NULL);
  g_assert_cmpint (add_image (catalog, 1, "ward3/chest_0012.png"), ==, 1);
  g_assert_cmpint (add_image (catalog, 2, "ward3/chest_0013.png"), ==, 2);
  g_assert_cmpint (add_image (catalog, 3, "er/knee 100%.png"), ==, 3);
  g_assert_cmpint (add_image (catalog, 4, "er/knee_12.png"), ==, 4);
  g_assert_true (sl_catalog_set_label (catalog, 1, normal, "ann", &error));
  g_assert_true (sl_catalog_set_label (catalog, 2, effusion, "bob", &error));
  g_assert_true (sl_catalog_set_label (catalog, 4, normal, "bob", &error));
  /* bob changed his mind on 4: he still labeled it */
  g_assert_true (sl_catalog_set_label (catalog, 4, effusion, "bob", &error));
  g_assert_no_error (error);

  assert_found (catalog, "", NULL, "1 2 3 4");
  assert_found (catalog, "  ", NULL, "1 2 3 4");
  /* file name, any case; a digit run also matches the id */
  assert_found (catalog, "CHEST_0012", NULL, "1");
  assert_found (catalog, "ward3", NULL, "1 2");
  assert_found (catalog, "12", NULL, "1 4");
  assert_found (catalog, "3", NULL, "1 2 3");
  assert_found (catalog, "#3", NULL, "3");
  /* LIKE's characters are literal */
  assert_found (catalog, "100%", NULL, "3");
  assert_found (catalog, "e_12", NULL, "4");
  assert_found (catalog, "%", NULL, "3");
  /* class (current label) and annotator (anyone who labeled) */
  assert_found (catalog, "effusion", NULL, "2 4");
  assert_found (catalog, "norm", NULL, "1");
  assert_found (catalog, "bob", NULL, "2 4");
  /* every word must match */
  assert_found (catalog, "bob knee", NULL, "4");
  assert_found (catalog, "bob nobody", NULL, "");

  /* blind reading as ann: bob's classes and name do not show through */
  assert_found (catalog, "effusion", "ann", "");
  assert_found (catalog, "bob", "ann", "");
  assert_found (catalog, "normal", "ann", "1");
  assert_found (catalog, "ann", "ann", "1");
  assert_found (catalog, "effusion", "bob", "2 4");
  assert_found (catalog, "normal", "bob", "");
  assert_found (catalog, "knee", "ann", "3 4");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalog/search/fields", test_fields);
  return g_test_run ();
}
