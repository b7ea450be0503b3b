/* test-sandbox-table.c: the Tables the sandbox serves to `kubectl get`
 *
 * Each case is an object as the API holds it and the cells kubectl would print for it, with
 * the clock fixed at NOW.  Pods cover every branch of the STATUS column; ages cover every
 * step of kubectl's short duration form.  JSON in this file is written with single quotes
 * for readability and turned into double quotes before parsing.
 *
 * Copyright 2026 The Searchdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>

#include "sandbox-table.h"

#define NOW "2026-12-03T12:00:00Z"

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

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_from_iso8601 (NOW, NULL);
}

static JsonNode *
build_one (const char *kind,
           JsonNode   *object,
           gboolean    with_columns)
{
  g_autoptr(GDateTime) now = fixed_now ();

  return sandbox_table_build (kind, &object, 1, now, "1005", with_columns);
}

static JsonArray *
first_row_cells (JsonNode *table)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (table), "rows");
  JsonObject *row = json_array_get_object_element (rows, 0);

  return json_object_get_array_member (row, "cells");
}

typedef struct
{
  const char *name;
  const char *kind;
  const char *object;
  const char *cells;
} RowCase;

/* A pod's metadata, created 10 minutes before NOW. */
#define META(name) "'metadata':{'name':'" name "','namespace':'demo'," \
                   "'creationTimestamp':'2026-12-03T11:50:00Z'}"

static const RowCase row_cases[] = {
  /* Pods, one per STATUS state. */
  { "pod/running", "Pod",
    "{" META ("es-0") ",'spec':{'nodeName':'node-1','containers':[{'name':'es'}]},"
    "'status':{'phase':'Running','podIP':'10.0.0.12','podIPs':[{'ip':'10.0.0.12'}],"
    "'conditions':[{'type':'Ready','status':'True'}],"
    "'containerStatuses':[{'name':'es','ready':true,'restartCount':0,"
    "'state':{'running':{'startedAt':'2026-12-03T11:51:00Z'}}}]}}",
    "['es-0','1/1','Running',0,'10m','10.0.0.12','node-1','<none>','<none>']" },
  { "pod/pending-no-status", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
    "'status':{'phase':'Pending'}}",
    "['p','0/2','Pending',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/container-creating", "Pod",
    "{" META ("p") ",'spec':{'nodeName':'node-1','containers':[{'name':'a'}]},"
    "'status':{'phase':'Pending','containerStatuses':[{'name':'a','ready':false,"
    "'restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}",
    "['p','0/1','ContainerCreating',0,'10m','<none>','node-1','<none>','<none>']" },
  { "pod/crash-loop-with-last-restart", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','podIP':'10.0.0.9','containerStatuses':[{'name':'a',"
    "'ready':false,'restartCount':5,"
    "'state':{'waiting':{'reason':'CrashLoopBackOff','message':'back-off 5m0s'}},"
    "'lastState':{'terminated':{'exitCode':1,'reason':'Error',"
    "'finishedAt':'2026-12-03T11:55:00Z'}}}]}}",
    "['p','0/1','CrashLoopBackOff','5 (5m ago)','10m','10.0.0.9','<none>','<none>','<none>']" },
  { "pod/restarts-without-time", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':true,"
    "'restartCount':3,'state':{'running':{}}}]}}",
    "['p','1/1','Running',3,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/completed", "Pod",
    "{" META ("job-x") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Succeeded','containerStatuses':[{'name':'a','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}}",
    "['job-x','0/1','Completed',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/error", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Failed','containerStatuses':[{'name':'a','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}}",
    "['p','0/1','Error',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/exit-code-without-reason", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':137}}}]}}",
    "['p','0/1','ExitCode:137',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/signal-without-reason", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':0,'signal':9}}}]}}",
    "['p','0/1','Signal:9',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/evicted", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Failed','reason':'Evicted','message':'low on memory'}}",
    "['p','0/1','Evicted',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/scheduling-gated", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'}],'schedulingGates':[{'name':'g'}]},"
    "'status':{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False',"
    "'reason':'SchedulingGated'}]}}",
    "['p','0/1','SchedulingGated',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/init-waiting", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'init'}],'containers':[{'name':'a'}]},"
    "'status':{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,"
    "'restartCount':0,'state':{'waiting':{'reason':'PodInitializing'}}}],"
    "'containerStatuses':[{'name':'a','ready':false,'restartCount':0,"
    "'state':{'waiting':{'reason':'PodInitializing'}}}]}}",
    "['p','0/1','Init:0/1',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/init-second-of-two-running", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],"
    "'containers':[{'name':'a'}]},"
    "'status':{'phase':'Pending','initContainerStatuses':["
    "{'name':'i1','ready':true,'restartCount':0,"
    "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
    "{'name':'i2','ready':false,'restartCount':0,'state':{'running':{}}}]}}",
    "['p','0/1','Init:1/2',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/init-crash-loop", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'init'}],'containers':[{'name':'a'}]},"
    "'status':{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,"
    "'restartCount':4,'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
    "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2026-12-03T11:58:30Z'}}}]}}",
    "['p','0/1','Init:CrashLoopBackOff','4 (90s ago)','10m','<none>','<none>','<none>',"
    "'<none>']" },
  { "pod/init-error", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'init'}],'containers':[{'name':'a'}]},"
    "'status':{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}}",
    "['p','0/1','Init:Error',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/init-exit-code", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'init'}],'containers':[{'name':'a'}]},"
    "'status':{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':2}}}]}}",
    "['p','0/1','Init:ExitCode:2',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/init-done-restarts-not-counted", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'init'}],'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'}],"
    "'initContainerStatuses':[{'name':'init','ready':true,'restartCount':2,"
    "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}],"
    "'containerStatuses':[{'name':'a','ready':true,'restartCount':0,"
    "'state':{'running':{}}}]}}",
    "['p','1/1','Running',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/sidecar-counts-as-container", "Pod",
    "{" META ("p") ",'spec':{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],"
    "'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'}],"
    "'initContainerStatuses':[{'name':'proxy','ready':true,'started':true,'restartCount':1,"
    "'state':{'running':{}},"
    "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2026-12-03T10:00:00Z'}}}],"
    "'containerStatuses':[{'name':'a','ready':true,'restartCount':0,"
    "'state':{'running':{}}}]}}",
    "['p','2/2','Running','1 (120m ago)','10m','<none>','<none>','<none>','<none>']" },
  { "pod/completed-with-running-sibling-ready", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
    "'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],"
    "'containerStatuses':["
    "{'name':'a','ready':false,'restartCount':0,"
    "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
    "{'name':'b','ready':true,'restartCount':0,'state':{'running':{}}}]}}",
    "['p','1/2','Running',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/completed-with-running-sibling-not-ready", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
    "'status':{'phase':'Running','conditions':[{'type':'Ready','status':'False'}],"
    "'containerStatuses':["
    "{'name':'a','ready':false,'restartCount':0,"
    "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},"
    "{'name':'b','ready':true,'restartCount':0,'state':{'running':{}}}]}}",
    "['p','1/2','NotReady',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/first-container-wins", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
    "'status':{'phase':'Running','containerStatuses':["
    "{'name':'a','ready':false,'restartCount':1,'state':{'waiting':{'reason':'ImagePullBackOff'}}},"
    "{'name':'b','ready':false,'restartCount':2,'state':{'waiting':{'reason':'CrashLoopBackOff'}}}"
    "]}}",
    "['p','0/2','ImagePullBackOff',3,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/terminating", "Pod",
    "{'metadata':{'name':'es-1','creationTimestamp':'2026-12-01T08:00:00Z',"
    "'deletionTimestamp':'2026-12-03T11:59:50Z'},'spec':{'containers':[{'name':'es'}]},"
    "'status':{'phase':'Running','containerStatuses':[{'name':'es','ready':true,"
    "'restartCount':0,'state':{'running':{}}}]}}",
    "['es-1','1/1','Terminating',0,'2d4h','<none>','<none>','<none>','<none>']" },
  { "pod/terminating-but-finished", "Pod",
    "{'metadata':{'name':'p','creationTimestamp':'2026-12-03T11:50:00Z',"
    "'deletionTimestamp':'2026-12-03T11:59:50Z'},'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Succeeded','containerStatuses':[{'name':'a','ready':false,"
    "'restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}}",
    "['p','0/1','Completed',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/node-lost", "Pod",
    "{'metadata':{'name':'p','creationTimestamp':'2026-12-03T11:50:00Z',"
    "'deletionTimestamp':'2026-12-03T11:59:50Z'},'spec':{'containers':[{'name':'a'}]},"
    "'status':{'phase':'Running','reason':'NodeLost'}}",
    "['p','0/1','Unknown',0,'10m','<none>','<none>','<none>','<none>']" },
  { "pod/wide-columns", "Pod",
    "{" META ("p") ",'spec':{'nodeName':'node-2','containers':[{'name':'a'}],"
    "'readinessGates':[{'conditionType':'example.com/lb'},{'conditionType':'example.com/dns'}]},"
    "'status':{'phase':'Pending','nominatedNodeName':'node-3',"
    "'podIPs':[{'ip':'fd00::5'},{'ip':'10.0.0.5'}],"
    "'conditions':[{'type':'example.com/lb','status':'True'},"
    "{'type':'example.com/dns','status':'False'}]}}",
    "['p','0/1','Pending',0,'10m','fd00::5','node-2','node-3','1/2']" },
  { "pod/malformed-fields-ignored", "Pod",
    "{'metadata':{'name':'p','creationTimestamp':'yesterday'},'spec':{'containers':7},"
    "'status':{'phase':3,'containerStatuses':[1,'x',{'state':[]}]}}",
    "['p','0/0','',0,'<unknown>','<none>','<none>','<none>','<none>']" },

  { "pod/numbers-out-of-range", "Pod",
    "{" META ("p") ",'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
    "'status':{'phase':'Running','containerStatuses':["
    "{'name':'a','ready':true,'restartCount':1e300,'state':{'running':{}}},"
    "{'name':'b','ready':true,'restartCount':9223372036854775807,'state':{'running':{}}}]}}",
    "['p','2/2','Running',0,'10m','<none>','<none>','<none>','<none>']" },
  /* The other kinds. */
  { "statefulset", "StatefulSet",
    "{" META ("elasticsearch") ",'spec':{'replicas':3,'template':{'spec':{'containers':["
    "{'name':'elasticsearch','image':'amazon/opendistro-for-elasticsearch:1.13.3'},"
    "{'name':'exporter','image':'exporter:1'}]}}},'status':{'readyReplicas':2}}",
    "['elasticsearch','2/3','10m','elasticsearch,exporter',"
    "'amazon/opendistro-for-elasticsearch:1.13.3,exporter:1']" },
  { "statefulset/defaults", "StatefulSet",
    "{" META ("s") ",'spec':{}}",
    "['s','0/1','10m','','']" },
  { "statefulset/replicas-out-of-range", "StatefulSet",
    "{" META ("s") ",'spec':{'replicas':4294967297},'status':{'readyReplicas':-1e40}}",
    "['s','0/1','10m','','']" },
  { "configmap", "ConfigMap",
    "{" META ("elasticsearch-config") ",'data':{'elasticsearch.yml':'a','log4j2.properties':'b'},"
    "'binaryData':{'x':'AA=='}}",
    "['elasticsearch-config',3,'10m']" },
  { "configmap/empty", "ConfigMap", "{" META ("c") "}", "['c',0,'10m']" },
  { "secret", "Secret",
    "{" META ("elasticsearch-tls") ",'type':'kubernetes.io/tls',"
    "'data':{'tls.crt':'AA==','tls.key':'AA==','ca.crt':'AA=='}}",
    "['elasticsearch-tls','kubernetes.io/tls',3,'10m']" },
  { "secret/opaque-default", "Secret", "{" META ("s") "}", "['s','Opaque',0,'10m']" },
  { "service/cluster-ip", "Service",
    "{" META ("elasticsearch") ",'spec':{'type':'ClusterIP','clusterIP':'10.96.0.20',"
    "'clusterIPs':['10.96.0.20'],'ports':[{'name':'https','port':9200,'protocol':'TCP'},"
    "{'name':'metrics','port':9600}],"
    "'selector':{'app.kubernetes.io/name':'elasticsearch','app.kubernetes.io/instance':'demo'}}}",
    "['elasticsearch','ClusterIP','10.96.0.20','<none>','9200/TCP,9600/TCP','10m',"
    "'app.kubernetes.io/instance=demo,app.kubernetes.io/name=elasticsearch']" },
  { "service/headless", "Service",
    "{" META ("elasticsearch-discovery") ",'spec':{'clusterIP':'None','clusterIPs':['None'],"
    "'ports':[{'port':9300,'protocol':'TCP'}],'publishNotReadyAddresses':true}}",
    "['elasticsearch-discovery','ClusterIP','None','<none>','9300/TCP','10m','<none>']" },
  { "service/node-port", "Service",
    "{" META ("np") ",'spec':{'type':'NodePort','clusterIP':'10.96.0.7',"
    "'externalIPs':['192.0.2.1'],'ports':[{'port':80,'nodePort':30080,'protocol':'UDP'}]}}",
    "['np','NodePort','10.96.0.7','192.0.2.1','80:30080/UDP','10m','<none>']" },
  { "service/load-balancer-pending", "Service",
    "{" META ("lb") ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.8','ports':[]}}",
    "['lb','LoadBalancer','10.96.0.8','<pending>','<none>','10m','<none>']" },
  { "service/load-balancer", "Service",
    "{" META ("lb") ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.8',"
    "'externalIPs':['192.0.2.9'],'ports':[{'port':443,'protocol':'TCP'}]},"
    "'status':{'loadBalancer':{'ingress':[{'ip':'203.0.113.4'},{'hostname':'lb.example'}]}}}",
    "['lb','LoadBalancer','10.96.0.8','203.0.113.4,lb.example,192.0.2.9','443/TCP','10m',"
    "'<none>']" },
  { "service/external-name", "Service",
    "{" META ("ext") ",'spec':{'type':'ExternalName','externalName':'search.example'}}",
    "['ext','ExternalName','<none>','search.example','<none>','10m','<none>']" },
  { "namespace", "Namespace",
    "{'metadata':{'name':'demo','creationTimestamp':'2026-11-24T12:00:00Z'},"
    "'status':{'phase':'Terminating'}}",
    "['demo','Terminating','9d']" },
  { "namespace/defaults-active", "Namespace",
    "{'metadata':{'name':'demo','creationTimestamp':'2026-12-03T11:59:55Z'}}",
    "['demo','Active','5s']" },
  { "event", "Event",
    "{'metadata':{'name':'es-0.17a','namespace':'demo'},"
    "'involvedObject':{'kind':'Pod','name':'elasticsearch-0','fieldPath':'spec.containers{es}'},"
    "'reason':'Pulled','message':'Container image already present\\n','type':'Normal',"
    "'source':{'component':'kubelet','host':'node-1'},"
    "'firstTimestamp':'2026-12-03T11:00:00Z','lastTimestamp':'2026-12-03T11:57:00Z','count':4}",
    "['3m','Normal','Pulled','pod/elasticsearch-0','spec.containers{es}','kubelet, node-1',"
    "'Container image already present','60m',4,'es-0.17a']" },
  { "event/series-and-event-time", "Event",
    "{'metadata':{'name':'e'},'involvedObject':{'kind':'StatefulSet'},"
    "'reason':'Scaled','message':'scaled','type':'Warning',"
    "'reportingComponent':'statefulset-controller','eventTime':'2026-12-03T11:30:00.000000Z',"
    "'series':{'count':7,'lastObservedTime':'2026-12-03T11:59:00.123456Z'}}",
    "['59s','Warning','Scaled','statefulset','','statefulset-controller','scaled','30m',7,'e']" },
  { "event/singleton-count", "Event",
    "{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','name':'p'},'type':'Normal',"
    "'reason':'Killing','message':'m','firstTimestamp':'2026-12-03T11:59:00Z'}",
    "['60s','Normal','Killing','pod/p','','','m','60s',1,'e']" },
  { "pvc/bound", "PersistentVolumeClaim",
    "{" META ("data-elasticsearch-0") ",'spec':{'volumeName':'pvc-123',"
    "'storageClassName':'standard','volumeMode':'Filesystem',"
    "'resources':{'requests':{'storage':'10Gi'}}},"
    "'status':{'phase':'Bound','accessModes':['ReadWriteMany','ReadWriteOnce'],"
    "'capacity':{'storage':'10Gi'}}}",
    "['data-elasticsearch-0','Bound','pvc-123','10Gi','RWO,RWX','standard','<unset>','10m',"
    "'Filesystem']" },
  { "pvc/pending", "PersistentVolumeClaim",
    "{" META ("c") ",'spec':{'resources':{'requests':{'storage':'1Gi'}}},"
    "'status':{'phase':'Pending'}}",
    "['c','Pending','','','','','<unset>','10m','<unset>']" },
  { "storageclass", "StorageClass",
    "{'metadata':{'name':'standard','creationTimestamp':'2026-12-03T11:50:00Z',"
    "'annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},"
    "'provisioner':'rancher.io/local-path','volumeBindingMode':'WaitForFirstConsumer'}",
    "['standard (default)','rancher.io/local-path','Delete','WaitForFirstConsumer',false,"
    "'10m']" },
  { "node", "Node",
    "{'metadata':{'name':'node-1','creationTimestamp':'2026-12-03T11:50:00Z',"
    "'labels':{'node-role.kubernetes.io/control-plane':'','node-role.kubernetes.io/':'',"
    "'kubernetes.io/role':'worker'}},'spec':{'unschedulable':true},"
    "'status':{'conditions':[{'type':'MemoryPressure','status':'False'},"
    "{'type':'Ready','status':'True'}],"
    "'addresses':[{'type':'Hostname','address':'node-1'},"
    "{'type':'InternalIP','address':'172.18.0.2'}],"
    "'nodeInfo':{'kubeletVersion':'v1.32.4','osImage':'Debian GNU/Linux 12 (bookworm)',"
    "'kernelVersion':'6.1.0','containerRuntimeVersion':'containerd://1.7.0'}}}",
    "['node-1','Ready,SchedulingDisabled','control-plane,worker','10m','v1.32.4','172.18.0.2',"
    "'<none>','Debian GNU/Linux 12 (bookworm)','6.1.0','containerd://1.7.0']" },
  { "node/not-ready", "Node",
    "{" META ("n") ",'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}",
    "['n','NotReady','<none>','10m','','<none>','<none>','<unknown>','<unknown>','<unknown>']" },
  { "pdb", "PodDisruptionBudget",
    "{" META ("elasticsearch") ",'spec':{'maxUnavailable':1},'status':{'disruptionsAllowed':1}}",
    "['elasticsearch','N/A','1',1,'10m']" },
  { "pdb/percentage", "PodDisruptionBudget",
    "{" META ("p") ",'spec':{'minAvailable':'50%'}}",
    "['p','50%','N/A',0,'10m']" },
  { "other-kind", "Deployment",
    "{" META ("web") ",'spec':{'replicas':2}}",
    "['web','10m']" },
};

static void
test_row (gconstpointer data)
{
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) table = NULL;
  g_autoptr(JsonNode) cells = json_node_new (JSON_NODE_ARRAY);
  const RowCase *c = data;
  JsonArray *definitions;

  object = parse_quoted (c->object);
  expected = parse_quoted (c->cells);
  table = build_one (c->kind, object, TRUE);

  json_node_set_array (cells, first_row_cells (table));
  if (!json_node_equal (cells, expected))
    {
      g_autofree char *got = json_to_string (cells, FALSE);
      g_autofree char *want = json_to_string (expected, FALSE);

      g_error ("%s: cells %s, expected %s", c->name, got, want);
    }

  /* Every row has one cell per column. */
  definitions = json_object_get_array_member (json_node_get_object (table),
                                              "columnDefinitions");
  g_assert_cmpuint (json_array_get_length (definitions), ==,
                    json_array_get_length (json_node_get_array (cells)));
}

typedef struct
{
  gint64 seconds;
  const char *age;
} AgeCase;

static const AgeCase age_cases[] = {
  { -5, "<invalid>" },
  { -1, "0s" },
  { 0, "0s" },
  { 1, "1s" },
  { 59, "59s" },
  { 119, "119s" },
  { 120, "2m" },
  { 121, "2m1s" },
  { 599, "9m59s" },
  { 600, "10m" },
  { 3 * 3600 - 1, "179m" },
  { 3 * 3600, "3h" },
  { 3 * 3600 + 30 * 60 + 59, "3h30m" },
  { 8 * 3600 - 1, "7h59m" },
  { 8 * 3600, "8h" },
  { 47 * 3600 + 3599, "47h" },
  { 48 * 3600, "2d" },
  { 52 * 3600, "2d4h" },
  { 8 * 86400 - 1, "7d23h" },
  { 8 * 86400, "8d" },
  { 729 * 86400, "729d" },
  { 730 * 86400, "2y" },
  { 760 * 86400, "2y30d" },
  { 8 * 365 * 86400, "8y" },
  { 20 * 365 * 86400 + 100 * 86400, "20y" },
};

static void
test_ages (void)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (gsize i = 0; i < G_N_ELEMENTS (age_cases); i++)
    {
      g_autoptr(GDateTime) created = g_date_time_add_seconds (now, -age_cases[i].seconds);
      g_autoptr(JsonNode) object = NULL;
      g_autoptr(JsonNode) table = NULL;
      g_autofree char *stamp = g_date_time_format_iso8601 (created);
      g_autofree char *json = NULL;
      const char *age;

      json = g_strdup_printf ("{'metadata':{'name':'c','creationTimestamp':'%s'}}", stamp);
      object = parse_quoted (json);
      table = build_one ("ConfigMap", object, TRUE);
      age = json_array_get_string_element (first_row_cells (table), 2);

      if (g_strcmp0 (age, age_cases[i].age) != 0)
        g_error ("an age of %" G_GINT64_FORMAT " s printed as %s, expected %s",
                 age_cases[i].seconds, age, age_cases[i].age);
    }
}

static void
assert_column_names (JsonNode   *table,
                     const char *expected)
{
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *definitions = json_object_get_array_member (json_node_get_object (table),
                                                         "columnDefinitions");

  for (guint i = 0; i < json_array_get_length (definitions); i++)
    {
      JsonObject *column = json_array_get_object_element (definitions, i);

      g_string_append_printf (names, "%s%s/%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              json_object_get_string_member (column, "name"),
                              json_object_get_int_member (column, "priority"));
      g_assert_true (json_object_has_member (column, "type"));
      g_assert_true (json_object_has_member (column, "description"));
    }

  g_assert_cmpstr (names->str, ==, expected);
}

static void
test_columns (void)
{
  static const struct { const char *kind; const char *columns; } cases[] = {
    { "Pod", "Name/0,Ready/0,Status/0,Restarts/0,Age/0,IP/1,Node/1,Nominated Node/1,"
             "Readiness Gates/1" },
    { "StatefulSet", "Name/0,Ready/0,Age/0,Containers/1,Images/1" },
    { "ConfigMap", "Name/0,Data/0,Age/0" },
    { "Secret", "Name/0,Type/0,Data/0,Age/0" },
    { "Service", "Name/0,Type/0,Cluster-IP/0,External-IP/0,Port(s)/0,Age/0,Selector/1" },
    { "Namespace", "Name/0,Status/0,Age/0" },
    { "Event", "Last Seen/0,Type/0,Reason/0,Object/0,Subobject/1,Source/1,Message/0,"
               "First Seen/1,Count/1,Name/1" },
    { "PersistentVolumeClaim", "Name/0,Status/0,Volume/0,Capacity/0,Access Modes/0,"
                               "StorageClass/0,VolumeAttributesClass/0,Age/0,VolumeMode/1" },
    { "Widget", "Name/0,Age/0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = fixed_now ();
      g_autoptr(JsonNode) table = sandbox_table_build (cases[i].kind, NULL, 0, now, "7", TRUE);

      assert_column_names (table, cases[i].columns);
    }
}

/* The envelope: kind, apiVersion, resourceVersion, the definitions only when asked, and
 * each row's PartialObjectMetadata holding a copy of the whole metadata. */
static void
test_table_shape (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(JsonNode) a = parse_quoted ("{'metadata':{'name':'a','namespace':'demo',"
                                        "'labels':{'app':'es'},'uid':'u-1',"
                                        "'resourceVersion':'17'}}");
  g_autoptr(JsonNode) b = parse_quoted ("{'metadata':{'name':'b','namespace':'other'}}");
  g_autoptr(JsonNode) expected_meta = parse_quoted ("{'name':'a','namespace':'demo',"
                                                    "'labels':{'app':'es'},'uid':'u-1',"
                                                    "'resourceVersion':'17'}");
  g_autoptr(JsonNode) table = NULL;
  g_autoptr(JsonNode) later = NULL;
  JsonNode *objects[] = { a, b };
  JsonObject *root;
  JsonArray *rows;
  JsonObject *partial;
  JsonObject *labels;

  table = sandbox_table_build ("ConfigMap", objects, 2, now, "1005", TRUE);
  root = json_node_get_object (table);
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "Table");
  g_assert_cmpstr (json_object_get_string_member (root, "apiVersion"), ==, "meta.k8s.io/v1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "metadata"),
                                                  "resourceVersion"), ==, "1005");

  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  partial = json_object_get_object_member (json_array_get_object_element (rows, 0), "object");
  g_assert_cmpstr (json_object_get_string_member (partial, "kind"), ==, "PartialObjectMetadata");
  g_assert_cmpstr (json_object_get_string_member (partial, "apiVersion"), ==, "meta.k8s.io/v1");
  g_assert_true (json_node_equal (json_object_get_member (partial, "metadata"), expected_meta));

  /* The row holds a copy: changing the stored object afterwards leaves the table alone. */
  labels = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (a), "metadata"), "labels");
  json_object_set_string_member (labels, "app", "changed");
  g_assert_true (json_node_equal (json_object_get_member (partial, "metadata"), expected_meta));

  later = sandbox_table_build ("ConfigMap", objects + 1, 1, now, "1006", FALSE);
  root = json_node_get_object (later);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root,
                                                                         "columnDefinitions")),
                    ==, 0);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_array_get_object_element (rows, 0),
                                                   "cells"), 0), ==, "b");
}

static void
test_empty_list (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(JsonNode) table = sandbox_table_build ("Pod", NULL, 0, now, NULL, TRUE);
  JsonObject *root = json_node_get_object (table);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "rows")), ==, 0);
  g_assert_false (json_object_has_member (json_object_get_object_member (root, "metadata"),
                                          "resourceVersion"));
}

/* Finished pods carry the row condition kubectl uses to tell completed rows apart. */
static void
test_pod_row_conditions (void)
{
  g_autoptr(JsonNode) done = parse_quoted ("{" META ("p") ",'status':{'phase':'Succeeded'}}");
  g_autoptr(JsonNode) running = parse_quoted ("{" META ("p") ",'status':{'phase':'Running'}}");
  g_autoptr(JsonNode) expected = parse_quoted ("[{'type':'Completed','status':'True',"
                                               "'reason':'Succeeded',"
                                               "'message':'The pod has completed successfully.'}]");
  g_autoptr(JsonNode) table = build_one ("Pod", done, TRUE);
  g_autoptr(JsonNode) table2 = build_one ("Pod", running, TRUE);
  JsonObject *row;

  row = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (table), "rows"), 0);
  g_assert_true (json_node_equal (json_object_get_member (row, "conditions"), expected));

  row = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (table2), "rows"), 0);
  g_assert_false (json_object_has_member (row, "conditions"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (row_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sandbox/table/row/%s", row_cases[i].name);

      g_test_add_data_func (path, &row_cases[i], test_row);
    }
  g_test_add_func ("/sandbox/table/ages", test_ages);
  g_test_add_func ("/sandbox/table/columns", test_columns);
  g_test_add_func ("/sandbox/table/shape", test_table_shape);
  g_test_add_func ("/sandbox/table/empty-list", test_empty_list);
  g_test_add_func ("/sandbox/table/pod-row-conditions", test_pod_row_conditions);

  return g_test_run ();
}
