"""kubectl config, auth can-i / whoami and explain against the simulated cluster; expected texts
recorded from the real kubectl v1.32 (config on a kubeadm admin.conf, explain from its templates)."""
import pytest

from engine import Cluster

VIEW = """apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://172.18.0.2:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
"""
CONTEXTS = """CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE
*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   {ns}
"""


def run(c, cmd):
    r = c.kubectl(cmd)
    return r.stdout, r.stderr, r.exit_code


def test_config_view_redacts_and_raw_shows_the_data():
    c = Cluster(wait=False)
    assert run(c, "config view") == (VIEW, "", 0)
    raw = c.kubectl("config view --raw").stdout
    assert "DATA+OMITTED" not in raw and "certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" in raw
    assert run(c, "config view -o jsonpath={.contexts[0].name}") == ("kubernetes-admin@kubernetes", "", 0)
    assert run(c, "config view -o name") == ("config/<unknown>\n", "", 0)
    assert run(c, "config view -o wide")[1] == (
        'error: unable to match a printer suitable for the output format "wide", allowed formats are: '
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n")


def test_set_context_current_namespace_changes_the_default_namespace():
    c = Cluster(workers=1)
    assert run(c, "config get-contexts") == (CONTEXTS.format(ns=""), "", 0)
    assert run(c, "create namespace dev")[2] == 0
    assert run(c, "config set-context --current --namespace=dev") == (
        'Context "kubernetes-admin@kubernetes" modified.\n', "", 0)
    assert run(c, "config get-contexts") == (CONTEXTS.format(ns="dev"), "", 0)
    assert run(c, "create configmap x --from-literal=a=b") == ("configmap/x created\n", "", 0)
    assert c.api.get("configmaps", "x", "dev")["data"] == {"a": "b"}
    assert run(c, "get cm x -o jsonpath={.metadata.namespace}") == ("dev", "", 0)
    assert run(c, "get cm x -n default")[1] == 'Error from server (NotFound): configmaps "x" not found\n'
    assert run(c, "config view --minify -o jsonpath={.contexts[0].context.namespace}") == ("dev", "", 0)
    # a local --namespace flag: -n is not a shorthand of set-context's own flag
    assert run(c, "config set-context --current -n x") == (
        "", "Error: unknown shorthand flag: 'n' in -n\nSee 'kubectl config set-context --help' for usage.\n", 1)


def test_config_view_json_in_go_field_order_and_minify():
    c = Cluster(wait=False)
    c.kubectl("config set-context --current --namespace=dev")
    c.kubectl("config set-context other --cluster=elsewhere --user=bob")
    out = c.kubectl("config view --minify -o json").stdout
    assert out == """{
    "kind": "Config",
    "apiVersion": "v1",
    "preferences": {},
    "clusters": [
        {
            "name": "kubernetes",
            "cluster": {
                "server": "https://172.18.0.2:6443",
                "certificate-authority-data": "DATA+OMITTED"
            }
        }
    ],
    "users": [
        {
            "name": "kubernetes-admin",
            "user": {
                "client-certificate-data": "DATA+OMITTED",
                "client-key-data": "DATA+OMITTED"
            }
        }
    ],
    "contexts": [
        {
            "name": "kubernetes-admin@kubernetes",
            "context": {
                "cluster": "kubernetes",
                "user": "kubernetes-admin",
                "namespace": "dev"
            }
        }
    ],
    "current-context": "kubernetes-admin@kubernetes"
}
"""
    # MinifyConfig: the context's cluster and user must exist
    assert run(c, "config view --minify --context=other") == ("", "error: cannot locate cluster elsewhere\n", 1)
    c.kubectl("config set-context other --cluster=kubernetes")
    assert run(c, "config view --minify --context=other")[1] == "error: cannot locate user bob\n"
    c.kubectl("config set-context bare")
    assert run(c, "config view --minify --context=bare") == ("""apiVersion: v1
clusters: null
contexts:
- context:
    cluster: ""
    user: ""
  name: bare
current-context: bare
kind: Config
preferences: {}
users: null
""", "", 0)
    assert run(c, "config view --minify --context=nope") == ("", "error: cannot locate context nope\n", 1)


def test_contexts_created_used_renamed_deleted():
    c = Cluster(wait=False)
    assert run(c, "config set-context foo --cluster=bar --user=baz --namespace=x") == ('Context "foo" created.\n', "", 0)
    assert run(c, "config set-context foo --namespace=y") == ('Context "foo" modified.\n', "", 0)
    assert run(c, "config set-context zed --namespace=z")[2] == 0
    assert run(c, "config get-contexts") == ("""CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE
          foo                           bar          baz                y
*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   
          zed                                                           z
""", "", 0)
    assert run(c, "config get-contexts -o name") == ("foo\nkubernetes-admin@kubernetes\nzed\n", "", 0)
    assert run(c, "config get-contexts foo --no-headers") == ("      foo   bar   baz   y\n", "", 0)
    assert run(c, "config get-contexts nope") == ("CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n",
                                                   "error: context nope not found\n", 1)
    assert run(c, "config get-contexts a b") == ("CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n",
                                                  "context a not found\ncontext b not found\n", 1)
    assert run(c, "config get-contexts -o wide") == ("", "error: --output wide is not available in kubectl config "
                                                      "get-contexts; resetting to default output format\n", 1)
    assert run(c, "config use-context foo") == ('Switched to context "foo".\n', "", 0)
    assert run(c, "config current-context") == ("foo\n", "", 0)
    # user baz is not in the kubeconfig: client-go asks for a basic-auth username, and no terminal answers
    assert run(c, "get cm") == ("Please enter Username: ", "error: EOF\n", 1)
    assert run(c, "config use-context nope") == ("", 'error: no context exists with the name: "nope"\n', 1)
    assert run(c, ["config", "use-context", ""]) == ("", "error: empty context names are not allowed\n", 1)
    assert run(c, ["config", "rename-context", "foo", ""]) == (
        "", "error: You must specify a new non-empty context name\n", 1)
    assert run(c, "config set-context foo --current") == (
        "", "error: you cannot specify both a context name and --current\n", 1)
    assert run(c, "config rename-context foo foo2") == ('Context "foo" renamed to "foo2".\n', "", 0)
    assert run(c, "config current-context") == ("foo2\n", "", 0)
    assert run(c, "config rename-context foo2 zed") == (
        "", 'error: cannot rename the context "foo2", the context "zed" already exists in /root/.kube/config\n', 1)
    assert run(c, "config rename-context nope x") == (
        "", 'error: cannot rename the context "nope", it\'s not in /root/.kube/config\n', 1)
    assert run(c, "config use kubernetes-admin@kubernetes") == (
        'Switched to context "kubernetes-admin@kubernetes".\n', "", 0)
    assert run(c, "config delete-context foo2") == ("deleted context foo2 from /root/.kube/config\n", "", 0)
    assert run(c, "config delete-context foo2") == (
        "", "error: cannot delete context foo2, not in /root/.kube/config\n", 1)
    assert run(c, "config delete-context kubernetes-admin@kubernetes") == (
        "deleted context kubernetes-admin@kubernetes from /root/.kube/config\n",
        'warning: this removed your active context, use "kubectl config use-context" to select a different one\n', 0)
    assert run(c, "config current-context") == ("kubernetes-admin@kubernetes\n", "", 0)
    assert run(c, "config view --minify")[1] == "error: cannot locate context kubernetes-admin@kubernetes\n"


def test_config_clusters_users_and_usage_errors():
    c = Cluster(wait=False)
    assert run(c, "config get-clusters") == ("NAME\nkubernetes\n", "", 0)
    assert run(c, "config get-users") == ("NAME\nkubernetes-admin\n", "", 0)
    assert run(c, "config set-context") == ("", "error: you must specify a non-empty context name or --current\n", 1)
    out, err, code = run(c, "config use-context")
    assert out.startswith("Set the current-context in a kubeconfig file.\n\nAliases:\nuse-context, use\n")
    assert (err, code) == ("error: Unexpected args: []\n", 1)
    out, err, code = run(c, "config rename-context a")
    assert out.startswith("Renames a context from the kubeconfig file.\n") and err == "error: Unexpected args: [a]\n"
    out, err, code = run(c, "config delete-context")
    assert out.startswith("Delete the specified context from the kubeconfig.\n") and (err, code) == ("", 0)
    out, err, code = run(c, "config")
    assert err.startswith('Modify kubeconfig files using subcommands like "kubectl config set current-context '
                          'my-context".\n') and (out, code) == ("", 1)
    assert run(c, "config foo") == ("", "error: unknown command \"foo\"\nSee 'kubectl config -h' for help and examples\n", 1)
    assert run(c, "get cm --context=nope") == (
        "", "Error in configuration: context was not found for specified context: nope\n", 1)


RBAC = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: dev}
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: dev}
subjects:
- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: bot, namespace: dev}
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-getter
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: auditors-view}
subjects:
- {kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
"""
URL_ROWS = "".join(f"{'':48}[{url}]{'':{20 - len(url) - 2}}[]               [get]\n" for url in [
    "/api/*", "/api", "/apis/*", "/apis", "/healthz", "/healthz", "/livez", "/livez", "/openapi/*", "/openapi",
    "/readyz", "/readyz", "/version/", "/version/", "/version", "/version"])
SELF_ROWS = """selfsubjectreviews.authentication.k8s.io        []                  []               [create]
selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]
selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]
"""
HEADER = "Resources                                       Non-Resource URLs   Resource Names   Verbs\n"


@pytest.fixture(scope="module")
def rbac_cluster():
    c = Cluster(workers=1)
    c.kubectl("create namespace dev")
    c.kubectl("create serviceaccount bot -n dev")
    assert c.apply(RBAC).exit_code == 0
    return c


@pytest.mark.parametrize("cmd,out,err,code", [
    ("auth can-i create pods", "yes\n", "", 0),
    ("auth can-i '*' '*'", "yes\n", "", 0),
    ("auth can-i get nodes", "yes\n", "Warning: resource 'nodes' is not namespace scoped\n", 0),
    ("auth can-i list clusterroles.rbac.authorization.k8s.io", "yes\n",
     "Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n", 0),
    ("auth can-i list pods --as=jane -n dev", "yes\n", "", 0),
    ("auth can-i list po --as=jane", "no\n", "", 1),
    ("auth can-i list pods --as=jane -A", "no\n", "", 1),
    ("auth can-i get pods/web --as=jane -n dev", "yes\n", "", 0),
    ("auth can-i get pods --subresource=log --as=jane -n dev", "yes\n", "", 0),
    ("auth can-i get pods --subresource=exec --as=jane -n dev", "no\n", "", 1),
    ("auth can-i delete pods --as=jane -n dev", "no\n", "", 1),
    ("auth can-i delete pods --as=jane -n dev -q", "", "", 1),
    ("auth can-i list pods --as=system:serviceaccount:dev:bot -n dev", "yes\n", "", 0),
    ("auth can-i list pods --as=system:serviceaccount:default:bot -n dev", "no\n", "", 1),
    ("auth can-i get /healthz --as=jane", "yes\n", "", 0),
    ("auth can-i get /logs --as=jane", "no\n", "", 1),
    ("auth can-i frob /healthz --as=jane", "no\n", "Warning: verb 'frob' is not a known verb\n", 1),
    ("auth can-i get /healthz --subresource=x", "", "error: --subresource can not be used with NonResourceURL\n", 1),
    ("auth can-i frob foos", "yes\n", "Warning: the server doesn't have a resource type 'foos'\n"
                                      "Warning: verb 'frob' is not a known verb\n", 0),
    ("auth can-i impersonate users", "yes\n", "", 0),
    ("auth can-i list deployments.apps --as=x --as-group=system:masters", "yes\n", "", 0),
    ("auth can-i list deployments.apps --as=x", "no\n", "", 1),
    # view is aggregated: a ClusterRole labelled aggregate-to-view adds its rules to it
    ("auth can-i get secrets --as=amy --as-group=auditors", "yes\n", "", 0),
    # an unknown type is checked as typed, in no group
    ("auth can-i get crontabs.stable.example.com --as-group=system:masters --as=amy", "yes\n",
     "Warning: the server doesn't have a resource type 'crontabs' in group 'stable.example.com'\n", 0),
    ("auth can-i list deployments.apps --as=amy --as-group=auditors", "yes\n", "", 0),
    ("auth can-i create deployments.apps --as=amy --as-group=auditors", "no\n", "", 1),
    ("auth can-i list secrets --as=amy --as-group=auditors", "no\n", "", 1),
    ("auth can-i get pods --as-group=x", "",
     "error: requesting uid, groups or user-extra for kubernetes-admin without impersonating a user\n", 1),
    ("auth can-i get", "", "error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
                           "See 'kubectl auth can-i -h' for help and examples.\n", 1),
    ("auth can-i get pods --no-headers", "yes\n" * 0, "error: --no-headers cannot be set without --list specified\n", 1),
    ("auth can-i --list get", "", "error: list option must be specified with no arguments\n", 1),
    ("auth can-i --list -q", "", "error: list option can't be specified with neither quiet, all-namespaces nor "
                                 "subresource options\n", 1),
    ("auth foo", "", "error: unknown command \"foo\"\nSee 'kubectl auth -h' for help and examples\n", 1),
])
def test_can_i(rbac_cluster, cmd, out, err, code):
    assert run(rbac_cluster, cmd) == (out, err, code)


def test_can_i_list(rbac_cluster):
    assert run(rbac_cluster, "auth can-i --list") == (HEADER + """*.*                                             []                  []               [*]
                                                [*]                 []               [*]
""" + SELF_ROWS + URL_ROWS, "", 0)
    assert run(rbac_cluster, "auth can-i --list --as=jane -n dev") == (HEADER + SELF_ROWS + """\
pods/log                                        []                  []               [get list]
pods                                            []                  []               [get list]
""" + URL_ROWS, "", 0)
    out = rbac_cluster.kubectl("auth can-i --list --as=jane -n dev --no-headers").stdout
    assert out.startswith("selfsubjectreviews.authentication.k8s.io        []             []    [create]\n")


def test_whoami(rbac_cluster):
    fingerprint = "X509SHA256=dd9873f786a4bd398e456b18d03eab7da4969d1d326e07729fa71f7f0f8e6ac1"
    assert run(rbac_cluster, "auth whoami") == (f"""ATTRIBUTE                                           VALUE
Username                                            kubernetes-admin
Groups                                              [kubeadm:cluster-admins system:authenticated]
Extra: authentication.kubernetes.io/credential-id   [{fingerprint}]
""", "", 0)
    assert run(rbac_cluster, "auth whoami -o yaml") == (f"""apiVersion: authentication.k8s.io/v1
kind: SelfSubjectReview
metadata:
  creationTimestamp: "2025-01-01T00:00:27Z"
status:
  userInfo:
    extra:
      authentication.kubernetes.io/credential-id:
      - {fingerprint}
    groups:
    - kubeadm:cluster-admins
    - system:authenticated
    username: kubernetes-admin
""", "", 0)
    assert run(rbac_cluster, "auth whoami --as=system:serviceaccount:dev:bot -o jsonpath={.status.userInfo.groups}") == (
        '["system:serviceaccounts","system:serviceaccounts:dev","system:authenticated"]', "", 0)
    assert run(rbac_cluster, "auth whoami --as=jane --as-group=dev") == ("""ATTRIBUTE   VALUE
Username    jane
Groups      [dev system:authenticated]
""", "", 0)
    out, err, code = run(rbac_cluster, "auth")
    assert (out, code) == ("", 1) and err.startswith("Inspect authorization.\n")


# Recorded from the real kubectl v1.32 `explain` against an OpenAPI v3 document served from the same schemas.
EXPLAIN_STRATEGY = '''
GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    The deployment strategy to use to replace existing pods with new ones.
    DeploymentStrategy describes how to replace existing pods with new ones.
    
FIELDS:
  rollingUpdate	<RollingUpdateDeployment>
    Rolling update config params. Present only if DeploymentStrategyType =
    RollingUpdate.

  type	<string>
    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is
    RollingUpdate.


'''
EXPLAIN_LIMITS = '''
KIND:       Pod
VERSION:    v1

FIELD: limits <map[string]Quantity>


DESCRIPTION:
    Limits describes the maximum amount of compute resources allowed. More info:
    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    

'''
EXPLAIN_OWNERS = '''
GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: ownerReferences <[]OwnerReference>


DESCRIPTION:
    List of objects depended by this object. If ALL objects in the list have
    been deleted, this object will be garbage collected. If this object is
    managed by a controller, then an entry in this list will point to this
    controller, with the controller field set to true. There cannot be more than
    one managing controller.
    OwnerReference contains enough information to let you identify an owning
    object. An owning object must be in the same namespace as the dependent, or
    be cluster-scoped, so there is no namespace field.
    
FIELDS:
  apiVersion	<string> -required-
  blockOwnerDeletion	<boolean>
  controller	<boolean>
  kind	<string> -required-
  name	<string> -required-
  uid	<string> -required-

'''


def test_explain_resource_fields_and_paths():
    c = Cluster(wait=False)
    out = c.kubectl("explain pods").stdout
    assert out.startswith("""KIND:       Pod
VERSION:    v1

DESCRIPTION:
    Pod is a collection of containers that can run on a host. This resource is
    created by clients and scheduled onto hosts.
    
FIELDS:
  apiVersion\t<string>
    APIVersion defines the versioned schema of this representation of an object.
    Servers should convert recognized schemas to the latest internal value, and
    may reject unrecognized values. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

""")
    assert out.endswith("""  spec\t<PodSpec>
    Specification of the desired behavior of the pod. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

  status\t<PodStatus>
    Most recently observed status of the pod. This data may not be up to date.
    Populated by the system. Read-only. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status


""")
    assert run(c, "explain deploy.spec.strategy") == (EXPLAIN_STRATEGY[1:], "", 0)
    assert run(c, "explain deployments.apps.spec.strategy") == (EXPLAIN_STRATEGY[1:], "", 0)
    assert run(c, "explain pods.spec.containers.resources.limits") == (EXPLAIN_LIMITS[1:], "", 0)
    assert run(c, "explain deployments.apps.metadata.ownerReferences --recursive") == (EXPLAIN_OWNERS[1:], "", 0)
    svc = c.kubectl("explain svc.spec.ports").stdout
    assert "  port\t<integer> -required-\n    The port that will be exposed by this service.\n\n" in svc
    assert "  targetPort\t<IntOrString>\n" in svc
    assert "FIELD: containers <[]Container>\n\n\nDESCRIPTION:\n" in c.kubectl("explain po.spec.containers").stdout


def test_explain_errors_and_api_version():
    c = Cluster(wait=False)
    assert run(c, "explain pods.spec.foo.bar") == ("KIND:       Pod\nVERSION:    v1\n\n",
                                                    'error: field "bar" does not exist\n', 1)
    assert run(c, "explain ownerreferences") == ("", 'the server doesn\'t have a resource type "ownerreferences"\n', 1)
    assert c.kubectl("explain hpa --api-version=autoscaling/v1").stdout.startswith(
        "GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v1\n\nDESCRIPTION:\n")
    assert run(c, "explain hpa --api-version=autoscaling/v9") == (
        "", 'error: couldn\'t find resource for "autoscaling/v9, Resource=horizontalpodautoscalers"\n', 1)
    assert run(c, "explain pods --api-version=apps/v1") == (
        "", "error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n", 1)
    assert run(c, "explain pods --api-version=a/b/c") == ("", "error: unexpected GroupVersion string: a/b/c\n", 1)
    assert run(c, "explain") == ("", 'error: You must specify the type of resource to explain. Use "kubectl '
                                     'api-resources" for a complete list of supported resources.\n', 1)
    assert run(c, "explain a b") == ("", "error: We accept only this format: explain RESOURCE\n", 1)
