/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sl-catalog-readers.h"
#include "sl-error.h"
#include "sl-test-util.h"

static gint64
add_image (SlCatalog *catalog,
           guint8     seed)
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
  id = sl_catalog_add_image (catalog, image, sha256, "x.png", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
label (SlCatalog  *catalog,
       gint64      image,
       gint64      class_id,
       const char *reader)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_catalog_set_label (catalog, image, class_id, reader, &error));
  g_assert_no_error (error);
}

/* The training label under each rule, and an adjudication overriding them all. */
static void
test_label_rules (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "a.sightline", NULL);
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GArray) queue = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *reference = NULL;
  gint64 a = sl_catalog_ensure_class (catalog, "a", NULL);
  gint64 b = sl_catalog_ensure_class (catalog, "b", NULL);
  gint64 tie = add_image (catalog, 1), two_to_one = add_image (catalog, 2);
  gint64 agreed = add_image (catalog, 3);

  /* tie: ann a, bob b; two_to_one: ann a → b (changed her mind), bob b, cy a; agreed: all a */
  label (catalog, tie, a, "ann");
  label (catalog, tie, b, "bob");
  label (catalog, two_to_one, a, "ann");
  label (catalog, two_to_one, b, "bob");
  label (catalog, two_to_one, a, "cy");
  label (catalog, two_to_one, b, "ann");
  label (catalog, agreed, a, "ann");
  label (catalog, agreed, a, "bob");

  g_assert_cmpint (sl_catalog_get_label_rule (catalog, NULL), ==, SL_LABEL_RULE_LATEST);
  g_assert_cmpint (sl_catalog_get_label (catalog, tie), ==, b);
  g_assert_cmpint (sl_catalog_get_label (catalog, two_to_one), ==, b);

  readers = sl_catalog_reader_labels (catalog, two_to_one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (readers->len, ==, 3);
  g_assert_cmpstr (((SlReaderLabel *) readers->pdata[0])->annotator, ==, "ann");
  g_assert_cmpint (((SlReaderLabel *) readers->pdata[0])->class_id, ==, b);
  g_assert_cmpint (((SlReaderLabel *) readers->pdata[2])->class_id, ==, a);
  names = sl_catalog_list_readers (catalog, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[2], ==, "cy");

  g_assert_true (sl_catalog_set_label_rule (catalog, SL_LABEL_RULE_MAJORITY, NULL, &error));
  g_assert_cmpint (sl_catalog_get_label (catalog, tie), ==, 0);   /* a tie: no label */
  g_assert_cmpint (sl_catalog_get_label (catalog, two_to_one), ==, b);
  g_assert_cmpint (sl_catalog_get_label (catalog, agreed), ==, a);
  label (catalog, tie, a, "cy");   /* a new reader breaks the tie */
  g_assert_cmpint (sl_catalog_get_label (catalog, tie), ==, a);
  label (catalog, tie, 0, "cy");   /* and withdraws: a tie again */
  g_assert_cmpint (sl_catalog_get_label (catalog, tie), ==, 0);

  g_assert_false (sl_catalog_set_label_rule (catalog, SL_LABEL_RULE_REFERENCE, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (sl_catalog_set_label_rule (catalog, SL_LABEL_RULE_REFERENCE, "cy", &error));
  g_assert_cmpint (sl_catalog_get_label_rule (catalog, &reference), ==, SL_LABEL_RULE_REFERENCE);
  g_assert_cmpstr (reference, ==, "cy");
  g_assert_cmpint (sl_catalog_get_label (catalog, two_to_one), ==, a);
  g_assert_cmpint (sl_catalog_get_label (catalog, agreed), ==, 0);   /* cy did not read it */

  /* the queue: images whose readers disagree (tie, two_to_one), until adjudicated */
  queue = sl_catalog_adjudication_queue (catalog, &error);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpint (g_array_index (queue, gint64, 0), ==, tie);
  g_assert_true (sl_catalog_adjudicate (catalog, two_to_one, b, "chief", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_get_adjudication (catalog, two_to_one), ==, b);
  g_assert_cmpint (sl_catalog_get_label (catalog, two_to_one), ==, b);
  g_clear_pointer (&queue, g_array_unref);
  queue = sl_catalog_adjudication_queue (catalog, &error);
  g_assert_cmpuint (queue->len, ==, 1);
  /* the adjudicator is not counted as a reader */
  g_clear_pointer (&readers, g_ptr_array_unref);
  readers = sl_catalog_reader_labels (catalog, two_to_one, &error);
  g_assert_cmpuint (readers->len, ==, 3);

  g_assert_false (sl_catalog_get_blind_reading (catalog));
  g_assert_true (sl_catalog_set_blind_reading (catalog, TRUE, &error));
  g_assert_true (sl_catalog_get_blind_reading (catalog));
}

static guint
count_rows (const char *path)
{
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, NULL);
  guint n = 0;

  for (gint64 id = 1; id <= 10; id++)
    {
      g_autoptr(GPtrArray) history = sl_catalog_label_history (catalog, id, NULL);

      n += history != NULL ? history->len : 0;
    }
  return n;
}

/* Every history row of both sides is in the target once, after one merge or two; an image the
 * target lacks is reported, then brought with --images. */
static void
test_merge (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *target_path = g_build_filename (dir, "target.sightline", NULL);
  g_autofree char *other_path = g_build_filename (dir, "other.sightline", NULL);
  g_autoptr(SlCatalog) target = sl_catalog_open (target_path, NULL);
  g_autoptr(SlCatalog) other = sl_catalog_open (other_path, NULL);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SlMergeStats stats;
  gint64 t1, t2, o1, o2, o3, ta, ob, oa;

  ta = sl_catalog_ensure_class (target, "a", NULL);
  t1 = add_image (target, 1);
  t2 = add_image (target, 2);
  label (target, t1, ta, "ann");
  label (target, t2, ta, "ann");
  label (target, t2, 0, "ann");

  ob = sl_catalog_ensure_class (other, "b", NULL);   /* a class the target lacks, */
  oa = sl_catalog_ensure_class (other, "a", NULL);   /* at another position */
  o3 = add_image (other, 3);                         /* an image the target lacks */
  o2 = add_image (other, 2);
  o1 = add_image (other, 1);
  label (other, o1, ob, "bob");
  label (other, o2, oa, "bob");
  label (other, o3, ob, "bob");
  g_assert_true (sl_catalog_adjudicate (other, o1, ob, "chief", &error));
  g_clear_object (&other);

  g_assert_true (sl_catalog_merge (target, other_path, FALSE, &stats, missing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.labels_added, ==, 3);
  g_assert_cmpuint (stats.labels_present, ==, 0);
  g_assert_cmpuint (stats.images_missing, ==, 1);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_true (g_str_has_suffix (missing->pdata[0], " x.png"));
  g_assert_cmpint (sl_catalog_get_adjudication (target, t1), ==,
                   sl_catalog_find_class (target, "b"));
  g_assert_cmpint (sl_catalog_get_label (target, t1), ==, sl_catalog_find_class (target, "b"));
  g_assert_cmpuint (count_rows (target_path), ==, 3 + 3);

  /* twice: nothing new */
  g_assert_true (sl_catalog_merge (target, other_path, FALSE, &stats, NULL, &error));
  g_assert_cmpuint (stats.labels_added, ==, 0);
  g_assert_cmpuint (stats.labels_present, ==, 3);
  g_assert_cmpuint (count_rows (target_path), ==, 6);

  /* with the images: the missing one and its label come in */
  g_assert_true (sl_catalog_merge (target, other_path, TRUE, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.images_added, ==, 1);
  g_assert_cmpuint (stats.labels_added, ==, 1);
  g_assert_cmpint (sl_catalog_count_images (target), ==, 3);
  g_assert_cmpuint (count_rows (target_path), ==, 7);

  g_assert_false (sl_catalog_merge (target, target_path, FALSE, &stats, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_catalog_merge (target, "/nonexistent.sightline", FALSE, &stats, NULL,
                                    &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readers/label-rules", test_label_rules);
  g_test_add_func ("/readers/merge", test_merge);
  return g_test_run ();
}
