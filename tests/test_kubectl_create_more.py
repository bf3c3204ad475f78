"""`kubectl create service|job|cronjob|role|clusterrole|rolebinding|clusterrolebinding|serviceaccount|
ingress|quota|priorityclass|poddisruptionbudget|token` against a cluster: the objects they create work
(their dry-run output and errors are compared with the real kubectl in tests/golden/create-more-*.json)."""
import base64
import json

import pytest

from engine import Cluster


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=1)


def test_nodeport_service_gets_a_node_port_and_endpoints(c):
    c.kubectl("create deployment web --image=nginx --port=80")
    assert c.kubectl("create service nodeport web --tcp=80:80").stdout == "service/web created\n"
    c.advance(10)
    svc = c.api.get("services", "web", "default")
    port = svc["spec"]["ports"][0]
    assert (port["name"], port["port"], port["targetPort"], port["protocol"]) == ("80-80", 80, 80, "TCP")
    assert 30000 <= port["nodePort"] <= 32767
    assert svc["spec"]["clusterIP"] != "None"
    slices = c.api.list("endpointslices", "default", label_selector="kubernetes.io/service-name=web")["items"]
    assert [len(s["endpoints"] or []) for s in slices] == [1]


def test_service_flavours_and_server_errors(c):
    assert c.kubectl("create service clusterip headless --clusterip=None").stdout == "service/headless created\n"
    assert c.api.get("services", "headless", "default")["spec"]["clusterIP"] == "None"
    assert c.kubectl("create svc externalname db --external-name=db.example.com -o name").stdout == "service/db\n"
    assert c.api.get("services", "db", "default")["spec"]["externalName"] == "db.example.com"
    taken = c.api.get("services", "web", "default")["spec"]["ports"][0]["nodePort"]
    result = c.kubectl(f"create service nodeport other --tcp=81 --node-port={taken}")
    assert result.exit_code == 1
    assert result.stderr == (f'error: failed to create NodePort service: Service "other" is invalid: '
                             f'spec.ports[0].nodePort: Invalid value: {taken}: provided port is already allocated\n')
    assert c.kubectl("create service loadbalancer lb --tcp=80 --dry-run=server").stdout == \
        "service/lb created (server dry run)\n"
    assert c.api.list("services", "default", field_selector="metadata.name=lb")["items"] == []


def test_job_from_cronjob_is_owned_marked_manual_and_runs(c):
    assert c.kubectl(["create", "cronjob", "tick", "--image=busybox:1.28", "--schedule=0 0 1 1 *",
                      "--", "sh", "-c", "echo tick"]).stdout == "cronjob.batch/tick created\n"
    cronjob = c.api.get("cronjobs", "tick", "default")
    assert c.kubectl("create job manual --from=cronjob/tick").stdout == "job.batch/manual created\n"
    job = c.api.get("jobs", "manual", "default")
    assert job["metadata"]["annotations"] == {"cronjob.kubernetes.io/instantiate": "manual"}
    assert job["metadata"]["ownerReferences"] == [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "tick",
                                                   "uid": cronjob["metadata"]["uid"], "controller": True}]
    c.advance(30)
    job = c.api.get("jobs", "manual", "default")
    assert job["status"].get("succeeded") == 1
    assert c.kubectl("logs job/manual").stdout == "tick\n"


def test_job_from_errors(c):
    missing = c.kubectl("create job x --from=cronjob/nope")
    assert (missing.stderr, missing.exit_code) == ('Error from server (NotFound): cronjobs.batch "nope" not found\n', 1)
    wrong = c.kubectl("create job x --from=deployment/web")
    assert wrong.stderr == "error: unknown object type *v1.Deployment\n"
    dup = c.kubectl("create job manual --from=cronjob/tick")
    assert dup.stderr == 'error: failed to create job: jobs.batch "manual" already exists\n'


def test_job_from_cronjob_dry_run_client_prints_the_template(c):
    out = c.kubectl("create job m2 --from=cronjob/tick --dry-run=client -o json").stdout
    job = json.loads(out)
    assert list(job) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert list(job["metadata"]) == ["name", "creationTimestamp", "annotations", "ownerReferences"]
    pod = job["spec"]["template"]["spec"]
    assert pod["containers"][0]["command"] == ["sh", "-c", "echo tick"]
    # printed as kubectl prints the typed Job: Go's field order, not the map order of the CronJob read back
    assert list(pod) == ["containers", "restartPolicy", "terminationGracePeriodSeconds", "dnsPolicy",
                         "securityContext", "schedulerName"]
    assert list(pod["containers"][0]) == ["name", "image", "command", "resources", "terminationMessagePath",
                                          "terminationMessagePolicy", "imagePullPolicy"]
    assert c.api.list("jobs", "default", field_selector="metadata.name=m2")["items"] == []


def test_job_with_image_runs(c):
    assert c.kubectl("create job hello --image=busybox:1.28 -- echo hello").stdout == "job.batch/hello created\n"
    c.advance(30)
    assert c.api.get("jobs", "hello", "default")["status"].get("succeeded") == 1


def test_rbac_objects_are_stored(c):
    assert c.kubectl("create role reader --verb=get,list --resource=pods,pods/log,deploy").stdout == \
        "role.rbac.authorization.k8s.io/reader created\n"
    assert c.api.get("roles", "reader", "default")["rules"] == [
        {"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods", "pods/log"]},
        {"verbs": ["get", "list"], "apiGroups": ["apps"], "resources": ["deployments"]}]
    assert c.kubectl("create sa robot").stdout == "serviceaccount/robot created\n"
    assert c.kubectl("create rolebinding robot-reads --role=reader --serviceaccount=default:robot").stdout == \
        "rolebinding.rbac.authorization.k8s.io/robot-reads created\n"
    binding = c.api.get("rolebindings", "robot-reads", "default")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "robot", "namespace": "default"}]
    assert c.kubectl("create clusterrole agg --aggregation-rule=rbac.example.com/aggregate=true").stdout == \
        "clusterrole.rbac.authorization.k8s.io/agg created\n"
    assert c.kubectl("create clusterrolebinding admins --clusterrole=cluster-admin --group=admins").stdout == \
        "clusterrolebinding.rbac.authorization.k8s.io/admins created\n"
    dup = c.kubectl("create sa robot")
    assert dup.stderr == 'error: failed to create serviceaccount: serviceaccounts "robot" already exists\n'
    unknown = c.kubectl("create role r --verb=get --resource=widgets")
    assert unknown.stderr == "error: no matches for /, Resource=widgets\n"
    role_dup = c.kubectl("create role reader --verb=get --resource=pods")
    assert role_dup.stderr == \
        'Error from server (AlreadyExists): roles.rbac.authorization.k8s.io "reader" already exists\n'


def test_quota_is_enforced(c):
    c.kubectl("create namespace small")
    assert c.kubectl("create quota two-pods --hard=pods=2,services=1 -n small").stdout == \
        "resourcequota/two-pods created\n"
    c.advance(2)
    assert c.api.get("resourcequotas", "two-pods", "small")["status"]["hard"] == {"pods": "2", "services": "1"}
    for name in ("a", "b"):
        assert c.kubectl(f"run {name} --image=nginx -n small").exit_code == 0
    refused = c.kubectl("run c --image=nginx -n small")
    assert refused.exit_code == 1
    assert 'is forbidden: exceeded quota: two-pods, requested: pods=1, used: pods=2, limited: pods=2' in refused.stderr


def test_priorityclass_sets_the_priority_of_pods(c):
    assert c.kubectl("create priorityclass high --value=1000 --description=important").stdout == \
        "priorityclass.scheduling.k8s.io/high created\n"
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: vip}\nspec:\n  priorityClassName: high\n"
            "  containers: [{name: main, image: nginx}]\n")
    pod = c.api.get("pods", "vip", "default")
    assert (pod["spec"]["priority"], pod["spec"]["preemptionPolicy"]) == (1000, "PreemptLowerPriority")
    dup = c.kubectl("create pc high --value=1")
    assert dup.stderr == \
        'error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "high" already exists\n'


def test_pdb_counts_the_pods_it_selects(c):
    assert c.kubectl("create pdb web --selector=app=web --min-available=1").stdout == \
        "poddisruptionbudget.policy/web created\n"
    c.advance(5)
    status = c.api.get("poddisruptionbudgets", "web", "default")["status"]
    assert (status["expectedPods"], status["currentHealthy"], status["desiredHealthy"],
            status["disruptionsAllowed"]) == (1, 1, 1, 0)


def test_ingress_is_stored_with_its_rules(c):
    assert c.kubectl(["create", "ingress", "web", "--rule=web.example.com/*=web:80,tls=web-cert",
                      "--annotation=team=blue"]).stdout == "ingress.networking.k8s.io/web created\n"
    ingress = c.api.get("ingresses", "web", "default")
    assert ingress["metadata"]["annotations"] == {"team": "blue"}
    assert ingress["spec"]["tls"] == [{"hosts": ["web.example.com"], "secretName": "web-cert"}]
    assert ingress["spec"]["rules"][0]["http"]["paths"] == [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]
    bad = c.kubectl("create ingress bad --rule=/=web:0")
    assert bad.exit_code == 1
    assert bad.stderr.startswith('error: failed to create ingress: Ingress.networking.k8s.io "bad" is invalid: ')


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_token_is_served_with_the_apiservers_claims(c):
    account = c.api.get("serviceaccounts", "robot", "default")
    token = c.kubectl("create token robot").stdout
    assert "\n" not in token and token.count(".") == 2  # printed bare, as kubectl prints into a pipe
    claims = _claims(token)
    assert claims["aud"] == ["https://kubernetes.default.svc.cluster.local"]
    assert claims["sub"] == "system:serviceaccount:default:robot"
    assert claims["kubernetes.io"] == {"namespace": "default",
                                       "serviceaccount": {"name": "robot", "uid": account["metadata"]["uid"]}}
    assert claims["exp"] - claims["iat"] == 3600
    request = json.loads(c.kubectl("create token robot --duration=2h --audience=vault -o json").stdout)
    assert request["spec"] == {"audiences": ["vault"], "expirationSeconds": 7200, "boundObjectRef": None}
    assert request["metadata"] == {"name": "robot", "namespace": "default", "creationTimestamp": c.clock.timestamp()}
    assert request["status"]["expirationTimestamp"] == c.clock.timestamp(c.clock.now + 7200)
    assert _claims(request["status"]["token"])["aud"] == ["vault"]


def test_token_errors_come_from_the_server(c):
    def error(line):
        result = c.kubectl(line)
        assert result.exit_code == 1
        return result.stderr

    assert error("create token ghost") == 'error: failed to create token: serviceaccounts "ghost" not found\n'
    assert error("create token robot --duration=5m") == (
        'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: '
        "spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n")
    assert error("create token robot --bound-object-kind=Pod --bound-object-name=vip") == (
        'error: failed to create token: cannot bind token for serviceaccount "robot" to pod running with '
        "different serviceaccount name.\n")
    assert error("create token robot --bound-object-kind=Secret --bound-object-name=nope") == \
        'error: failed to create token: secrets "nope" not found\n'


def test_token_bound_to_a_pod_names_the_pod_and_its_node(c):
    pod = c.api.get("pods", "vip", "default")
    claims = _claims(c.kubectl("create token default --bound-object-kind=Pod --bound-object-name=vip").stdout)
    assert claims["kubernetes.io"]["pod"] == {"name": "vip", "uid": pod["metadata"]["uid"]}
    assert claims["kubernetes.io"]["node"]["name"] == pod["spec"]["nodeName"]
    wrong_uid = c.kubectl("create token default --bound-object-kind=Pod --bound-object-name=vip --bound-object-uid=x")
    assert wrong_uid.stderr == (
        'error: failed to create token: Operation cannot be fulfilled on Pod "vip": the UID in the bound object '
        "reference (x) does not match the UID in record. The object might have been deleted and then recreated\n")


def test_role_binding_lets_the_service_account_read_pods(c):
    robot = "--as=system:serviceaccount:default:robot"
    allowed = c.kubectl(f"auth can-i list pods {robot}")
    assert (allowed.stdout, allowed.exit_code) == ("yes\n", 0)
    assert c.kubectl(f"auth can-i get pods/log {robot}").stdout == "yes\n"
    denied = c.kubectl(f"auth can-i delete pods {robot}")
    assert (denied.stdout, denied.exit_code) == ("no\n", 1)
    assert c.kubectl(f"auth can-i list pods -n kube-system {robot}").stdout == "no\n"
    c.kubectl("create clusterrolebinding robot-views --clusterrole=view --serviceaccount=default:robot")
    assert c.kubectl(f"auth can-i list pods -n kube-system {robot}").stdout == "yes\n"
