/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-team.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "sl-agreement.h"
#include "sl-cli.h"
#include "sl-ratings.h"

/* Undefined figures (NAN) are null in JSON and "—" in the table. */
static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static char *
format_number (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.3f", value);
}

static void
add_pair (JsonBuilder     *builder,
          const SlRatings *ratings,
          guint            a,
          guint            b)
{
  guint n_raters = ratings->raters->len, n_classes = ratings->class_names->len;
  g_autofree long *confusion = g_new0 (long, MAX (n_classes * n_classes, 1));
  int both = 0;
  double kappa = sl_cohen_kappa ((const int *) ratings->ratings->data,
                                 (int) ratings->image_ids->len, (int) n_raters, (int) n_classes,
                                 (int) a, (int) b, confusion, &both);
  long agree = 0;

  for (guint k = 0; k < n_classes; k++)
    agree += confusion[k * n_classes + k];
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "a");
  json_builder_add_string_value (builder, g_ptr_array_index (ratings->raters, a));
  json_builder_set_member_name (builder, "b");
  json_builder_add_string_value (builder, g_ptr_array_index (ratings->raters, b));
  json_builder_set_member_name (builder, "images");
  json_builder_add_int_value (builder, both);
  add_number (builder, "cohen_kappa", kappa);
  add_number (builder, "percent_agreement", both > 0 ? (double) agree / both : NAN);
  json_builder_set_member_name (builder, "confusion");   /* rows: a's class, columns: b's */
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_classes; i++)
    {
      json_builder_begin_array (builder);
      for (guint j = 0; j < n_classes; j++)
        json_builder_add_int_value (builder, confusion[i * n_classes + j]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Every figure of the table as one JSON object (see the README for its keys). */
static JsonNode *
agreement_to_json (const SlRatings *ratings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_raters = ratings->raters->len, n_classes = ratings->class_names->len;
  g_autofree double *per_class = g_new (double, MAX (n_classes, 1));
  g_autofree long *counts = g_new (long, MAX (n_classes, 1));
  sl_agreement agreement;

  sl_fleiss_kappa ((const int *) ratings->ratings->data, (int) ratings->image_ids->len,
                   (int) n_raters, (int) n_classes, &agreement, per_class, counts);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "readers");
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_raters; r++)
    json_builder_add_string_value (builder, g_ptr_array_index (ratings->raters, r));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "images");
  json_builder_add_int_value (builder, agreement.items);
  add_number (builder, "percent_agreement", agreement.percent_agreement);
  add_number (builder, "fleiss_kappa", agreement.fleiss_kappa);
  if (n_raters == 2)
    add_number (builder, "cohen_kappa",
                sl_cohen_kappa ((const int *) ratings->ratings->data,
                                (int) ratings->image_ids->len, 2, (int) n_classes, 0, 1, NULL,
                                NULL));
  json_builder_set_member_name (builder, "per_class");
  json_builder_begin_array (builder);
  for (guint k = 0; k < n_classes; k++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "class");
      json_builder_add_string_value (builder, g_ptr_array_index (ratings->class_names, k));
      json_builder_set_member_name (builder, "ratings");
      json_builder_add_int_value (builder, counts[k]);
      add_number (builder, "kappa", per_class[k]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_array (builder);
  for (guint a = 0; a < n_raters; a++)
    for (guint b = a + 1; b < n_raters; b++)
      add_pair (builder, ratings, a, b);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member (object, name);
}

static char *
member_number (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return format_number (JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node));
}

static void
print_table (JsonObject *root)
{
  JsonArray *per_class = json_object_get_array_member (root, "per_class");
  JsonArray *pairs = json_object_get_array_member (root, "pairs");
  g_autofree char *percent = member_number (root, "percent_agreement");
  g_autofree char *fleiss = member_number (root, "fleiss_kappa");

  g_print (_("images read by two or more: %" PRId64 "\n"),
           json_object_get_int_member (root, "images"));
  g_print (_("percent agreement: %s\nFleiss' kappa: %s\n"), percent, fleiss);
  g_print (_("\nper class: ratings, kappa\n"));
  for (guint k = 0; k < json_array_get_length (per_class); k++)
    {
      JsonObject *row = json_array_get_object_element (per_class, k);
      g_autofree char *kappa = member_number (row, "kappa");

      g_print ("  %-20s %8" G_GINT64_FORMAT " %8s\n", member_string (row, "class"),
               json_object_get_int_member (row, "ratings"), kappa);
    }
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      JsonArray *confusion = json_object_get_array_member (pair, "confusion");
      g_autofree char *kappa = member_number (pair, "cohen_kappa");
      g_autofree char *agree = member_number (pair, "percent_agreement");

      g_print (_("\n%s vs %s: %" PRId64 " images, Cohen's kappa %s, agreement %s\n"),
               member_string (pair, "a"), member_string (pair, "b"),
               json_object_get_int_member (pair, "images"), kappa, agree);
      g_print (_("  rows: %s, columns: %s\n"), member_string (pair, "a"),
               member_string (pair, "b"));
      for (guint r = 0; r < json_array_get_length (confusion); r++)
        {
          JsonArray *row = json_array_get_array_element (confusion, r);

          g_print ("  %-20s", member_string (json_array_get_object_element (per_class, r),
                                             "class"));
          for (guint c = 0; c < json_array_get_length (row); c++)
            g_print (" %6" G_GINT64_FORMAT, json_array_get_int_element (row, c));
          g_print ("\n");
        }
    }
}

int
sl_cli_agreement (int    argc,
                  char **argv)
{
  g_autofree char *catalog_path = NULL, *annotators = NULL, *model_arg = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlRatings) ratings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) names = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators,
      N_("The readers to compare (default: every reader with a label)"), N_("A,B,…") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_arg,
      N_("Compare a model with the readers too: a checkpoint file or a catalog model id"),
      N_("MODEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Agreement between the readers' current labels: percent "
                               "agreement, Fleiss' kappa (Cohen's kappa when two readers), "
                               "per-class kappa and, for every pair, Cohen's kappa and the "
                               "reader-vs-reader confusion matrix. Only images read by two or "
                               "more count; undefined figures print as “—” (null in JSON)."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if (annotators != NULL)
    names = g_strsplit (annotators, ",", -1);
  if ((ratings = sl_ratings_from_catalog (catalog, (const char * const *) names, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  if (model_arg != NULL)
    {
      g_autoptr(SlModel) model = NULL;
      gint64 model_id;

      model = sl_cli_model_id_of (model_arg, &model_id)
            ? sl_model_load_from_catalog (catalog, model_id, &error)
            : sl_model_load_file (model_arg, &error);
      if (model == NULL || !sl_ratings_add_model (ratings, catalog, model, "model", &error))
        {
          g_printerr ("%s\n", error->message);
          return SL_CLI_EXIT_FAILED;
        }
    }
  if (ratings->raters->len < 2)
    {
      g_printerr (_("%s: agreement needs at least two readers (or a reader and --model)\n"),
                  catalog_path);
      return SL_CLI_EXIT_FAILED;
    }

  root = agreement_to_json (ratings);
  if (json)
    {
      g_autofree char *text = json_to_string (root, FALSE);

      g_print ("%s\n", text);
    }
  else
    print_table (json_node_get_object (root));
  return SL_CLI_EXIT_OK;
}
