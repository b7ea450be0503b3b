/* sandbox-patch.c: applying the PATCH bodies kubectl sends to a stored object
 *
 * kubectl changes objects with four kinds of PATCH: JSON patch (RFC 6902), JSON merge patch
 * (RFC 7386), Kubernetes' strategic merge patch (client-side apply, edit, rollout restart)
 * and server-side apply.  This file applies each of them to a copy of the stored object.
 *
 * Strategic merge patch differs from merge patch in lists: a list the Kubernetes types mark
 * with patchStrategy "merge" is merged element by element, matched by the list's merge key
 * (containers by name, ports by containerPort, conditions by type …), instead of being
 * replaced.  The patch may carry directives: "$patch" (replace, delete or merge a map or a
 * list element), "$setElementOrder/<list>" (the order the list should end up in),
 * "$retainKeys" (the only keys a map keeps) and "$deleteFromPrimitiveList/<list>".  The
 * rules, and the order in which merged list elements come out, follow the Kubernetes API
 * server's implementation.  Server-side apply is approximated as a strategic merge of the
 * applied fields without directives; managed fields are not tracked.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sandbox-patch.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (sandbox-patch-error-quark, sandbox_patch_error)

/* Deeper bodies are refused before they reach the JSON parser, which recurses per level.
 * Kubernetes objects nest a few dozen levels at most. */
#define MAX_NESTING 512

#define DIRECTIVE_PATCH "$patch"
#define DIRECTIVE_RETAIN_KEYS "$retainKeys"
#define DIRECTIVE_SET_ORDER "$setElementOrder/"
#define DIRECTIVE_DELETE_PRIMITIVE "$deleteFromPrimitiveList/"

/* What the Kubernetes types declare about one field: the type of its value (or of its list
 * elements), and for lists whether they merge and by which key (NULL for lists of scalars,
 * which merge as sets).  Fields without an entry are plain: maps merge, lists are replaced. */
typedef struct
{
  const char *type;
  const char *field;
  const char *child;
  gboolean merge;
  const char *merge_key;
} FieldInfo;

static const FieldInfo schema[] = {
  { "ObjectMeta", "finalizers", NULL, TRUE, NULL },
  { "ObjectMeta", "ownerReferences", NULL, TRUE, "uid" },

  { "Pod", "spec", "PodSpec", FALSE, NULL },
  { "Pod", "status", "PodStatus", FALSE, NULL },
  { "PodTemplate", "template", "PodTemplateSpec", FALSE, NULL },
  { "PodTemplateSpec", "spec", "PodSpec", FALSE, NULL },
  { "PodSpec", "containers", "Container", TRUE, "name" },
  { "PodSpec", "initContainers", "Container", TRUE, "name" },
  { "PodSpec", "ephemeralContainers", "Container", TRUE, "name" },
  { "PodSpec", "volumes", NULL, TRUE, "name" },
  { "PodSpec", "imagePullSecrets", NULL, TRUE, "name" },
  { "PodSpec", "hostAliases", NULL, TRUE, "ip" },
  { "PodSpec", "topologySpreadConstraints", NULL, TRUE, "topologyKey" },
  { "PodSpec", "schedulingGates", NULL, TRUE, "name" },
  { "PodSpec", "resourceClaims", NULL, TRUE, "name" },
  { "Container", "ports", NULL, TRUE, "containerPort" },
  { "Container", "env", NULL, TRUE, "name" },
  { "Container", "volumeMounts", NULL, TRUE, "mountPath" },
  { "Container", "volumeDevices", NULL, TRUE, "devicePath" },
  { "PodStatus", "conditions", NULL, TRUE, "type" },
  { "PodStatus", "podIPs", NULL, TRUE, "ip" },
  { "PodStatus", "hostIPs", NULL, TRUE, "ip" },

  /* Workloads: volumeClaimTemplates is an atomic list in apps/v1, replaced whole. */
  { "StatefulSet", "spec", "WorkloadSpec", FALSE, NULL },
  { "StatefulSet", "status", "ConditionedStatus", FALSE, NULL },
  { "Deployment", "spec", "WorkloadSpec", FALSE, NULL },
  { "Deployment", "status", "ConditionedStatus", FALSE, NULL },
  { "ReplicaSet", "spec", "WorkloadSpec", FALSE, NULL },
  { "ReplicaSet", "status", "ConditionedStatus", FALSE, NULL },
  { "DaemonSet", "spec", "WorkloadSpec", FALSE, NULL },
  { "DaemonSet", "status", "ConditionedStatus", FALSE, NULL },
  { "Job", "spec", "WorkloadSpec", FALSE, NULL },
  { "Job", "status", "ConditionedStatus", FALSE, NULL },
  { "CronJob", "spec", "CronJobSpec", FALSE, NULL },
  { "CronJobSpec", "jobTemplate", "JobTemplateSpec", FALSE, NULL },
  { "JobTemplateSpec", "spec", "WorkloadSpec", FALSE, NULL },
  { "WorkloadSpec", "template", "PodTemplateSpec", FALSE, NULL },
  { "WorkloadSpec", "volumeClaimTemplates", "PersistentVolumeClaim", FALSE, NULL },
  { "ConditionedStatus", "conditions", NULL, TRUE, "type" },

  { "Service", "spec", "ServiceSpec", FALSE, NULL },
  { "Service", "status", "ConditionedStatus", FALSE, NULL },
  { "ServiceSpec", "ports", NULL, TRUE, "port" },
  { "Node", "spec", "NodeSpec", FALSE, NULL },
  { "Node", "status", "NodeStatus", FALSE, NULL },
  { "NodeSpec", "podCIDRs", NULL, TRUE, NULL },
  { "NodeStatus", "conditions", NULL, TRUE, "type" },
  { "NodeStatus", "addresses", NULL, TRUE, "type" },
  { "Namespace", "status", "ConditionedStatus", FALSE, NULL },
  { "PersistentVolumeClaim", "status", "ConditionedStatus", FALSE, NULL },
  { "PodDisruptionBudget", "status", "ConditionedStatus", FALSE, NULL },
};

static const FieldInfo metadata_field = { NULL, "metadata", "ObjectMeta", FALSE, NULL };

/* What is known about @field of a value of @type, or NULL.  Every object with metadata has
 * ObjectMeta there, whatever its kind. */
static const FieldInfo *
lookup_field (const char *type,
              const char *field)
{
  if (type == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_str_equal (schema[i].type, type) && g_str_equal (schema[i].field, field))
      return &schema[i];

  if (g_str_equal (field, "metadata"))
    return &metadata_field;

  return NULL;
}

/* Shared state of one strategic merge or apply. */
typedef struct
{
  /* Server-side apply: directives are field names like any other, so refuse them. */
  gboolean apply;
} Merge;

static gboolean
fail (GError    **error,
      int         code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      int         code,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SANDBOX_PATCH_ERROR, code, format, args);
  va_end (args);

  return FALSE;
}

/* JSON values */

static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (object, name, deep_copy (member));

        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, object);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (source));

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (array, deep_copy (json_array_get_element (source, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static gboolean
is_number (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Whether @node (a number) is integral and within gint64, as 3 and 3.0 both are. */
static gboolean
integral_value (JsonNode *node,
                gint64   *value)
{
  double number;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  number = json_node_get_double (node);
  if (number < -9.2e18 || number > 9.2e18 || number != (double) (gint64) number)
    return FALSE;

  *value = (gint64) number;
  return TRUE;
}

/* Numbers compare by value: json-glib reads 1 as an integer and 1.0 as a double. */
static gboolean
numbers_equal (JsonNode *a,
               JsonNode *b)
{
  gint64 x;
  gint64 y;
  gboolean a_integral = integral_value (a, &x);
  gboolean b_integral = integral_value (b, &y);

  if (a_integral && b_integral)
    return x == y;
  if (a_integral != b_integral)
    return FALSE;

  return json_node_get_double (a) == json_node_get_double (b);
}

/* Equality of JSON values as RFC 6902's "test" defines it: numbers by value, strings by
 * their characters, objects regardless of member order, arrays element by element. */
static gboolean
values_equal (JsonNode *a,
              JsonNode *b)
{
  JsonNodeType type = json_node_get_node_type (a);

  if (type != json_node_get_node_type (b))
    return FALSE;

  switch (type)
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      if (is_number (a) && is_number (b))
        return numbers_equal (a, b);
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        return g_str_equal (json_node_get_string (a), json_node_get_string (b));
      if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
        return json_node_get_boolean (a) == json_node_get_boolean (b);
      return FALSE;

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if (!values_equal (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a);
        JsonObject *y = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        json_object_iter_init (&iter, x);
        while (json_object_iter_next (&iter, &name, &member))
          {
            JsonNode *other = json_object_get_member (y, name);

            if (other == NULL || !values_equal (member, other))
              return FALSE;
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* A short rendering of @node for error messages. */
static char *
describe (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  /* Cut by characters, not bytes: the message ends up in a JSON Status. */
  if (g_utf8_strlen (text, -1) > 60)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 57);

      return g_strconcat (start, "...", NULL);
    }

  return g_steal_pointer (&text);
}

static char *
child_path (const char *path,
            const char *name)
{
  return *path != '\0' ? g_strconcat (path, ".", name, NULL) : g_strdup (name);
}

/* Parsing bodies */

/* Refuses bodies nested deeper than MAX_NESTING, counting brackets outside strings. */
static gboolean
check_nesting (const char *data,
               gsize       length,
               GError    **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_NESTING)
            return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                         "The patch is nested more than %d levels deep", MAX_NESTING);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

static JsonNode *
parse_body (GBytes     *body,
            const char *what,
            GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  data = g_bytes_get_data (body, &length);

  if (length == 0)
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID, "The %s body is empty", what);
      return NULL;
    }

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID, "The %s body is not UTF-8 text", what);
      return NULL;
    }

  if (!check_nesting (data, length, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID, "The %s body is not valid JSON: %s", what,
            local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID, "The %s body holds no JSON value", what);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* JSON merge patch, RFC 7386 */

static JsonNode *
merge_patch (JsonNode *target,
             JsonNode *patch)
{
  JsonObject *result;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (patch))
    {
      g_clear_pointer (&target, json_node_unref);
      return deep_copy (patch);
    }

  if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target))
    {
      g_clear_pointer (&target, json_node_unref);
      target = object_node (json_object_new ());
    }

  result = json_node_get_object (target);
  json_object_iter_init_ordered (&iter, json_node_get_object (patch));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      JsonNode *existing = json_object_get_member (result, name);

      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (result, name);
      else
        json_object_set_member (result, name,
                                merge_patch (existing != NULL ? deep_copy (existing) : NULL,
                                             value));
    }

  return target;
}

/* Strategic merge patch */

static JsonObject *merge_object (Merge      *merge,
                                 JsonObject *original,
                                 JsonObject *patch,
                                 const char *type,
                                 const char *path,
                                 GError    **error);

static JsonArray *merge_list (Merge           *merge,
                              JsonArray       *original,
                              JsonArray       *patch,
                              const FieldInfo *info,
                              gboolean         delete_list,
                              const char      *path,
                              GError         **error);

/* The value member @key of a list element, or NULL. */
static JsonNode *
key_of (JsonNode   *element,
        const char *key)
{
  if (!JSON_NODE_HOLDS_OBJECT (element))
    return NULL;

  return json_object_get_member (json_node_get_object (element), key);
}

/* Appends to @out a text that two values share exactly when values_equal () holds for them,
 * so that list elements are found by hashing instead of by comparing every pair.  Each part
 * ends itself (strings carry their length), so no separators are needed. */
static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);
        gint64 integer;

        if (type == G_TYPE_STRING)
          {
            const char *text = json_node_get_string (node);

            g_string_append_printf (out, "s%" G_GSIZE_FORMAT ":", strlen (text));
            g_string_append (out, text);
          }
        else if (type == G_TYPE_BOOLEAN)
          g_string_append_c (out, json_node_get_boolean (node) ? 't' : 'f');
        else if (integral_value (node, &integer))
          g_string_append_printf (out, "i%" G_GINT64_FORMAT ";", integer);
        else
          g_string_append_printf (out, "d%.17g;", json_node_get_double (node));
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          append_canonical (out, json_array_get_element (array, i));
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = g_list_sort (json_object_get_members (object),
                                              (GCompareFunc) strcmp);

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            g_string_append_printf (out, "%" G_GSIZE_FORMAT ":%s", strlen (l->data),
                                    (const char *) l->data);
            append_canonical (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append_c (out, 'z');
      break;
    }
}

/* What identifies @element in its list: its merge key's value for lists of maps, its whole
 * value otherwise; NULL when it has no merge key. */
static char *
identity_of (JsonNode   *element,
             const char *key)
{
  JsonNode *value = key != NULL ? key_of (element, key) : element;
  GString *text;

  if (value == NULL)
    return NULL;

  text = g_string_new (NULL);
  append_canonical (text, value);
  return g_string_free (text, FALSE);
}

/* Records that @element sits at @position, unless an element with its identity came
 * earlier. */
static void
positions_add (GHashTable *positions,
               JsonNode   *element,
               const char *key,
               gint        position)
{
  char *identity = identity_of (element, key);

  if (identity == NULL || g_hash_table_contains (positions, identity))
    g_free (identity);
  else
    g_hash_table_insert (positions, identity, GINT_TO_POINTER (position + 1));
}

/* The first position of each identity in @list. */
static GHashTable *
positions_new (GPtrArray  *list,
               const char *key)
{
  GHashTable *positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    positions_add (positions, list->pdata[i], key, (gint) i);

  return positions;
}

/* The position of the element matching @element, or -1. */
static gint
position_of (GHashTable *positions,
             JsonNode   *element,
             const char *key)
{
  g_autofree char *identity = identity_of (element, key);
  gpointer value;

  if (identity == NULL || !g_hash_table_lookup_extended (positions, identity, NULL, &value))
    return -1;

  return GPOINTER_TO_INT (value) - 1;
}

typedef struct
{
  gint position;
  guint sequence;
  JsonNode *element;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a;
  const Ranked *y = b;

  if (x->position != y->position)
    return (x->position > y->position) - (x->position < y->position);

  return (x->sequence > y->sequence) - (x->sequence < y->sequence);
}

/* Sorts @items stably by their positions in @order; elements the order does not know go
 * last, in their current order.  Each position is looked up once. */
static void
sort_by_order (GPtrArray  *items,
               GHashTable *order,
               const char *key)
{
  g_autofree Ranked *ranked = NULL;

  /* qsort () must not be given the NULL that g_new () returns for nothing. */
  if (items->len < 2)
    return;

  ranked = g_new (Ranked, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      ranked[i].position = position_of (order, items->pdata[i], key);
      if (ranked[i].position < 0)
        ranked[i].position = G_MAXINT;
      ranked[i].sequence = i;
      ranked[i].element = items->pdata[i];
    }

  qsort (ranked, items->len, sizeof (Ranked), compare_ranked);

  for (guint i = 0; i < items->len; i++)
    items->pdata[i] = ranked[i].element;
}

/* Puts the merged elements in their final order, as the API server does: the elements named
 * in @patch_order keep that relative order, the others keep their relative order from
 * @server_order, and where the two interleave, an element the server had before a patched
 * element it also had stays before it.  Returns a new array of copies. */
static JsonArray *
normalize_order (GPtrArray  *merged,
                 GPtrArray  *patch_order,
                 GPtrArray  *server_order,
                 const char *key)
{
  g_autoptr(GPtrArray) patched = g_ptr_array_new ();
  g_autoptr(GPtrArray) server_only = g_ptr_array_new ();
  g_autoptr(GHashTable) in_patch = positions_new (patch_order, key);
  g_autoptr(GHashTable) in_server = positions_new (server_order, key);
  g_autofree gint *server_positions = NULL;
  g_autofree gint *patched_positions = NULL;
  JsonArray *result = json_array_sized_new (merged->len);
  guint i = 0;
  guint j = 0;

  for (guint k = 0; k < merged->len; k++)
    g_ptr_array_add (position_of (in_patch, merged->pdata[k], key) >= 0 ? patched : server_only,
                     merged->pdata[k]);

  sort_by_order (patched, in_patch, key);
  sort_by_order (server_only, in_server, key);

  server_positions = g_new (gint, server_only->len + 1);
  patched_positions = g_new (gint, patched->len + 1);
  for (guint k = 0; k < server_only->len; k++)
    server_positions[k] = position_of (in_server, server_only->pdata[k], key);
  for (guint k = 0; k < patched->len; k++)
    patched_positions[k] = position_of (in_server, patched->pdata[k], key);

  while (i < server_only->len || j < patched->len)
    {
      JsonNode *next;

      if (j >= patched->len)
        next = server_only->pdata[i++];
      else if (i >= server_only->len)
        next = patched->pdata[j++];
      else if (server_positions[i] >= 0 && patched_positions[j] >= 0 &&
               server_positions[i] < patched_positions[j])
        next = server_only->pdata[i++];
      else
        next = patched->pdata[j++];

      /* Copies, so that nothing in the result is shared with the patch body. */
      json_array_add_element (result, deep_copy (next));
    }

  return result;
}

static GPtrArray *
array_elements (JsonArray *array)
{
  GPtrArray *elements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (elements, json_node_ref (json_array_get_element (array, i)));

  return elements;
}

static gboolean
has_directive (JsonNode *element)
{
  return JSON_NODE_HOLDS_OBJECT (element) &&
         json_object_has_member (json_node_get_object (element), DIRECTIVE_PATCH);
}

/* A value the patch adds where the original has nothing: merged onto nothing, which drops
 * its nulls and applies its directives. */
static JsonNode *
fresh_value (Merge           *merge,
             JsonNode        *value,
             const FieldInfo *info,
             const char      *path,
             GError         **error)
{
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = merge_object (merge, NULL, json_node_get_object (value),
                                         info != NULL ? info->child : NULL, path, error);

      return object != NULL ? object_node (object) : NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = merge_list (merge, NULL, json_node_get_array (value), info, FALSE, path,
                                     error);

      return array != NULL ? array_node (array) : NULL;
    }

  return json_node_copy (value);
}

/* Whether the elements of @a and @b are all maps (TRUE) or all scalars (FALSE). */
static gboolean
list_holds_maps (JsonArray  *a,
                 JsonArray  *b,
                 gboolean   *maps,
                 const char *path,
                 GError    **error)
{
  gboolean seen_map = FALSE;
  gboolean seen_scalar = FALSE;
  JsonArray *lists[] = { a, b };

  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < json_array_get_length (lists[l]); i++)
      {
        JsonNode *element = json_array_get_element (lists[l], i);

        if (JSON_NODE_HOLDS_ARRAY (element))
          return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                       "%s: a list of lists cannot be merged", path);
        if (JSON_NODE_HOLDS_OBJECT (element))
          seen_map = TRUE;
        else
          seen_scalar = TRUE;
      }

  if (seen_map && seen_scalar)
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "%s: the list mixes objects with plain values and cannot be merged", path);

  *maps = seen_map;
  return TRUE;
}

static JsonArray *
merge_scalar_list (JsonArray *original,
                   JsonArray *patch,
                   gboolean   delete_list)
{
  g_autoptr(GPtrArray) server = array_elements (original);
  g_autoptr(GPtrArray) patched = array_elements (patch);
  g_autoptr(GPtrArray) merged = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = NULL;

  if (delete_list)
    {
      g_autoptr(GHashTable) doomed = positions_new (patched, NULL);
      JsonArray *result = json_array_new ();

      for (guint i = 0; i < server->len; i++)
        if (position_of (doomed, server->pdata[i], NULL) < 0)
          json_array_add_element (result, json_node_copy (server->pdata[i]));
      return result;
    }

  /* A set: the union, each value once. */
  seen = positions_new (NULL, NULL);
  for (guint i = 0; i < server->len + patched->len; i++)
    {
      JsonNode *value = i < server->len ? server->pdata[i] : patched->pdata[i - server->len];

      if (position_of (seen, value, NULL) < 0)
        {
          positions_add (seen, value, NULL, (gint) merged->len);
          g_ptr_array_add (merged, value);
        }
    }

  return normalize_order (merged, patched, server, NULL);
}

/* Handles the "$patch" elements of a list of maps: deletes from @server the elements they
 * name, and reports a "$patch": "replace" marker.  The other patch elements go to @plain. */
static gboolean
apply_list_directives (GPtrArray  *server,
                       JsonArray  *patch,
                       const char *key,
                       GPtrArray  *plain,
                       gboolean   *replace,
                       const char *path,
                       GError    **error)
{
  g_autoptr(GHashTable) doomed = positions_new (NULL, key);
  g_autoptr(GPtrArray) kept = NULL;

  *replace = FALSE;

  for (guint i = 0; i < json_array_get_length (patch); i++)
    {
      JsonNode *element = json_array_get_element (patch, i);
      JsonNode *directive;
      const char *value;

      if (!has_directive (element))
        {
          g_ptr_array_add (plain, json_node_ref (element));
          continue;
        }

      directive = json_object_get_member (json_node_get_object (element), DIRECTIVE_PATCH);
      value = json_node_get_value_type (directive) == G_TYPE_STRING
              ? json_node_get_string (directive) : NULL;

      if (g_strcmp0 (value, "delete") == 0)
        {
          if (key_of (element, key) == NULL)
            return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                         "%s: a \"$patch\": \"delete\" element has no \"%s\" to say which "
                         "element to delete", path, key);

          positions_add (doomed, element, key, 0);
        }
      else if (g_strcmp0 (value, "replace") == 0)
        *replace = TRUE;
      else if (g_strcmp0 (value, "merge") != 0)
        {
          g_autofree char *shown = describe (directive);

          return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                       "%s: unknown \"$patch\" value %s in a list element (expected delete, "
                       "replace or merge)", path, shown);
        }
    }

  /* Every element a delete names goes, duplicates included. */
  kept = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < server->len; i++)
    if (position_of (doomed, server->pdata[i], key) < 0)
      g_ptr_array_add (kept, json_node_ref (server->pdata[i]));

  g_ptr_array_set_size (server, 0);
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (server, json_node_ref (kept->pdata[i]));

  return TRUE;
}

static JsonArray *
merge_map_list (Merge           *merge,
                JsonArray       *original,
                JsonArray       *patch,
                const FieldInfo *info,
                const char      *path,
                GError         **error)
{
  g_autoptr(GPtrArray) server = array_elements (original);
  g_autoptr(GPtrArray) plain = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GHashTable) positions = NULL;
  const char *key = info->merge_key;
  gboolean replace;

  if (key == NULL)
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID,
            "%s: a list of objects without a merge key cannot be merged", path);
      return NULL;
    }

  if (!apply_list_directives (server, patch, key, plain, &replace, path, error))
    return NULL;

  if (replace)
    {
      /* The list becomes the patch's plain elements, as given. */
      g_ptr_array_set_size (server, 0);
      for (guint i = 0; i < plain->len; i++)
        {
          JsonNode *value = fresh_value (merge, plain->pdata[i], info, path, error);

          if (value == NULL)
            return NULL;
          g_ptr_array_add (server, value);
        }
      g_ptr_array_set_size (plain, 0);
    }

  for (guint i = 0; i < server->len; i++)
    g_ptr_array_add (merged, deep_copy (server->pdata[i]));
  positions = positions_new (merged, key);

  for (guint i = 0; i < plain->len; i++)
    {
      JsonNode *element = plain->pdata[i];
      gint found;

      if (!JSON_NODE_HOLDS_OBJECT (element) || key_of (element, key) == NULL)
        {
          g_autofree char *shown = describe (element);

          fail (error, SANDBOX_PATCH_ERROR_INVALID,
                "%s: the element %s has no \"%s\", which this list is merged by", path, shown,
                key);
          return NULL;
        }

      found = position_of (positions, element, key);
      if (found >= 0)
        {
          JsonObject *original_element = json_node_dup_object (merged->pdata[found]);
          JsonObject *object = merge_object (merge, original_element,
                                             json_node_get_object (element), info->child,
                                             path, error);

          if (object == NULL)
            return NULL;
          json_node_unref (merged->pdata[found]);
          merged->pdata[found] = object_node (object);
        }
      else
        {
          JsonNode *value = fresh_value (merge, element, info, path, error);

          if (value == NULL)
            return NULL;
          positions_add (positions, value, key, (gint) merged->len);
          g_ptr_array_add (merged, value);
        }
    }

  return normalize_order (merged, plain, server, key);
}

/* Merges two lists of a field described by @info.  Lists the types do not mark for merging
 * are replaced by the patch's. */
static JsonArray *
merge_list (Merge           *merge,
            JsonArray       *original,
            JsonArray       *patch,
            const FieldInfo *info,
            gboolean         delete_list,
            const char      *path,
            GError         **error)
{
  gboolean maps = FALSE;

  if ((info == NULL || !info->merge) && !delete_list)
    {
      JsonArray *result = json_array_sized_new (json_array_get_length (patch));

      for (guint i = 0; i < json_array_get_length (patch); i++)
        {
          JsonNode *element = json_array_get_element (patch, i);
          JsonNode *value;

          if (JSON_NODE_HOLDS_OBJECT (element) || JSON_NODE_HOLDS_ARRAY (element))
            value = fresh_value (merge, element, NULL, path, error);
          else
            value = json_node_copy (element);

          if (value == NULL)
            {
              json_array_unref (result);
              return NULL;
            }
          json_array_add_element (result, value);
        }
      return result;
    }

  if (!list_holds_maps (original, patch, &maps, path, error))
    return NULL;

  if (!maps)
    return merge_scalar_list (original, patch, delete_list);

  if (delete_list)
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID,
            "%s: \"$deleteFromPrimitiveList\" applies only to lists of plain values", path);
      return NULL;
    }

  return merge_map_list (merge, original, patch, info, path, error);
}

/* The patch list must name its elements in the same relative order as the
 * "$setElementOrder" list, or the two contradict each other. */
static gboolean
check_order_consistent (JsonArray  *patch_list,
                        JsonArray  *order,
                        const char *key,
                        const char *path,
                        GError    **error)
{
  guint p = 0;
  guint o = 0;
  guint n_patch = patch_list != NULL ? json_array_get_length (patch_list) : 0;

  for (guint i = 0; key != NULL && i < json_array_get_length (order); i++)
    if (key_of (json_array_get_element (order, i), key) == NULL)
      return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                   "%s: every element of \"$setElementOrder\" needs a \"%s\"", path, key);

  while (p < n_patch && o < json_array_get_length (order))
    {
      JsonNode *element = json_array_get_element (patch_list, p);
      JsonNode *wanted = json_array_get_element (order, o);
      JsonNode *a;
      JsonNode *b;

      if (has_directive (element))
        {
          p++;
          continue;
        }

      a = key != NULL ? key_of (element, key) : element;
      b = key != NULL ? key_of (wanted, key) : wanted;
      if (a != NULL && b != NULL && values_equal (a, b))
        p++;
      o++;
    }

  while (p < n_patch && has_directive (json_array_get_element (patch_list, p)))
    p++;

  if (p < n_patch)
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "%s: the order of the patch list does not match its \"$setElementOrder\" "
                 "list", path);

  return TRUE;
}

/* "$setElementOrder/<list>": merges the list named @list and orders the result. */
static gboolean
apply_set_element_order (Merge      *merge,
                         JsonObject *result,
                         JsonObject *patch,
                         const char *list,
                         JsonNode   *order_node,
                         const char *type,
                         const char *path,
                         GError    **error)
{
  g_autoptr(JsonArray) merged = NULL;
  g_autoptr(GPtrArray) merged_elements = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) server_elements = NULL;
  g_autofree char *list_path = child_path (path, list);
  const FieldInfo *info = lookup_field (type, list);
  const char *key = info != NULL ? info->merge_key : NULL;
  JsonNode *server = json_object_get_member (result, list);
  JsonNode *patched = json_object_get_member (patch, list);

  if (!JSON_NODE_HOLDS_ARRAY (order_node))
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "%s: \"$setElementOrder/%s\" must be a list", path, list);

  if (server != NULL && !JSON_NODE_HOLDS_ARRAY (server))
    server = NULL;
  if (patched != NULL && !JSON_NODE_HOLDS_ARRAY (patched))
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "%s: \"$setElementOrder/%s\" comes with a value that is not a list", path,
                 list);

  if (!check_order_consistent (patched != NULL ? json_node_get_array (patched) : NULL,
                               json_node_get_array (order_node), key, list_path, error))
    return FALSE;

  if (server == NULL && patched == NULL)
    return TRUE;

  if (patched == NULL)
    merged = json_array_ref (json_node_get_array (server));
  else if ((merged = merge_list (merge, server != NULL ? json_node_get_array (server) : NULL,
                                 json_node_get_array (patched), info, FALSE, list_path,
                                 error)) == NULL)
    return FALSE;

  merged_elements = array_elements (merged);
  order = array_elements (json_node_get_array (order_node));
  server_elements = array_elements (server != NULL ? json_node_get_array (server) : NULL);
  json_object_set_array_member (result, list,
                                normalize_order (merged_elements, order, server_elements, key));
  return TRUE;
}

/* "$retainKeys": the map keeps only the keys listed, and the patch may set no others. */
static gboolean
apply_retain_keys (JsonObject *result,
                   JsonObject *patch,
                   JsonNode   *retain,
                   const char *path,
                   GError    **error)
{
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) names = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list;

  if (!JSON_NODE_HOLDS_ARRAY (retain))
    return fail (error, SANDBOX_PATCH_ERROR_INVALID, "%s: \"$retainKeys\" must be a list of "
                 "field names", path);

  list = json_node_get_array (retain);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        return fail (error, SANDBOX_PATCH_ERROR_INVALID, "%s: \"$retainKeys\" must be a list "
                     "of field names", path);
      g_hash_table_add (keep, (gpointer) json_node_get_string (element));
    }

  names = json_object_get_members (patch);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (name[0] == '$' || JSON_NODE_HOLDS_NULL (json_object_get_member (patch, name)))
        continue;
      if (!g_hash_table_contains (keep, name))
        return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                     "%s: the patch sets \"%s\", which its \"$retainKeys\" list leaves out",
                     path, name);
    }

  g_clear_pointer (&names, g_list_free);
  names = json_object_get_members (result);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_hash_table_contains (keep, l->data))
      g_ptr_array_add (doomed, g_strdup (l->data));
  for (guint i = 0; i < doomed->len; i++)
    json_object_remove_member (result, doomed->pdata[i]);

  return TRUE;
}

/* A "$patch" directive in a map: replace it by the patch, delete it, or merge as usual.
 * Sets *@done and returns the result when the directive decides the outcome. */
static JsonObject *
apply_map_directive (Merge      *merge,
                     JsonObject *patch,
                     const char *type,
                     const char *path,
                     gboolean   *done,
                     GError    **error)
{
  JsonNode *directive = json_object_get_member (patch, DIRECTIVE_PATCH);
  const char *value = json_node_get_value_type (directive) == G_TYPE_STRING
                      ? json_node_get_string (directive) : NULL;

  *done = TRUE;

  if (g_strcmp0 (value, "delete") == 0)
    return json_object_new ();

  if (g_strcmp0 (value, "replace") == 0)
    {
      g_autoptr(JsonObject) rest = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, patch);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        if (!g_str_equal (name, DIRECTIVE_PATCH))
          json_object_set_member (rest, name, json_node_ref (member));

      return merge_object (merge, NULL, rest, type, path, error);
    }

  if (g_strcmp0 (value, "merge") == 0)
    {
      *done = FALSE;
      return NULL;
    }

  {
    g_autofree char *shown = describe (directive);

    fail (error, SANDBOX_PATCH_ERROR_INVALID,
          "%s: unknown \"$patch\" value %s (expected delete, replace or merge)",
          *path != '\0' ? path : "the object", shown);
  }
  return NULL;
}

/* Merges @patch into @original (taken over; NULL for an empty map) and returns the result,
 * or NULL with @error set. */
static JsonObject *
merge_object (Merge      *merge,
              JsonObject *original,
              JsonObject *patch,
              const char *type,
              const char *path,
              GError    **error)
{
  g_autoptr(JsonObject) result = original != NULL ? original : json_object_new ();
  g_autoptr(GHashTable) done_lists = g_hash_table_new (g_str_hash, g_str_equal);
  const char *where = *path != '\0' ? path : "the object";
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (merge->apply)
    {
      json_object_iter_init_ordered (&iter, patch);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        if (name[0] == '$')
          {
            fail (error, SANDBOX_PATCH_ERROR_INVALID,
                  "%s: \"%s\" is a strategic merge directive, which server-side apply does "
                  "not take", where, name);
            return NULL;
          }
    }

  if (json_object_has_member (patch, DIRECTIVE_PATCH))
    {
      gboolean done;
      JsonObject *decided = apply_map_directive (merge, patch, type, path, &done, error);

      if (done)
        return decided;
    }

  if (json_object_has_member (patch, DIRECTIVE_RETAIN_KEYS) &&
      !apply_retain_keys (result, patch,
                          json_object_get_member (patch, DIRECTIVE_RETAIN_KEYS), where, error))
    return NULL;

  /* "$setElementOrder" lists first, each together with the list it orders. */
  json_object_iter_init_ordered (&iter, patch);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    if (g_str_has_prefix (name, DIRECTIVE_SET_ORDER))
      {
        const char *list = name + strlen (DIRECTIVE_SET_ORDER);

        if (!apply_set_element_order (merge, result, patch, list, value, type, path, error))
          return NULL;
        g_hash_table_add (done_lists, (gpointer) list);
      }

  json_object_iter_init_ordered (&iter, patch);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      g_autofree char *member_path = NULL;
      const FieldInfo *info = lookup_field (type, name);
      JsonNode *existing;
      JsonNode *merged = NULL;

      if (name[0] == '$')
        {
          if (g_str_equal (name, DIRECTIVE_PATCH) || g_str_equal (name, DIRECTIVE_RETAIN_KEYS) ||
              g_str_has_prefix (name, DIRECTIVE_SET_ORDER) ||
              g_str_has_prefix (name, DIRECTIVE_DELETE_PRIMITIVE))
            continue;

          fail (error, SANDBOX_PATCH_ERROR_INVALID, "%s: unknown directive \"%s\"", where,
                name);
          return NULL;
        }

      if (g_hash_table_contains (done_lists, name))
        continue;

      if (JSON_NODE_HOLDS_NULL (value))
        {
          json_object_remove_member (result, name);
          continue;
        }

      member_path = child_path (path, name);
      existing = json_object_get_member (result, name);

      if (existing != NULL && JSON_NODE_HOLDS_OBJECT (existing) && JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonObject *object = merge_object (merge, json_node_dup_object (existing),
                                             json_node_get_object (value),
                                             info != NULL ? info->child : NULL, member_path,
                                             error);

          merged = object != NULL ? object_node (object) : NULL;
        }
      else if (existing != NULL && JSON_NODE_HOLDS_ARRAY (existing) &&
               JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *array = merge_list (merge, json_node_get_array (existing),
                                         json_node_get_array (value), info, FALSE, member_path,
                                         error);

          merged = array != NULL ? array_node (array) : NULL;
        }
      else
        merged = fresh_value (merge, value, info, member_path, error);

      if (merged == NULL)
        return NULL;
      json_object_set_member (result, name, merged);
    }

  /* "$deleteFromPrimitiveList/<list>" last, once the list has its patched elements. */
  json_object_iter_init_ordered (&iter, patch);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    if (g_str_has_prefix (name, DIRECTIVE_DELETE_PRIMITIVE))
      {
        g_autofree char *list_path = NULL;
        const char *list = name + strlen (DIRECTIVE_DELETE_PRIMITIVE);
        JsonNode *existing = json_object_get_member (result, list);
        JsonArray *remaining;

        if (!JSON_NODE_HOLDS_ARRAY (value))
          {
            fail (error, SANDBOX_PATCH_ERROR_INVALID, "%s: \"%s\" must be a list", where, name);
            return NULL;
          }
        if (existing == NULL || !JSON_NODE_HOLDS_ARRAY (existing))
          continue;

        list_path = child_path (path, list);
        remaining = merge_list (merge, json_node_get_array (existing),
                                json_node_get_array (value), lookup_field (type, list), TRUE,
                                list_path, error);
        if (remaining == NULL)
          return NULL;
        json_object_set_array_member (result, list, remaining);
      }

  return g_steal_pointer (&result);
}

/* JSON patch, RFC 6902, with JSON pointers, RFC 6901 */

/* Splits @pointer into its unescaped reference tokens. */
static GPtrArray *
parse_pointer (const char *pointer,
               GError    **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  const char *p = pointer;

  if (*pointer == '\0')
    return g_steal_pointer (&tokens);

  if (*pointer != '/')
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID,
            "\"%s\" is not a JSON pointer: it must be empty or start with \"/\"", pointer);
      return NULL;
    }

  while (*p == '/')
    {
      GString *token = g_string_new (NULL);

      for (p++; *p != '\0' && *p != '/'; p++)
        {
          if (*p != '~')
            g_string_append_c (token, *p);
          else if (p[1] == '0' || p[1] == '1')
            g_string_append_c (token, *++p == '0' ? '~' : '/');
          else
            {
              g_string_free (token, TRUE);
              fail (error, SANDBOX_PATCH_ERROR_INVALID,
                    "\"%s\" is not a JSON pointer: \"~\" must be followed by 0 or 1", pointer);
              return NULL;
            }
        }
      g_ptr_array_add (tokens, g_string_free (token, FALSE));
    }

  return g_steal_pointer (&tokens);
}

/* An array index token: digits without a leading zero, at most @limit. */
static gboolean
parse_index (const char *token,
             guint       limit,
             guint      *index)
{
  guint64 value;

  if (token[0] == '\0' || (token[0] == '0' && token[1] != '\0'))
    return FALSE;
  for (const char *c = token; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  if (!g_ascii_string_to_unsigned (token, 10, 0, limit, &value, NULL))
    return FALSE;

  *index = (guint) value;
  return TRUE;
}

/* The value @tokens[0 .. @count) leads to from @root, or NULL. */
static JsonNode *
resolve (JsonNode  *root,
         GPtrArray *tokens,
         guint      count)
{
  JsonNode *node = root;

  for (guint i = 0; i < count && node != NULL; i++)
    {
      const char *token = tokens->pdata[i];

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), token);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint index;

          if (json_array_get_length (array) == 0 ||
              !parse_index (token, json_array_get_length (array) - 1, &index))
            return NULL;
          node = json_array_get_element (array, index);
        }
      else
        return NULL;
    }

  return node;
}

/* Replaces the array held by @node with a copy in which @remove elements at @index are
 * replaced by @insert (taken over; may be NULL). */
static void
splice_array (JsonNode *node,
              guint     index,
              guint     remove,
              JsonNode *insert)
{
  JsonArray *old = json_node_get_array (node);
  JsonArray *array = json_array_sized_new (json_array_get_length (old) + 1);

  for (guint i = 0; i < json_array_get_length (old); i++)
    {
      if (i == index && insert != NULL)
        json_array_add_element (array, g_steal_pointer (&insert));
      if (i < index || i >= index + remove)
        json_array_add_element (array, json_node_ref (json_array_get_element (old, i)));
    }
  if (insert != NULL)
    json_array_add_element (array, insert);

  json_node_take_array (node, array);
}

typedef enum
{
  EDIT_ADD,
  EDIT_REPLACE,
  EDIT_REMOVE,
} EditMode;

/* Adds, replaces or removes the value at @tokens in *@root.  @value is taken over (NULL for
 * EDIT_REMOVE).  The message of a failure is left to the caller, which knows the op. */
static gboolean
edit_document (JsonNode  **root,
               GPtrArray  *tokens,
               EditMode    mode,
               JsonNode   *value,
               const char **problem)
{
  g_autoptr(JsonNode) owned = value;
  JsonNode *parent;
  const char *last;

  if (tokens->len == 0)
    {
      if (mode == EDIT_REMOVE)
        {
          *problem = "the whole document cannot be removed";
          return FALSE;
        }
      json_node_unref (*root);
      *root = g_steal_pointer (&owned);
      return TRUE;
    }

  parent = resolve (*root, tokens, tokens->len - 1);
  last = tokens->pdata[tokens->len - 1];
  if (parent == NULL)
    {
      *problem = "its parent does not exist";
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      JsonObject *object = json_node_get_object (parent);

      if (mode != EDIT_ADD && !json_object_has_member (object, last))
        {
          *problem = "the path does not exist";
          return FALSE;
        }
      if (mode == EDIT_REMOVE)
        json_object_remove_member (object, last);
      else
        json_object_set_member (object, last, g_steal_pointer (&owned));
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      guint length = json_array_get_length (json_node_get_array (parent));
      guint index;

      if (mode == EDIT_ADD && g_str_equal (last, "-"))
        index = length;
      else if (!parse_index (last, G_MAXUINT, &index))
        {
          *problem = "the array index is not a number";
          return FALSE;
        }

      if (index > length || (mode != EDIT_ADD && index == length))
        {
          *problem = "the array index is out of range";
          return FALSE;
        }

      splice_array (parent, index, mode == EDIT_ADD ? 0 : 1, g_steal_pointer (&owned));
      return TRUE;
    }

  *problem = "its parent is neither an object nor an array";
  return FALSE;
}

static const char *
op_string (JsonObject *op,
           const char *member)
{
  JsonNode *node = json_object_get_member (op, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
apply_json_patch_op (JsonNode  **root,
                     JsonObject *op,
                     guint       number,
                     GError    **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) from_tokens = NULL;
  g_autoptr(GError) pointer_error = NULL;
  const char *name = op_string (op, "op");
  const char *path = op_string (op, "path");
  const char *from = op_string (op, "from");
  JsonNode *value = json_object_get_member (op, "value");
  const char *problem = NULL;
  JsonNode *source;

  if (name == NULL)
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "Operation %u of the JSON patch has no \"op\" string", number);
  if (path == NULL)
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "Operation %u (%s) of the JSON patch has no \"path\" string", number, name);
  if ((tokens = parse_pointer (path, &pointer_error)) == NULL)
    return fail (error, SANDBOX_PATCH_ERROR_INVALID, "Operation %u (%s): %s", number, name,
                 pointer_error->message);

  if (g_str_equal (name, "add") || g_str_equal (name, "replace") || g_str_equal (name, "test"))
    {
      if (value == NULL)
        return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                     "Operation %u (%s %s) has no \"value\"", number, name, path);
    }
  else if (g_str_equal (name, "move") || g_str_equal (name, "copy"))
    {
      if (from == NULL)
        return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                     "Operation %u (%s to %s) has no \"from\" string", number, name, path);
      if ((from_tokens = parse_pointer (from, &pointer_error)) == NULL)
        return fail (error, SANDBOX_PATCH_ERROR_INVALID, "Operation %u (%s): %s", number, name,
                     pointer_error->message);
    }
  else if (!g_str_equal (name, "remove"))
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "Operation %u of the JSON patch has unknown op \"%s\" (expected add, remove, "
                 "replace, move, copy or test)", number, name);

  if (g_str_equal (name, "test"))
    {
      JsonNode *target = resolve (*root, tokens, tokens->len);

      if (target == NULL)
        return fail (error, SANDBOX_PATCH_ERROR_TEST_FAILED,
                     "Operation %u (test %s) failed: the path does not exist", number, path);
      if (!values_equal (target, value))
        {
          g_autofree char *expected = describe (value);
          g_autofree char *found = describe (target);

          return fail (error, SANDBOX_PATCH_ERROR_TEST_FAILED,
                       "Operation %u (test %s) failed: expected %s, found %s", number, path,
                       expected, found);
        }
      return TRUE;
    }

  if (g_str_equal (name, "add"))
    {
      if (!edit_document (root, tokens, EDIT_ADD, deep_copy (value), &problem))
        goto failed;
      return TRUE;
    }

  if (g_str_equal (name, "replace"))
    {
      if (!edit_document (root, tokens, EDIT_REPLACE, deep_copy (value), &problem))
        goto failed;
      return TRUE;
    }

  if (g_str_equal (name, "remove"))
    {
      if (!edit_document (root, tokens, EDIT_REMOVE, NULL, &problem))
        goto failed;
      return TRUE;
    }

  /* move and copy */
  if ((source = resolve (*root, from_tokens, from_tokens->len)) == NULL)
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "Operation %u (%s from %s): the source does not exist", number, name, from);
  source = deep_copy (source);

  if (g_str_equal (name, "move"))
    {
      if (g_str_equal (from, path))
        {
          json_node_unref (source);
          return TRUE;
        }
      if (g_str_has_prefix (path, from) && path[strlen (from)] == '/')
        {
          json_node_unref (source);
          return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                       "Operation %u (move from %s to %s): a value cannot move into itself",
                       number, from, path);
        }
      if (!edit_document (root, from_tokens, EDIT_REMOVE, NULL, &problem))
        {
          json_node_unref (source);
          goto failed;
        }
    }

  if (!edit_document (root, tokens, EDIT_ADD, source, &problem))
    goto failed;
  return TRUE;

failed:
  return fail (error, SANDBOX_PATCH_ERROR_INVALID, "Operation %u (%s %s) failed: %s", number,
               name, path, problem);
}

static JsonNode *
apply_json_patch (JsonNode *object,
                  JsonNode *patch,
                  GError  **error)
{
  g_autoptr(JsonNode) root = deep_copy (object);
  JsonArray *ops;

  if (!JSON_NODE_HOLDS_ARRAY (patch))
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID,
            "A JSON patch must be a list of operations, not a single value");
      return NULL;
    }

  ops = json_node_get_array (patch);
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *op = json_array_get_element (ops, i);

      if (!JSON_NODE_HOLDS_OBJECT (op))
        {
          fail (error, SANDBOX_PATCH_ERROR_INVALID,
                "Operation %u of the JSON patch is not an object", i);
          return NULL;
        }
      if (!apply_json_patch_op (&root, json_node_get_object (op), i, error))
        return NULL;
    }

  return g_steal_pointer (&root);
}

/* The whole */

typedef enum
{
  PATCH_JSON,
  PATCH_MERGE,
  PATCH_STRATEGIC,
  PATCH_APPLY,
} PatchType;

static gboolean
parse_content_type (const char *content_type,
                    PatchType  *type,
                    GError    **error)
{
  static const struct { const char *name; PatchType type; } known[] = {
    { "application/json-patch+json", PATCH_JSON },
    { "application/merge-patch+json", PATCH_MERGE },
    { "application/strategic-merge-patch+json", PATCH_STRATEGIC },
    { "application/apply-patch+yaml", PATCH_APPLY },
  };
  g_autofree char *media_type = NULL;

  if (content_type == NULL)
    return fail (error, SANDBOX_PATCH_ERROR_UNSUPPORTED_MEDIA_TYPE,
                 "The PATCH request has no Content-Type");

  /* Parameters such as "; charset=utf-8" do not change the patch type. */
  media_type = g_strndup (content_type, strcspn (content_type, ";"));
  g_strstrip (media_type);

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (media_type, known[i].name) == 0)
      {
        *type = known[i].type;
        return TRUE;
      }

  return fail (error, SANDBOX_PATCH_ERROR_UNSUPPORTED_MEDIA_TYPE,
               "The media type \"%s\" is not a patch type; use application/json-patch+json, "
               "application/merge-patch+json, application/strategic-merge-patch+json or "
               "application/apply-patch+yaml", media_type);
}

/* Server-side apply carries a whole object, which must say what it is. */
static gboolean
check_applied_kind (JsonObject *patch,
                    const char *kind,
                    GError    **error)
{
  JsonNode *api_version = json_object_get_member (patch, "apiVersion");
  JsonNode *applied_kind = json_object_get_member (patch, "kind");

  if (api_version == NULL || json_node_get_value_type (api_version) != G_TYPE_STRING ||
      *json_node_get_string (api_version) == '\0')
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "The applied object has no apiVersion; server-side apply needs one");

  if (applied_kind == NULL || json_node_get_value_type (applied_kind) != G_TYPE_STRING ||
      *json_node_get_string (applied_kind) == '\0')
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "The applied object has no kind; server-side apply needs one");

  if (kind != NULL && !g_str_equal (json_node_get_string (applied_kind), kind))
    return fail (error, SANDBOX_PATCH_ERROR_INVALID,
                 "The applied object is a %s, but the request is for a %s",
                 json_node_get_string (applied_kind), kind);

  return TRUE;
}

JsonNode *
sandbox_patch_apply (JsonNode   *object,
                     const char *kind,
                     const char *content_type,
                     GBytes     *body,
                     GError    **error)
{
  g_autoptr(JsonNode) patch = NULL;
  JsonObject *original = NULL;
  JsonObject *merged;
  Merge merge = { FALSE };
  PatchType type = PATCH_MERGE;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_content_type (content_type, &type, error))
    return NULL;

  if (object == NULL && type != PATCH_APPLY)
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID,
            "Only server-side apply can create an object; the other patch types need an "
            "existing one");
      return NULL;
    }

  if (object != NULL && !JSON_NODE_HOLDS_OBJECT (object))
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID, "The object to patch is not a JSON object");
      return NULL;
    }

  if ((patch = parse_body (body, type == PATCH_APPLY ? "apply" : "patch", error)) == NULL)
    return NULL;

  if (type == PATCH_JSON)
    {
      g_autoptr(JsonNode) result = apply_json_patch (object, patch, error);

      if (result != NULL && !JSON_NODE_HOLDS_OBJECT (result))
        {
          fail (error, SANDBOX_PATCH_ERROR_INVALID,
                "The JSON patch turns the object into something that is not an object");
          return NULL;
        }
      return g_steal_pointer (&result);
    }

  if (!JSON_NODE_HOLDS_OBJECT (patch))
    {
      fail (error, SANDBOX_PATCH_ERROR_INVALID, "The %s body must be a JSON object",
            type == PATCH_APPLY ? "apply" : "patch");
      return NULL;
    }

  if (type == PATCH_MERGE)
    return merge_patch (deep_copy (object), patch);

  if (type == PATCH_APPLY)
    {
      if (!check_applied_kind (json_node_get_object (patch), kind, error))
        return NULL;
      merge.apply = TRUE;
    }

  if (object != NULL)
    {
      g_autoptr(JsonNode) copy = deep_copy (object);

      original = json_node_dup_object (copy);
    }

  merged = merge_object (&merge, original, json_node_get_object (patch), kind, "", error);
  if (merged == NULL)
    return NULL;

  return object_node (merged);
}
