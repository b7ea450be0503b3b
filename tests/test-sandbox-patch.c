/* test-sandbox-patch.c: the four PATCH types the sandbox applies for kubectl
 *
 * Each case is an object, a patch body, a content type and either the object that must come
 * out or the error that must be reported.  Strategic merge cases are the bodies kubectl
 * sends for client-side apply, edit and rollout restart; merge patch and JSON patch cases
 * include the examples of RFC 7386 and RFC 6902.  JSON in this file is written with single
 * quotes for readability and turned into double quotes before parsing.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>

#include "sandbox-patch.h"

#define SMP "application/strategic-merge-patch+json"
#define MERGE "application/merge-patch+json"
#define JSONPATCH "application/json-patch+json"
#define APPLY "application/apply-patch+yaml"

#define OK 0
#define INVALID (1 + SANDBOX_PATCH_ERROR_INVALID)
#define UNSUPPORTED (1 + SANDBOX_PATCH_ERROR_UNSUPPORTED_MEDIA_TYPE)
#define TEST_FAILED (1 + SANDBOX_PATCH_ERROR_TEST_FAILED)

typedef struct
{
  const char *name;
  const char *kind;
  const char *content_type;
  const char *object;   /* NULL: the object does not exist yet */
  const char *patch;
  const char *expected; /* the result, or a part of the error message */
  int error;            /* OK, or 1 + the SandboxPatchError code */
} PatchCase;

/* A StatefulSet as the sandbox stores it, for the cases kubectl sends for workloads. */
#define STS_WITH_TEMPLATE_META(template_metadata, pod_spec) \
  "{'apiVersion':'apps/v1','kind':'StatefulSet'," \
  "'metadata':{'name':'elasticsearch','namespace':'demo','labels':{'app':'es'}}," \
  "'spec':{'replicas':3,'serviceName':'elasticsearch-discovery'," \
  "'template':{'metadata':" template_metadata ",'spec':" pod_spec "}}}"
#define STS(pod_spec) STS_WITH_TEMPLATE_META ("{'labels':{'app':'es'}}", pod_spec)

#define ES_CONTAINER(image, env) \
  "{'name':'elasticsearch','image':'" image "','env':" env "," \
  "'ports':[{'containerPort':9200,'name':'http'},{'containerPort':9300,'name':'transport'}]}"

#define BASE_ENV "[{'name':'cluster.name','value':'demo'},{'name':'ES_JAVA_OPTS','value':'-Xms1g'}]"

static const PatchCase cases[] = {
  /* Strategic merge, as kubectl sends it. */
  { "smp/rollout-restart", "StatefulSet", SMP,
    STS ("{'containers':[" ES_CONTAINER ("es:1", BASE_ENV) "]}"),
    "{'spec':{'template':{'metadata':{'annotations':"
    "{'kubectl.kubernetes.io/restartedAt':'2026-12-03T12:00:00Z'}}}}}",
    STS_WITH_TEMPLATE_META ("{'labels':{'app':'es'},'annotations':"
                            "{'kubectl.kubernetes.io/restartedAt':'2026-12-03T12:00:00Z'}}",
                            "{'containers':[" ES_CONTAINER ("es:1", BASE_ENV) "]}"), OK },
  { "smp/rollout-restart-again", "StatefulSet", SMP,
    STS_WITH_TEMPLATE_META ("{'annotations':"
                            "{'kubectl.kubernetes.io/restartedAt':'2026-12-03T11:00:00Z',"
                            "'other':'x'}}", "{}"),
    "{'spec':{'template':{'metadata':{'annotations':"
    "{'kubectl.kubernetes.io/restartedAt':'2026-12-03T12:00:00Z'}}}}}",
    STS_WITH_TEMPLATE_META ("{'annotations':"
                            "{'kubectl.kubernetes.io/restartedAt':'2026-12-03T12:00:00Z',"
                            "'other':'x'}}", "{}"), OK },
  { "smp/edit-configmap-data", "ConfigMap", SMP,
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'elasticsearch-config'},"
    "'data':{'elasticsearch.yml':'a: 1\\n','log4j2.properties':'x'}}",
    "{'data':{'elasticsearch.yml':'a: 2\\n'}}",
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'elasticsearch-config'},"
    "'data':{'elasticsearch.yml':'a: 2\\n','log4j2.properties':'x'}}", OK },
  { "smp/null-deletes-keys", "ConfigMap", SMP,
    "{'metadata':{'name':'c','annotations':{'a':'1','b':'2'}},'data':{'x':'1','y':'2'}}",
    "{'metadata':{'annotations':{'a':null}},'data':{'y':null,'z':'3','missing':null}}",
    "{'metadata':{'name':'c','annotations':{'b':'2'}},'data':{'x':'1','z':'3'}}", OK },
  { "smp/client-side-apply-configmap", "ConfigMap", SMP,
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings',"
    "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{old}'}},"
    "'data':{'mode':'slow','retired':'yes'}}",
    "{'data':{'mode':'fast','retired':null},'metadata':{'annotations':"
    "{'kubectl.kubernetes.io/last-applied-configuration':'{new}'}}}",
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings',"
    "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}'}},"
    "'data':{'mode':'fast'}}", OK },
  { "smp/set-element-order-delete-env", "StatefulSet", SMP,
    STS ("{'containers':[" ES_CONTAINER ("es:1", BASE_ENV) ",{'name':'exporter','image':'ex:1'}]}"),
    "{'spec':{'template':{'spec':{"
    "'$setElementOrder/containers':[{'name':'elasticsearch'},{'name':'exporter'}],"
    "'containers':[{'name':'elasticsearch','image':'es:2',"
    "'$setElementOrder/env':[{'name':'cluster.name'}],"
    "'env':[{'$patch':'delete','name':'ES_JAVA_OPTS'}]}]}}}}",
    STS ("{'containers':[" ES_CONTAINER ("es:2", "[{'name':'cluster.name','value':'demo'}]")
         ",{'name':'exporter','image':'ex:1'}]}"), OK },
  { "smp/set-element-order-insert-env", "StatefulSet", SMP,
    STS ("{'containers':[" ES_CONTAINER ("es:1", BASE_ENV) "]}"),
    "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'elasticsearch'}],"
    "'containers':[{'name':'elasticsearch','$setElementOrder/env':[{'name':'cluster.name'},"
    "{'name':'node.roles'},{'name':'ES_JAVA_OPTS'}],"
    "'env':[{'name':'node.roles','value':'data'}]}]}}}}",
    STS ("{'containers':[" ES_CONTAINER ("es:1", "[{'name':'cluster.name','value':'demo'},"
                                                 "{'name':'node.roles','value':'data'},"
                                                 "{'name':'ES_JAVA_OPTS','value':'-Xms1g'}]")
         "]}"), OK },
  { "smp/set-element-order-reorders", "StatefulSet", SMP,
    STS ("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
    "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},"
    "{'name':'b'}]}}}}",
    STS ("{'containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}"), OK },
  { "smp/env-change-value-by-name", "StatefulSet", SMP,
    STS ("{'containers':[" ES_CONTAINER ("es:1", BASE_ENV) "]}"),
    "{'spec':{'template':{'spec':{'containers':[{'name':'elasticsearch',"
    "'env':[{'name':'ES_JAVA_OPTS','value':'-Xms2g'}]}]}}}}",
    STS ("{'containers':[" ES_CONTAINER ("es:1", "[{'name':'cluster.name','value':'demo'},"
                                                 "{'name':'ES_JAVA_OPTS','value':'-Xms2g'}]")
         "]}"), OK },
  /* Without $setElementOrder, the API server puts new elements before the server's own. */
  { "smp/ports-by-container-port", "StatefulSet", SMP,
    STS ("{'containers':[" ES_CONTAINER ("es:1", "[]") "]}"),
    "{'spec':{'template':{'spec':{'containers':[{'name':'elasticsearch',"
    "'ports':[{'containerPort':9600,'name':'metrics'},{'containerPort':9200,'protocol':'TCP'}]"
    "}]}}}}",
    STS ("{'containers':[{'name':'elasticsearch','image':'es:1','env':[],"
         "'ports':[{'containerPort':9600,'name':'metrics'},"
         "{'containerPort':9200,'name':'http','protocol':'TCP'},"
         "{'containerPort':9300,'name':'transport'}]}]}"), OK },
  /* Merge keys match by value: 9200.0 is 9200, the string "9200" is not. */
  { "smp/merge-key-numbers-by-value", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':9200,'name':'http'}]}]}}",
    "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':9200.0,'protocol':'TCP'},"
    "{'containerPort':'9200','name':'odd'}]}]}}",
    "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':9200,'name':'http',"
    "'protocol':'TCP'},{'containerPort':'9200','name':'odd'}]}]}}", OK },
  { "smp/volume-mounts-by-mount-path", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'data','mountPath':'/data'},"
    "{'name':'config','mountPath':'/config'}]}]}}",
    "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'config2',"
    "'mountPath':'/config','readOnly':true}]}]}}",
    "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'data','mountPath':'/data'},"
    "{'name':'config2','mountPath':'/config','readOnly':true}]}]}}", OK },
  { "smp/containers-patch-replace", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}}",
    "{'spec':{'containers':[{'$patch':'replace'},{'name':'c','image':'3','args':null}]}}",
    "{'spec':{'containers':[{'name':'c','image':'3'}]}}", OK },
  { "smp/map-patch-replace", "Pod", SMP,
    "{'spec':{'securityContext':{'fsGroup':1000,'runAsUser':0},'hostname':'h'}}",
    "{'spec':{'securityContext':{'$patch':'replace','runAsUser':1000}}}",
    "{'spec':{'securityContext':{'runAsUser':1000},'hostname':'h'}}", OK },
  { "smp/map-patch-delete", "Pod", SMP,
    "{'spec':{'securityContext':{'fsGroup':1000},'hostname':'h'}}",
    "{'spec':{'securityContext':{'$patch':'delete'}}}",
    "{'spec':{'securityContext':{},'hostname':'h'}}", OK },
  { "smp/map-patch-merge", "ConfigMap", SMP,
    "{'data':{'a':'1'}}",
    "{'data':{'$patch':'merge','b':'2'}}",
    "{'data':{'a':'1','b':'2'}}", OK },
  { "smp/retain-keys", "Pod", SMP,
    "{'spec':{'volumes':[{'name':'data','emptyDir':{}},{'name':'cfg','configMap':{'name':'c'}}]}}",
    "{'spec':{'$setElementOrder/volumes':[{'name':'data'},{'name':'cfg'}],"
    "'volumes':[{'name':'data','$retainKeys':['name','persistentVolumeClaim'],"
    "'persistentVolumeClaim':{'claimName':'data-0'}}]}}",
    "{'spec':{'volumes':[{'name':'data','persistentVolumeClaim':{'claimName':'data-0'}},"
    "{'name':'cfg','configMap':{'name':'c'}}]}}", OK },
  { "smp/retain-keys-refuses-others", "Pod", SMP,
    "{'spec':{'volumes':[{'name':'data','emptyDir':{}}]}}",
    "{'spec':{'volumes':[{'name':'data','$retainKeys':['name'],'secret':{'secretName':'s'}}]}}",
    "leaves out", INVALID },
  { "smp/delete-from-primitive-list", "Pod", SMP,
    "{'metadata':{'name':'p','finalizers':['a/x','b/y','c/z']}}",
    "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b/y','not/there']}}",
    "{'metadata':{'name':'p','finalizers':['a/x','c/z']}}", OK },
  { "smp/finalizers-merge-as-set", "ConfigMap", SMP,
    "{'metadata':{'name':'c','finalizers':['a','b']}}",
    "{'metadata':{'finalizers':['b','c']}}",
    "{'metadata':{'name':'c','finalizers':['a','b','c']}}", OK },
  { "smp/primitive-set-element-order", "ConfigMap", SMP,
    "{'metadata':{'finalizers':['a','b','c']}}",
    "{'metadata':{'$setElementOrder/finalizers':['c','b','a','d'],'finalizers':['d']}}",
    "{'metadata':{'finalizers':['c','b','a','d']}}", OK },
  { "smp/set-order-for-absent-list", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'}]}}",
    "{'spec':{'$setElementOrder/initContainers':[{'name':'i'}]}}",
    "{'spec':{'containers':[{'name':'a'}]}}", OK },
  { "smp/set-order-new-list", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'}]}}",
    "{'spec':{'$setElementOrder/initContainers':[{'name':'i'},{'name':'j'}],"
    "'initContainers':[{'name':'i','image':'x','env':null},{'name':'j'}]}}",
    "{'spec':{'containers':[{'name':'a'}],'initContainers':[{'name':'i','image':'x'},"
    "{'name':'j'}]}}", OK },
  { "smp/finalizers-add-order-and-delete", "ConfigMap", SMP,
    "{'metadata':{'finalizers':['a','b']}}",
    "{'metadata':{'$setElementOrder/finalizers':['b','d'],'finalizers':['d'],"
    "'$deleteFromPrimitiveList/finalizers':['a']}}",
    "{'metadata':{'finalizers':['b','d']}}", OK },
  /* Patched elements keep the patch's order; c stays before d, as on the server. */
  { "smp/interleaves-server-only-elements", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'},{'name':'d'}]}}",
    "{'spec':{'containers':[{'name':'d','image':'4'},{'name':'b','image':'2'}]}}",
    "{'spec':{'containers':[{'name':'a'},{'name':'c'},{'name':'d','image':'4'},"
    "{'name':'b','image':'2'}]}}", OK },
  { "smp/plain-list-replaced", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a','args':['x','y'],'command':['run']}]}}",
    "{'spec':{'containers':[{'name':'a','args':['z']}]}}",
    "{'spec':{'containers':[{'name':'a','args':['z'],'command':['run']}]}}", OK },
  { "smp/pod-conditions-by-type", "Pod", SMP,
    "{'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'},"
    "{'type':'Ready','status':'False','reason':'ContainersNotReady'}]}}",
    "{'status':{'conditions':[{'type':'Ready','status':'True','reason':null}]}}",
    "{'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'},"
    "{'type':'Ready','status':'True'}]}}", OK },
  { "smp/service-ports-by-port", "Service", SMP,
    "{'spec':{'ports':[{'name':'http','port':9200},{'name':'metrics','port':9600}]}}",
    "{'spec':{'$setElementOrder/ports':[{'port':9200},{'port':9600}],"
    "'ports':[{'port':9600,'targetPort':9601}]}}",
    "{'spec':{'ports':[{'name':'http','port':9200},"
    "{'name':'metrics','port':9600,'targetPort':9601}]}}", OK },
  { "smp/volume-claim-templates-replaced", "StatefulSet", SMP,
    "{'spec':{'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'a':1}},"
    "{'metadata':{'name':'logs'}}]}}",
    "{'spec':{'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'b':2}}]}}",
    "{'spec':{'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'b':2}}]}}", OK },
  { "smp/unknown-kind-lists-replaced", "Widget", SMP,
    "{'metadata':{'name':'w','finalizers':['a']},'spec':{'containers':[{'name':'x','v':1}]}}",
    "{'metadata':{'finalizers':['b']},'spec':{'containers':[{'name':'x','w':2}]}}",
    "{'metadata':{'name':'w','finalizers':['b','a']},'spec':{'containers':[{'name':'x','w':2}]}}",
    OK },
  { "smp/new-values-lose-nulls", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'}]}}",
    "{'spec':{'containers':[{'name':'b','image':'i','resources':{'limits':null,'requests':"
    "{'cpu':'1','memory':null}}}],'nodeSelector':{'disk':'ssd','zone':null}}}",
    "{'spec':{'containers':[{'name':'b','image':'i','resources':{'requests':{'cpu':'1'}}},"
    "{'name':'a'}],'nodeSelector':{'disk':'ssd'}}}", OK },
  { "smp/type-change-replaces", "ConfigMap", SMP,
    "{'data':{'a':{'nested':1}},'spec':['x']}",
    "{'data':{'a':'flat'},'spec':{'now':'a map'}}",
    "{'data':{'a':'flat'},'spec':{'now':'a map'}}", OK },
  { "smp/whole-object-replace", "ConfigMap", SMP,
    "{'metadata':{'name':'c'},'data':{'a':'1'}}",
    "{'$patch':'replace','metadata':{'name':'c'},'data':{'b':'2'}}",
    "{'metadata':{'name':'c'},'data':{'b':'2'}}", OK },
  { "smp/content-type-parameters", "ConfigMap",
    "Application/Strategic-Merge-Patch+JSON; charset=utf-8",
    "{'data':{'a':'1'}}", "{'data':{'b':'2'}}", "{'data':{'a':'1','b':'2'}}", OK },

  /* Bodies recorded from kubectl 1.32 against the sandbox: `kubectl apply` of a StatefulSet
   * whose container gained env B, lost ES_JAVA_OPTS and changed image (the annotation's
   * last-applied JSON is shortened here); `kubectl edit` renaming env C to D. */
  { "smp/recorded-client-side-apply", "StatefulSet", SMP,
    "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'web','namespace':'demo',"
    "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{old}'}},"
    "'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':["
    "{'name':'main','image':'nginx:1','env':[{'name':'A','value':'1'},"
    "{'name':'ES_JAVA_OPTS','value':'-Xms1g'},{'name':'C','value':'3'}],"
    "'ports':[{'containerPort':80,'name':'http'}]},"
    "{'name':'side','image':'busybox','args':['sleep','1d']}]}}}}",
    "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}'}},"
    "'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'main'},{'name':'side'}],"
    "'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'},{'name':'C'}],"
    "'env':[{'name':'B','value':'2'},{'$patch':'delete','name':'ES_JAVA_OPTS'}],"
    "'image':'nginx:2','name':'main'}]}}}}",
    "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'web','namespace':'demo',"
    "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}'}},"
    "'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':["
    "{'name':'main','image':'nginx:2','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},"
    "{'name':'C','value':'3'}],'ports':[{'containerPort':80,'name':'http'}]},"
    "{'name':'side','image':'busybox','args':['sleep','1d']}]}}}}", OK },
  { "smp/recorded-edit-rename-env", "StatefulSet", SMP,
    "{'spec':{'template':{'spec':{'containers':["
    "{'name':'main','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},"
    "{'name':'C','value':'3'}]},{'name':'side'}]}}}}",
    "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'main'},{'name':'side'}],"
    "'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'},{'name':'D'}],"
    "'env':[{'name':'D','value':'3'},{'$patch':'delete','name':'C'}],'name':'main'}]}}}}",
    "{'spec':{'template':{'spec':{'containers':["
    "{'name':'main','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},"
    "{'name':'D','value':'3'}]},{'name':'side'}]}}}}", OK },
  { "merge/recorded-label-remove", "Pod", MERGE,
    "{'metadata':{'name':'web-0','labels':{'app':'web','tier':'data'}}}",
    "{'metadata':{'labels':{'tier':null}}}",
    "{'metadata':{'name':'web-0','labels':{'app':'web'}}}", OK },

  /* Strategic merge errors. */
  { "smp/element-without-merge-key", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'}]}}",
    "{'spec':{'containers':[{'image':'no-name'}]}}",
    "spec.containers: the element {\"image\":\"no-name\"} has no \"name\"", INVALID },
  { "smp/delete-without-merge-key", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a','env':[{'name':'X'}]}]}}",
    "{'spec':{'containers':[{'name':'a','env':[{'$patch':'delete','value':'X'}]}]}}",
    "has no \"name\" to say which element", INVALID },
  { "smp/unknown-patch-value", "ConfigMap", SMP,
    "{'data':{}}", "{'data':{'$patch':'explode'}}", "unknown \"$patch\" value \"explode\"",
    INVALID },
  { "smp/unknown-patch-value-in-list", "Pod", SMP,
    "{'spec':{'containers':[]}}", "{'spec':{'containers':[{'$patch':7}]}}",
    "unknown \"$patch\" value 7 in a list element", INVALID },
  { "smp/unknown-directive", "ConfigMap", SMP,
    "{'data':{}}", "{'data':{'$frobnicate':1}}", "data: unknown directive \"$frobnicate\"",
    INVALID },
  { "smp/order-contradicts-patch", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
    "{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],"
    "'containers':[{'name':'b','image':'1'},{'name':'a','image':'2'}]}}",
    "does not match its \"$setElementOrder\"", INVALID },
  { "smp/order-element-without-key", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'}]}}",
    "{'spec':{'$setElementOrder/containers':[{'image':'x'}]}}",
    "needs a \"name\"", INVALID },
  { "smp/set-order-not-a-list", "Pod", SMP,
    "{'spec':{'containers':[{'name':'a'}]}}",
    "{'spec':{'$setElementOrder/containers':{'name':'a'}}}", "must be a list", INVALID },
  { "smp/mixed-list", "ConfigMap", SMP,
    "{'metadata':{'finalizers':['a']}}", "{'metadata':{'finalizers':[{'x':1}]}}",
    "mixes objects with plain values", INVALID },
  { "smp/list-of-lists", "ConfigMap", SMP,
    "{'metadata':{'finalizers':[['a']]}}", "{'metadata':{'finalizers':[['b']]}}",
    "a list of lists cannot be merged", INVALID },
  { "smp/body-not-object", "ConfigMap", SMP,
    "{'data':{}}", "['data']", "must be a JSON object", INVALID },
  { "smp/body-not-json", "ConfigMap", SMP,
    "{'data':{}}", "{'data':", "not valid JSON", INVALID },
  { "smp/needs-existing-object", "ConfigMap", SMP,
    NULL, "{'data':{}}", "Only server-side apply can create", INVALID },
  { "unsupported-media-type", "ConfigMap", "application/json",
    "{'data':{}}", "{'data':{}}", "\"application/json\" is not a patch type", UNSUPPORTED },
  { "unsupported-yaml-patch", "ConfigMap", "application/yaml",
    "{'data':{}}", "{'data':{}}", "is not a patch type", UNSUPPORTED },

  /* JSON merge patch: the examples of RFC 7386, appendix A, whose documents are objects. */
  { "merge/rfc7386-replace", "ConfigMap", MERGE, "{'a':'b'}", "{'a':'c'}", "{'a':'c'}", OK },
  { "merge/rfc7386-add", "ConfigMap", MERGE, "{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}",
    OK },
  { "merge/rfc7386-remove", "ConfigMap", MERGE, "{'a':'b'}", "{'a':null}", "{}", OK },
  { "merge/rfc7386-remove-one", "ConfigMap", MERGE, "{'a':'b','b':'c'}", "{'a':null}",
    "{'b':'c'}", OK },
  { "merge/rfc7386-array-to-string", "ConfigMap", MERGE, "{'a':['b']}", "{'a':'c'}",
    "{'a':'c'}", OK },
  { "merge/rfc7386-string-to-array", "ConfigMap", MERGE, "{'a':'c'}", "{'a':['b']}",
    "{'a':['b']}", OK },
  { "merge/rfc7386-nested", "ConfigMap", MERGE, "{'a':{'b':'c'}}",
    "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}", OK },
  { "merge/rfc7386-array-replaced", "ConfigMap", MERGE, "{'a':[{'b':'c'}]}", "{'a':[1]}",
    "{'a':[1]}", OK },
  { "merge/rfc7386-null-kept-in-target", "ConfigMap", MERGE, "{'e':null}", "{'a':1}",
    "{'e':null,'a':1}", OK },
  { "merge/rfc7386-new-nested-nulls-dropped", "ConfigMap", MERGE, "{}",
    "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}", OK },
  { "merge/rfc7386-section-3", "ConfigMap", MERGE,
    "{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},"
    "'tags':['example','sample'],'content':'This will be unchanged'}",
    "{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},"
    "'tags':['example']}",
    "{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],"
    "'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}", OK },
  { "merge/kubectl-label", "Pod", MERGE,
    "{'metadata':{'name':'p','labels':{'app':'es'}},'spec':{'containers':[{'name':'a'}]}}",
    "{'metadata':{'labels':{'watch':'me','app':null}}}",
    "{'metadata':{'name':'p','labels':{'watch':'me'}},'spec':{'containers':[{'name':'a'}]}}",
    OK },
  { "merge/lists-are-not-merged-by-key", "Pod", MERGE,
    "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b'}]}}",
    "{'spec':{'containers':[{'name':'a','image':'2'}]}}",
    "{'spec':{'containers':[{'name':'a','image':'2'}]}}", OK },
  { "merge/directives-are-plain-keys", "ConfigMap", MERGE, "{'data':{}}",
    "{'data':{'$patch':'delete'}}", "{'data':{'$patch':'delete'}}", OK },
  { "merge/rfc7386-array-patch-refused", "ConfigMap", MERGE, "{'a':'b'}", "['c']",
    "must be a JSON object", INVALID },
  { "merge/rfc7386-null-patch-refused", "ConfigMap", MERGE, "{'a':'foo'}", "null",
    "must be a JSON object", INVALID },

  /* JSON patch: the examples of RFC 6902, appendix A. */
  { "json/a1-add-member", "ConfigMap", JSONPATCH, "{'foo':'bar'}",
    "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}", OK },
  { "json/a2-add-element", "ConfigMap", JSONPATCH, "{'foo':['bar','baz']}",
    "[{'op':'add','path':'/foo/1','value':'qux'}]", "{'foo':['bar','qux','baz']}", OK },
  { "json/a3-remove-member", "ConfigMap", JSONPATCH, "{'baz':'qux','foo':'bar'}",
    "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}", OK },
  { "json/a4-remove-element", "ConfigMap", JSONPATCH, "{'foo':['bar','qux','baz']}",
    "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}", OK },
  { "json/a5-replace", "ConfigMap", JSONPATCH, "{'baz':'qux','foo':'bar'}",
    "[{'op':'replace','path':'/baz','value':'boo'}]", "{'baz':'boo','foo':'bar'}", OK },
  { "json/a6-move-member", "ConfigMap", JSONPATCH,
    "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
    "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
    "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}", OK },
  { "json/a7-move-element", "ConfigMap", JSONPATCH, "{'foo':['all','grass','cows','eat']}",
    "[{'op':'move','from':'/foo/1','path':'/foo/3'}]",
    "{'foo':['all','cows','eat','grass']}", OK },
  { "json/a8-test-success", "ConfigMap", JSONPATCH, "{'baz':'qux','foo':['a',2,'c']}",
    "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
    "{'baz':'qux','foo':['a',2,'c']}", OK },
  { "json/a9-test-failure", "ConfigMap", JSONPATCH, "{'baz':'qux'}",
    "[{'op':'test','path':'/baz','value':'bar'}]",
    "Operation 0 (test /baz) failed: expected \"bar\", found \"qux\"", TEST_FAILED },
  { "json/a10-add-nested-member", "ConfigMap", JSONPATCH, "{'foo':'bar'}",
    "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
    "{'foo':'bar','child':{'grandchild':{}}}", OK },
  { "json/a11-unrecognized-members-ignored", "ConfigMap", JSONPATCH, "{'foo':'bar'}",
    "[{'op':'add','path':'/baz','value':'qux','xyz':123}]", "{'foo':'bar','baz':'qux'}", OK },
  { "json/a12-add-to-missing-parent", "ConfigMap", JSONPATCH, "{'foo':'bar'}",
    "[{'op':'add','path':'/baz/bat','value':'qux'}]", "its parent does not exist", INVALID },
  { "json/a14-escape-ordering", "ConfigMap", JSONPATCH, "{'/':9,'~1':10}",
    "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}", OK },
  { "json/a15-string-is-not-number", "ConfigMap", JSONPATCH, "{'/':9,'~1':10}",
    "[{'op':'test','path':'/~01','value':'10'}]", "expected \"10\", found 10", TEST_FAILED },
  { "json/a16-add-array-value", "ConfigMap", JSONPATCH, "{'foo':['bar']}",
    "[{'op':'add','path':'/foo/-','value':['abc','def']}]",
    "{'foo':['bar',['abc','def']]}", OK },

  /* JSON patch beyond the appendix. */
  { "json/escaped-slash-key", "Pod", JSONPATCH,
    "{'metadata':{'labels':{'app.kubernetes.io/name':'es'}}}",
    "[{'op':'replace','path':'/metadata/labels/app.kubernetes.io~1name','value':'os'},"
    "{'op':'add','path':'/metadata/labels/a~0b','value':'t'}]",
    "{'metadata':{'labels':{'app.kubernetes.io/name':'os','a~b':'t'}}}", OK },
  { "json/copy", "ConfigMap", JSONPATCH, "{'data':{'a':{'deep':[1]}}}",
    "[{'op':'copy','from':'/data/a','path':'/data/b'},"
    "{'op':'add','path':'/data/b/deep/-','value':2}]",
    "{'data':{'a':{'deep':[1]},'b':{'deep':[1,2]}}}", OK },
  { "json/test-numbers-by-value", "ConfigMap", JSONPATCH, "{'n':1,'o':{'x':[true,null]}}",
    "[{'op':'test','path':'/n','value':1.0},{'op':'test','path':'/o','value':{'x':[true,null]}}]",
    "{'n':1,'o':{'x':[true,null]}}", OK },
  { "json/test-missing-path", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'test','path':'/b','value':1}]", "the path does not exist", TEST_FAILED },
  { "json/test-fails-after-changes", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'replace','path':'/a','value':2},{'op':'test','path':'/a','value':1}]",
    "Operation 1 (test /a) failed", TEST_FAILED },
  { "json/replace-root", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'replace','path':'','value':{'b':2}}]", "{'b':2}", OK },
  { "json/replace-root-with-array", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'replace','path':'','value':[1]}]", "not an object", INVALID },
  { "json/remove-root", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'remove','path':''}]", "the whole document cannot be removed", INVALID },
  { "json/remove-missing", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'remove','path':'/b'}]", "Operation 0 (remove /b) failed: the path does not exist",
    INVALID },
  { "json/replace-missing", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'replace','path':'/b','value':1}]", "the path does not exist", INVALID },
  { "json/index-out-of-range", "ConfigMap", JSONPATCH, "{'a':[1,2]}",
    "[{'op':'add','path':'/a/3','value':9}]", "out of range", INVALID },
  { "json/add-at-end-index", "ConfigMap", JSONPATCH, "{'a':[1,2]}",
    "[{'op':'add','path':'/a/2','value':9}]", "{'a':[1,2,9]}", OK },
  { "json/leading-zero-index", "ConfigMap", JSONPATCH, "{'a':[1,2]}",
    "[{'op':'replace','path':'/a/01','value':9}]", "not a number", INVALID },
  { "json/dash-only-for-add", "ConfigMap", JSONPATCH, "{'a':[1,2]}",
    "[{'op':'remove','path':'/a/-'}]", "not a number", INVALID },
  { "json/negative-index", "ConfigMap", JSONPATCH, "{'a':[1,2]}",
    "[{'op':'remove','path':'/a/-1'}]", "not a number", INVALID },
  { "json/through-a-scalar", "ConfigMap", JSONPATCH, "{'a':'s'}",
    "[{'op':'add','path':'/a/b','value':1}]", "neither an object nor an array", INVALID },
  { "json/pointer-without-slash", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'remove','path':'a'}]", "must be empty or start with", INVALID },
  { "json/bad-escape", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'remove','path':'/a~2'}]", "must be followed by 0 or 1", INVALID },
  { "json/move-into-child", "ConfigMap", JSONPATCH, "{'a':{'b':1}}",
    "[{'op':'move','from':'/a','path':'/a/c'}]", "cannot move into itself", INVALID },
  { "json/move-to-itself", "ConfigMap", JSONPATCH, "{'a':{'b':1}}",
    "[{'op':'move','from':'/a','path':'/a'}]", "{'a':{'b':1}}", OK },
  { "json/move-missing-source", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'move','from':'/x','path':'/y'}]", "the source does not exist", INVALID },
  { "json/unknown-op", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'increment','path':'/a'}]", "unknown op \"increment\"", INVALID },
  { "json/missing-op", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'path':'/a'}]", "has no \"op\"", INVALID },
  { "json/missing-value", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'add','path':'/b'}]", "has no \"value\"", INVALID },
  { "json/null-value-is-a-value", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'add','path':'/b','value':null}]", "{'a':1,'b':null}", OK },
  { "json/missing-from", "ConfigMap", JSONPATCH, "{'a':1}",
    "[{'op':'copy','path':'/b'}]", "has no \"from\"", INVALID },
  { "json/op-not-object", "ConfigMap", JSONPATCH, "{'a':1}", "['add']",
    "Operation 0 of the JSON patch is not an object", INVALID },
  { "json/not-a-list", "ConfigMap", JSONPATCH, "{'a':1}",
    "{'op':'add','path':'/b','value':1}", "must be a list of operations", INVALID },
  { "json/empty-list", "ConfigMap", JSONPATCH, "{'a':1}", "[]", "{'a':1}", OK },

  /* Server-side apply. */
  { "apply/creates", "ConfigMap", APPLY, NULL,
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings',"
    "'namespace':'demo'},'data':{'mode':'fast','unset':null}}",
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings',"
    "'namespace':'demo'},'data':{'mode':'fast'}}", OK },
  { "apply/merges-into-existing", "ConfigMap", APPLY,
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings','uid':'u1',"
    "'labels':{'team':'search'}},'data':{'mode':'slow','other':'kept'}}",
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings'},"
    "'data':{'mode':'fast'}}",
    "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'app-settings','uid':'u1',"
    "'labels':{'team':'search'}},'data':{'mode':'fast','other':'kept'}}", OK },
  { "apply/merges-containers-by-name", "StatefulSet", APPLY,
    "{'apiVersion':'apps/v1','kind':'StatefulSet','spec':{'template':{'spec':{'containers':["
    "{'name':'es','image':'es:1','resources':{'limits':{'memory':'2Gi'}}},"
    "{'name':'sidecar','image':'s:1'}]}}}}",
    "{'apiVersion':'apps/v1','kind':'StatefulSet','spec':{'template':{'spec':{'containers':["
    "{'name':'es','image':'es:2'}]}}}}",
    "{'apiVersion':'apps/v1','kind':'StatefulSet','spec':{'template':{'spec':{'containers':["
    "{'name':'es','image':'es:2','resources':{'limits':{'memory':'2Gi'}}},"
    "{'name':'sidecar','image':'s:1'}]}}}}", OK },
  { "apply/needs-kind", "ConfigMap", APPLY, NULL,
    "{'apiVersion':'v1','metadata':{'name':'x'}}", "has no kind", INVALID },
  { "apply/needs-api-version", "ConfigMap", APPLY, NULL,
    "{'kind':'ConfigMap','metadata':{'name':'x'}}", "has no apiVersion", INVALID },
  { "apply/kind-mismatch", "ConfigMap", APPLY, NULL,
    "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'x'}}",
    "The applied object is a Secret, but the request is for a ConfigMap", INVALID },
  { "apply/refuses-directives", "ConfigMap", APPLY, NULL,
    "{'apiVersion':'v1','kind':'ConfigMap','data':{'$patch':'delete'}}",
    "server-side apply does not take", INVALID },
  { "apply/yaml-body", "ConfigMap", APPLY, NULL,
    "apiVersion: v1\nkind: ConfigMap\n", "not valid JSON", INVALID },
};

static JsonNode *
parse_quoted (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup (text);
  JsonNode *node;

  g_strdelimit (json, "'", '"');
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static GBytes *
quoted_bytes (const char *text)
{
  char *json = g_strdup (text);

  g_strdelimit (json, "'", '"');
  return g_bytes_new_take (json, strlen (json));
}

static void
test_case (gconstpointer data)
{
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *before = NULL;
  const PatchCase *c = data;

  object = c->object != NULL ? parse_quoted (c->object) : NULL;
  body = quoted_bytes (c->patch);
  before = object != NULL ? json_to_string (object, FALSE) : NULL;

  result = sandbox_patch_apply (object, c->kind, c->content_type, body, &error);

  if (c->error == OK)
    {
      g_autoptr(JsonNode) expected = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (result);

      expected = parse_quoted (c->expected);
      if (!json_node_equal (result, expected))
        {
          g_autofree char *got = json_to_string (result, FALSE);
          g_autofree char *want = json_to_string (expected, FALSE);

          g_error ("%s:\n got      %s\n expected %s", c->name, got, want);
        }
    }
  else
    {
      g_assert_null (result);
      g_assert_error (error, SANDBOX_PATCH_ERROR, c->error - 1);
      if (strstr (error->message, c->expected) == NULL)
        g_error ("%s: the message \"%s\" does not contain \"%s\"", c->name, error->message,
                 c->expected);
    }

  /* The stored object is never changed; the result is a copy. */
  if (object != NULL)
    {
      g_autofree char *after = json_to_string (object, FALSE);

      g_assert_cmpstr (before, ==, after);
    }
}

/* Changing the result afterwards must not reach into the stored object, even deep down. */
static void
test_result_is_independent (void)
{
  static const char *types[] = { SMP, MERGE, JSONPATCH, APPLY };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(JsonNode) object = parse_quoted ("{'apiVersion':'v1','kind':'ConfigMap',"
                                                 "'metadata':{'labels':{'a':'1'}},"
                                                 "'data':{'x':'1'}}");
      g_autoptr(GBytes) body = quoted_bytes (g_str_equal (types[i], JSONPATCH)
                                             ? "[{'op':'add','path':'/data/y','value':'2'}]"
                                             : "{'apiVersion':'v1','kind':'ConfigMap',"
                                               "'data':{'y':'2'}}");
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;
      JsonObject *labels;

      result = sandbox_patch_apply (object, "ConfigMap", types[i], body, &error);
      g_assert_no_error (error);

      labels = json_object_get_object_member (
        json_object_get_object_member (json_node_get_object (result), "metadata"), "labels");
      json_object_set_string_member (labels, "a", "changed");

      labels = json_object_get_object_member (
        json_object_get_object_member (json_node_get_object (object), "metadata"), "labels");
      g_assert_cmpstr (json_object_get_string_member (labels, "a"), ==, "1");
    }
}

/* Member order survives a patch, so that objects read back the way they were written. */
static void
test_member_order_kept (void)
{
  g_autoptr(JsonNode) object = parse_quoted ("{'apiVersion':'v1','kind':'ConfigMap',"
                                             "'metadata':{'name':'c'},'data':{'z':'1','a':'2'}}");
  g_autoptr(GBytes) body = quoted_bytes ("{'data':{'m':'3','z':'0'}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *text = NULL;

  result = sandbox_patch_apply (object, "ConfigMap", SMP, body, &error);
  g_assert_no_error (error);
  text = json_to_string (result, FALSE);
  g_assert_cmpstr (text, ==, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                             "\"metadata\":{\"name\":\"c\"},"
                             "\"data\":{\"z\":\"0\",\"a\":\"2\",\"m\":\"3\"}}");
}

static void
test_bad_bodies (void)
{
  static const struct { const char *data; gsize size; const char *message; } bodies[] = {
    { "", 0, "empty" },
    { "   ", 3, "holds no JSON value" },
    { "{\"a\":\"\xff\"}", sizeof "{\"a\":\"\xff\"}" - 1, "not UTF-8" },
    { "{\"a\":1}\0{}", sizeof "{\"a\":1}\0{}" - 1, "not UTF-8" },
  };
  g_autoptr(JsonNode) object = parse_quoted ("{'a':1}");

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i].data, bodies[i].size);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;

      result = sandbox_patch_apply (object, "ConfigMap", MERGE, body, &error);
      g_assert_null (result);
      g_assert_error (error, SANDBOX_PATCH_ERROR, SANDBOX_PATCH_ERROR_INVALID);
      if (strstr (error->message, bodies[i].message) == NULL)
        g_error ("body %" G_GSIZE_FORMAT ": \"%s\" lacks \"%s\"", i, error->message,
                 bodies[i].message);
    }
}

/* A body nested far deeper than any object is refused before it is parsed; one just under
 * the limit is applied. */
static void
test_nesting_limit (void)
{
  g_autoptr(JsonNode) object = parse_quoted ("{'a':1}");

  for (guint depth = 500; depth <= 100000; depth += 99500)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;

      for (guint i = 0; i < depth; i++)
        g_string_append (text, "{\"a\":");
      g_string_append (text, "1");
      for (guint i = 0; i < depth; i++)
        g_string_append_c (text, '}');

      body = g_bytes_new (text->str, text->len);
      result = sandbox_patch_apply (object, "ConfigMap", SMP, body, &error);
      if (depth == 500)
        {
          g_assert_no_error (error);
          g_assert_nonnull (result);
        }
      else
        {
          g_assert_null (result);
          g_assert_error (error, SANDBOX_PATCH_ERROR, SANDBOX_PATCH_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "nested"));
        }
    }
}

/* A long value in a message is shortened by characters, never inside one. */
static void
test_long_values_shortened (void)
{
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < 80; i++)
    g_string_append (value, "\xc3\xa9");  /* é, two bytes each */
  json = g_strdup_printf ("{\"a\":\"%s\"}", value->str);
  object = json_from_string (json, NULL);
  g_free (json);
  json = g_strdup_printf ("[{\"op\":\"test\",\"path\":\"/a\",\"value\":\"x%s\"}]",
                          value->str);
  body = g_bytes_new (json, strlen (json));

  result = sandbox_patch_apply (object, "ConfigMap", JSONPATCH, body, &error);
  g_assert_null (result);
  g_assert_error (error, SANDBOX_PATCH_ERROR, SANDBOX_PATCH_ERROR_TEST_FAILED);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "..., found"));
  g_assert_nonnull (strstr (error->message, "expected \"x\xc3\xa9"));
}

/* A long list is merged, reordered and pruned correctly (and in reasonable time: elements
 * are found by hashing). */
static void
test_long_list (void)
{
  g_autoptr(GString) object_text = g_string_new ("{\"spec\":{\"containers\":["
                                                 "{\"name\":\"a\",\"env\":[");
  g_autoptr(GString) patch_text = g_string_new ("{\"spec\":{\"containers\":[{\"name\":\"a\","
                                                "\"$setElementOrder/env\":[");
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 3000;
  JsonArray *env;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (object_text, "%s{\"name\":\"E%u\",\"value\":\"%u\"}",
                            i > 0 ? "," : "", i, i);
  g_string_append (object_text, "]}]}}");

  /* Reverse the order, delete every third element, change the value of every fifth. */
  for (guint i = n; i-- > 0;)
    if (i % 3 != 0)
      g_string_append_printf (patch_text, "{\"name\":\"E%u\"},", i);
  g_string_truncate (patch_text, patch_text->len - 1);
  g_string_append (patch_text, "],\"env\":[");
  for (guint i = n; i-- > 0;)
    {
      if (i % 3 == 0)
        g_string_append_printf (patch_text, "{\"$patch\":\"delete\",\"name\":\"E%u\"},", i);
      else if (i % 5 == 0)
        g_string_append_printf (patch_text, "{\"name\":\"E%u\",\"value\":\"changed\"},", i);
    }
  g_string_truncate (patch_text, patch_text->len - 1);
  g_string_append (patch_text, "]}]}}");

  object = json_from_string (object_text->str, NULL);
  body = g_bytes_new (patch_text->str, patch_text->len);
  result = sandbox_patch_apply (object, "Pod", SMP, body, &error);
  g_assert_no_error (error);

  env = json_object_get_array_member (
    json_array_get_object_element (
      json_object_get_array_member (
        json_object_get_object_member (json_node_get_object (result), "spec"), "containers"),
      0),
    "env");
  g_assert_cmpuint (json_array_get_length (env), ==, n - (n + 2) / 3);
  for (guint k = 0, i = n; i-- > 0;)
    {
      JsonObject *entry;
      g_autofree char *name = NULL;

      if (i % 3 == 0)
        continue;
      entry = json_array_get_object_element (env, k++);
      name = g_strdup_printf ("E%u", i);
      g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, name);
      if (i % 5 == 0)
        g_assert_cmpstr (json_object_get_string_member (entry, "value"), ==, "changed");
    }
}

static void
test_missing_content_type (void)
{
  g_autoptr(JsonNode) object = parse_quoted ("{'a':1}");
  g_autoptr(GBytes) body = quoted_bytes ("{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  result = sandbox_patch_apply (object, "ConfigMap", NULL, body, &error);
  g_assert_null (result);
  g_assert_error (error, SANDBOX_PATCH_ERROR, SANDBOX_PATCH_ERROR_UNSUPPORTED_MEDIA_TYPE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sandbox/patch/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/sandbox/patch/result-is-independent", test_result_is_independent);
  g_test_add_func ("/sandbox/patch/member-order-kept", test_member_order_kept);
  g_test_add_func ("/sandbox/patch/bad-bodies", test_bad_bodies);
  g_test_add_func ("/sandbox/patch/nesting-limit", test_nesting_limit);
  g_test_add_func ("/sandbox/patch/missing-content-type", test_missing_content_type);
  g_test_add_func ("/sandbox/patch/long-values-shortened", test_long_values_shortened);
  g_test_add_func ("/sandbox/patch/long-list", test_long_list);

  return g_test_run ();
}
