"""Record golden outputs of the real kubectl (v1.32 on PATH) for the cases kubectl can run
without a cluster; tests/test_kubectl_golden.py replays them against the simulated kubectl.

Usage: python scripts/record_golden.py [--check] [--only PREFIX]   (writes tests/golden/<case>.json;
--only records just the cases and help texts whose name starts with PREFIX)"""
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from kubectl_offline import write_cache

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "golden")
# klog lines carry the wall clock and a pid; tests compare them with this part normalised.
KLOG = re.compile(r"^([EWI])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ ", re.M)

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
BAD_YAML = {
    "tab": CM.replace("  name: x", "\tname: x"),
    "tab-nested": CM + "  labels:\n  \ta: b\n",
    "indent": CM + "   labels: {}\n",
    "dedent": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: x\n  labels: {}\n",
    "list-in-map": CM + "- a\n",
    "unclosed-flow": "apiVersion: v1\nkind: ConfigMap\ndata: {a: b\nmetadata:\n  name: x\n",
    "unclosed-quote": "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: \"b\nmetadata:\n  name: x\n",
    "unknown-anchor": "a: *zz\n",
    "missing-space": CM + "data:\n  key:value\n  k2: v\n",
    "container-indent": "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n   image: b\n",
    "no-kind": "apiVersion: v1\nmetadata:\n  name: x\n",
    "no-apiversion": "kind: ConfigMap\nmetadata:\n  name: x\n",
    "no-kind-no-apiversion": "metadata:\n  name: x\n",
    "kind-not-string": "apiVersion: v1\nkind: [a]\nmetadata:\n  name: x\n",
    "scalar": "hello\n",
    "top-level-list": "- a\n- b\n",
    "empty-documents": "---\n---\n",
    "bad-separator": "--- x\na: b\n",
}


BAD_JSON = {
    "value": '{"a": x}',
    "colon": '{"a" 1}',
    "comma": '{"a": 1 "b": 2}',
    "key": '{a: 1}',
    "newline": '{"a": "b\nc"}',
    "array": '{"a": [1 2]}',
    "second-value": '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n  {"b" 2}',
}


def bomb():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for n in "bcdefghi":
        lines.append(f"{n}: &{n} [" + ",".join(["*" + prev] * 9) + "]")
        prev = n
    return CM + "data:\n" + "".join("  " + line + "\n" for line in lines)


RUN_CASES = [
    "run nginx --image=nginx --dry-run=client -o yaml",
    "run nginx --image=nginx --dry-run=client -o json",
    "run nginx --image=nginx --dry-run=client",
    "run bb --image=busybox:1.28 --restart=Never --labels=a=b,c=d --port=80 --env=A=1 --env=B=2 --annotations=k=v "
    "--image-pull-policy=Always --privileged --command --dry-run=client -o json -- sh -c 'echo hi'",
    "run bb --image=busybox:1.28 --restart=OnFailure --dry-run=client -o yaml -- sleep 3600",
    "run x --image=nginx --port=8080 --expose --dry-run=client -o yaml",
    "run x --image=nginx --port=8080 --expose --dry-run=client -o json",
    "run x --image=nginx -q --expose --port=80 --dry-run=client",
    """run x --image=nginx --overrides='{"spec":{"nodeName":"w1"}}' --dry-run=client -o json""",
    """run x --image=nginx --overrides='{"spec":{"containers":[{"name":"x","image":"redis"}]}}' """
    "--override-type=strategic --dry-run=client -o yaml",
    """run x --image=nginx --overrides='[{"op":"add","path":"/spec/nodeName","value":"w1"}]' --override-type=json """
    "--dry-run=client -o yaml",
    "run x --image=nginx --overrides={bad --dry-run=client",
    "run x --image=nginx --save-config --dry-run=client -o yaml",
    "run x --image=nginx --restart=Sometimes --dry-run=client",
    "run x --dry-run=client",
    "run --image=nginx",
    "run x --image=Nginx:: --dry-run=client",
    "run x --image=nginx -t",
    "run x --image=nginx --rm",
    "run x --image=nginx --expose",
    "run x --image=nginx --env=FOO --dry-run=client",
    "run x --image=nginx --env=1A=b --dry-run=client",
    "run x --image=nginx --annotations=foo --dry-run=client",
    "run x --image=nginx --labels=foo --dry-run=client",
    "run x --image=nginx --port=abc --dry-run=client",
    "run x --image=nginx --image-pull-policy=Sometimes --dry-run=client",
    "run x --image=nginx -i --dry-run=client",
    "run x --image=nginx --stdin --leave-stdin-open --tty --dry-run=server",
    "run x --image=nginx --dry-run=server -o name",
]


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels: {app: nginx, tier: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - {containerPort: 80, name: http}
        - {containerPort: 443}
        - {containerPort: 53, protocol: UDP}
        - {containerPort: 53, protocol: TCP}
"""
POD = """apiVersion: v1
kind: Pod
metadata: {name: web, labels: {run: web}}
spec:
  containers:
  - {name: web, image: nginx, ports: [{containerPort: 8080}]}
"""
EXPOSE_CASES = [
    "expose -f pod.yaml --dry-run=client -o yaml",
    "expose -f pod.yaml --dry-run=client -o json",
    "expose -f pod.yaml --dry-run=client",
    "expose -f pod.yaml --port=80 --target-port=8080 --type=NodePort --name=front --dry-run=client -o json",
    "expose -f pod.yaml --type=LoadBalancer --port=80 --protocol=UDP --load-balancer-ip=1.2.3.4 --dry-run=client -o yaml",
    "expose -f pod.yaml --port=80 --cluster-ip=None --session-affinity=ClientIP --external-ip=1.2.3.4 --labels=x=y "
    "--selector=app=other,b=c --dry-run=client -o json",
    "expose -f pod.yaml --target-port=http --dry-run=client -o yaml",
    "expose -f pod.yaml --session-affinity=Sometimes --dry-run=client",
    "expose -f deploy.yaml --dry-run=client -o json",
    "expose -f deploy.yaml --dry-run=client -o yaml",
    "expose -f deploy.yaml --protocol=SCTP --dry-run=client -o yaml",
    "expose -f deploy.yaml --port=8080 --dry-run=client -o yaml",
    "expose -f cm.yaml --dry-run=client",
    "expose",
    "expose deployment",
]


# patch, replace, wait and diff: client-side checks and --local patches (the rest needs a server)
PATCH_CASES = [
    """patch -f pod.yaml --local -p '{"metadata":{"labels":{"a":"b"}}}'""",
    """patch -f pod.yaml --local -p '{"metadata":{"labels":{"a":"b"}}}' -o yaml""",
    """patch -f pod.yaml --local --type=json -p '[{"op":"replace","path":"/spec/containers/0/image","value":"redis"}]' -o json""",
    """patch -f pod.yaml --local --type=merge -p '{"metadata":{"labels":{"app":"web"}}}'""",
    """patch -f pod.yaml --local -p '{"spec":{"containers":[{"name":"web","image":"redis"}]}}' -o yaml""",
    """patch -f deploy.yaml --local -p 'spec: {replicas: 3}' -o name""",
    """patch -f pod.yaml --local -p 'metadata: {labels: {x: y}}' --dry-run=client""",
    "patch -f pod.yaml --local -p '{bad'",
    "patch -f pod.yaml --local -p '[1]'",
    "patch -f pod.yaml --local -p null -o yaml",
    "patch -f pod.yaml --local --type=merge -p '[1]'",
    "patch -f pod.yaml --local --type=merge -p '{bad'",
    "patch -f pod.yaml --local -p 'a: b: c'",
    """patch -f pod.yaml --local --type=json -p '[{"op":"remove","path":"/spec/foo"}]'""",
    """patch -f pod.yaml --local --type=json -p '[{"op":"add","path":"/spec/foo/bar","value":1}]'""",
    "patch -f pod.yaml --local --type=json -p '{bad'",
    """patch -f pod.yaml --local --type=json -p '{"a":1}'""",
    "patch -f pod.yaml --local --patch-file=nofile",
    "patch -f pod.yaml --local -p '{}' --dry-run=server",
    "patch -f pod.yaml --local -p '{}' -o wide",
    "patch pod x -p '{}' --local",
    "patch pod x",
    "patch pod x --type=foo -p '{}'",
    "patch pod x -p '{}' --patch-file=a",
    "patch -p '{}'",
    "patch pod -p '{}'",
    "patch --local -p '{}'",
    "patch -f pod.yaml --local -p '{}' -o jsonpath={.metadata.name}",
    """patch -f pod.yaml -f deploy.yaml --local -p '{"metadata":{"labels":{"z":"1"}}}'""",
    """patch -f pod.yaml --local -p '{"spec":{"containers":[{"name":"web","$patch":"delete"}]}}' -o yaml""",
    """patch -f pod.yaml --local -p '{"metadata":{"labels":{"run":null}}}' -o yaml""",
    """patch -f deploy.yaml --local -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","ports":[{"containerPort":8080}]}]}}}}' -o yaml""",
    """patch -f cm.yaml --local --type=json -p '[{"op":"add","path":"/data","value":{"a":"b"}},{"op":"test","path":"/data/a","value":"c"}]'""",
]
REPLACE_CASES = [
    "replace", "replace -f pod.yaml --grace-period=5", "replace -f pod.yaml --timeout=1m",
    "replace -f pod.yaml --force --dry-run=client", "replace -f pod.yaml --dry-run=client --validate=false",
    "replace -f pod.yaml --dry-run=client --save-config -o yaml --validate=false",
    "replace -f deploy.yaml --dry-run --validate=false -o name", "replace -f pod.yaml --cascade=foo",
    "replace -f pod.yaml --validate=bad", "replace -f pod.yaml -o wide",
    "replace -f pod.yaml --force --grace-period=0 --dry-run=server", "replace -f pod.yaml --record",
    "replace x -f pod.yaml --dry-run=client --validate=false", "replace -f cm.yaml -f deploy.yaml --dry-run=client --validate=false -o json",
]
WAIT_CASES = [
    "wait", "wait --for=foo pod/x", "wait --for=jsonpath= pod/x", "wait --for=jsonpath={.a}= pod/x",
    "wait --for=jsonpath={.a}=b=c pod/x", "wait --for=jsonpath={.a pod/x", "wait --for=jsonpath={.a}==b pod/x",
    "wait --for=condition=Ready --timeout=abc pod/x", "wait --for=delete", "wait --for=delete pods",
    "wait --for=delete pod/x -o wide", "wait --for=condition=Ready pod/x -l a=b",
]
DIFF_CASES = ["diff", "diff x -f pod.yaml", "diff --foo", "diff -f nope.yaml", "diff -f pod.yaml --force-conflicts",
              "diff -f pod.yaml --concurrency=x"]

CREATE_CASES = [
    'create configmap cm --from-literal=a=1 --from-literal=b=2 --dry-run=client -o yaml',
    'create configmap cm --from-literal=b=1 --from-literal=a=x=y --dry-run=client -o json',
    'create cm cm --from-literal=a --dry-run=client',
    'create cm cm --from-literal==a --dry-run=client',
    'create configmap cm --from-env-file=e.env --dry-run=client -o yaml',
    'create configmap cm --from-file=e.env --from-file=k=e.env --dry-run=client -o yaml',
    'create configmap cm --from-file=dir --dry-run=client -o json',
    'create configmap cm --from-file=k=dir --dry-run=client',
    'create configmap cm --from-file=nope.txt --dry-run=client',
    'create configmap cm --from-file==x --dry-run=client',
    'create configmap cm --from-file=k= --dry-run=client',
    'create configmap cm --from-literal=a=1 --from-literal=a=2 --dry-run=client',
    'create configmap cm --from-literal=a/b=1 --dry-run=client',
    'create configmap cm --from-env-file=e.env --from-literal=a=1 --dry-run=client',
    'create configmap --from-literal=a=1',
    'create configmap cm --append-hash --from-literal=a=1 --dry-run=client -o yaml',
    'create configmap cm --dry-run=client -o yaml',
    'create configmap cm -n team --from-literal=a=1 --dry-run=client -o yaml',
    'create secret generic s --from-literal=a=1 --type=Opaque --dry-run=client -o yaml',
    'create secret generic s --from-literal=a=1 --dry-run=client -o json',
    'create secret generic s --from-literal=a=1 --from-file=dir --append-hash --dry-run=client -o yaml',
    'create secret generic s --from-env-file=e.env --dry-run=client -o yaml',
    'create secret generic s --from-literal=a=1 --from-literal=a=1 --dry-run=client',
    'create secret generic s --from-literal=a/b=1 --dry-run=client',
    'create secret generic --from-literal=a=1',
    'create secret docker-registry d --docker-server=r.io --docker-username=u --docker-password=p --docker-email=e@x --dry-run=client -o yaml',
    'create secret docker-registry d --docker-username=u --docker-password=p --dry-run=client -o json',
    'create secret docker-registry d --dry-run=client',
    'create secret tls t --cert=nope --key=nope',
    'create secret tls t --dry-run=client',
    'create secret',
]
CREATE_MORE_CASES = [
    "create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o json",
    "create service clusterip h --clusterip=None --dry-run=client -o yaml",
    "create service clusterip h --clusterip=10.0.0.5 --tcp=80 --dry-run=client -o json",
    "create service externalname e --external-name=bar.com --dry-run=client -o yaml",
    "create service externalname e --external-name=a.b --tcp=80 -n z --dry-run=client -o json",
    "create service loadbalancer x --tcp=80:http,443 --dry-run=client -o json",
    "create service loadbalancer x --tcp=80 --save-config --dry-run=client -o yaml",
    "create svc clusterip x --tcp=0 --dry-run=client -o json",
    "create svc clusterip x --tcp=80:+8080 --dry-run=client -o yaml",
    "create service nodeport web --tcp=80 --dry-run=client",
    "create service clusterip web --tcp=80 --dry-run=client -o name",
    "create service externalname e --dry-run=client",
    "create service externalname e --external-name=Bar_com --dry-run=client",
    "create service externalname e --external-name= --dry-run=client",
    "create service clusterip x --dry-run=client",
    "create service clusterip x --tcp=abc --dry-run=client",
    "create service clusterip x --tcp=70000 --dry-run=client",
    "create service clusterip x --tcp=:80 --dry-run=client",
    "create service clusterip x --tcp=80:99999 --dry-run=client",
    "create service clusterip x --tcp=80:-1 --dry-run=client",
    "create service clusterip x --tcp=80:a_b --dry-run=client",
    "create service clusterip x --tcp=80:abcdefghijklmnopq-- --dry-run=client",
    "create service nodeport x --clusterip=None --dry-run=client",
    "create service nodeport x --tcp=80 --node-port=abc --dry-run=client",
    "create svc clusterip x y --tcp=80",
    "create service",
    "create cronjob c --image=busybox --schedule='*/1 * * * *' --restart=Never -n team --dry-run=client -o yaml -- date",
    "create cj c --image=busybox --schedule=x --dry-run=client -o json",
    "create cronjob c --image=busybox --schedule=@hourly --save-config --dry-run=client -o yaml",
    "create cronjob c --image=busybox --schedule=@hourly --dry-run=client",
    "create cronjob c --dry-run=client",
    "create cronjob c --image=i --dry-run=client",
    "create cronjob --image=i --schedule=s",
    "create job j --image=busybox --dry-run=client -o yaml",
    "create job j --image=busybox -n x --dry-run=client -o json -- sleep 1",
    "create job j --image=busybox --dry-run=client -o name",
    "create job j --dry-run=client",
    "create job j --image=x --from=cronjob/c --dry-run=client",
    "create job j --from=cronjob/c --dry-run=client -- date",
    "create job --image=i",
    "create job j --image=i --dry-run=bad",
    "create role r --verb=get,list,get --resource=pods,pods/status,rs.apps,deploy --resource-name=a "
    "--resource-name=a -n x --dry-run=client -o json",
    "create role r --verb=get --resource=pods --dry-run=client -o yaml",
    "create role r --verb=get --resource=pods --dry-run=client",
    "create role r --verb=frob,bind --resource=pods --dry-run=client",
    "create role r --verb=bind --resource=roles.rbac.authorization.k8s.io --save-config --dry-run=client -o yaml",
    "create role r --verb=get --resource=/status --dry-run=client",
    "create role r --dry-run=client",
    "create role r --verb=get --dry-run=client",
    "create clusterrole c --verb=get --non-resource-url=/logs/* --non-resource-url=/x --resource=nodes "
    "--dry-run=client -o json",
    "create clusterrole c --verb=get,post --non-resource-url=/healthz --dry-run=client -o yaml",
    "create clusterrole c --aggregation-rule=a=b,c=d --dry-run=client -o yaml",
    "create clusterrole c --aggregation-rule=a=b --save-config --dry-run=client -o json",
    "create clusterrole c --aggregation-rule=a=b --verb=get --dry-run=client",
    "create clusterrole c --verb=list --non-resource-url=/x --dry-run=client",
    "create clusterrole c --verb=get --non-resource-url=x --dry-run=client",
    "create clusterrole c --verb=get --non-resource-url=/a*b --dry-run=client",
    "create clusterrole c --verb=get --dry-run=client",
    "create clusterrole c --aggregation-rule=ab --dry-run=client",
    "create rolebinding rb --role=r --user=u --group=g --serviceaccount=ns:sa --user=u2 --dry-run=client -o json",
    "create rolebinding rb --clusterrole=view --user=u -n dev --dry-run=client -o yaml",
    "create rolebinding rb --role=a --dry-run=client",
    "create rolebinding rb --dry-run=client -o yaml",
    "create rolebinding rb --role=a --clusterrole=b --dry-run=client",
    "create rolebinding rb --role=a --serviceaccount=x --dry-run=client",
    "create clusterrolebinding crb --clusterrole=c --serviceaccount=a:b --group=g --dry-run=client -o yaml",
    "create clusterrolebinding crb --clusterrole=c --serviceaccount=a: --dry-run=client",
    "create clusterrolebinding crb --dry-run=client",
    "create serviceaccount s --dry-run=client -o yaml",
    "create sa s -n t --dry-run=client -o json",
    "create sa s --save-config --dry-run=client -o json",
    "create sa --dry-run=client",
    "create ingress web --class=nginx --rule=foo.com/bar*=svc:8080,tls=my-cert "
    "--annotation=nginx.ingress.kubernetes.io/rewrite-target=/ --dry-run=client -o json",
    "create ingress simple --rule=foo.com/bar=svc1:8080,tls=my-cert --dry-run=client -o yaml",
    "create ingress catch-all --class=otheringress --rule=/path=svc:port --dry-run=client -o json",
    "create ingress multipath --class=default --rule=foo.com/=svc:port --rule=foo.com/admin/=svcadmin:portadmin "
    "--dry-run=client -o yaml",
    "create ingress ingtls --class=default --rule=foo.com/=svc:https,tls --rule=foo.com/path/subpath*=othersvc:8080 "
    "--dry-run=client -o json",
    "create ingress ingdefault --class=default --default-backend=defaultsvc:http --rule=foo.com/*=svc:8080,tls=secret1 "
    "--rule=bar.com/*=svc:8080,tls=secret1 --rule=baz.com/x=s:0,tls --dry-run=client -o json",
    "create ing x --rule=/=s:1 --annotation=b=2 --annotation=a=1 --annotation=c= --save-config --dry-run=client -o yaml",
    "create ingress x --default-backend=a:-5 -n z --dry-run=client -o json",
    "create ingress x --rule=*.foo.com/a=s:1,tls=x --rule=/b=t:2,tls --dry-run=client -o json",
    "create ingress x --rule=/=s:1 --dry-run=client",
    "create ingress x --dry-run=client",
    "create ingress x --rule=foo --dry-run=client",
    "create ingress x --rule=/=s:1 --annotation=a --dry-run=client",
    "create ingress x --default-backend=a --dry-run=client",
    "create quota q --hard=cpu=1500m,memory=1Gi,pods=2,requests.storage=1e3,x=0.5 --scopes=BestEffort,NotTerminating "
    "--dry-run=client -o json",
    "create quota q --hard=pods=1 --save-config -n a --dry-run=client -o yaml",
    "create resourcequota q --dry-run=client -o json",
    "create quota q --hard=pods=1 --dry-run=client",
    "create quota q --hard=cpu --dry-run=client",
    "create quota q --hard=cpu=1=2 --dry-run=client",
    "create quota q --hard=cpu=abc --dry-run=client",
    "create quota q --hard=cpu=1Zi --dry-run=client",
    "create quota q --scopes=a,,b --dry-run=client",
    "create priorityclass p --value=10 --dry-run=client -o json",
    "create pc p --value=10 --global-default --description=hi --preemption-policy=Never --dry-run=client -o yaml",
    "create pc p --value=0 --save-config --dry-run=client -o json",
    "create pc p --value=1 --dry-run=client",
    "create pc p --value=abc",
    "create pc --value=1",
    "create pdb p --selector=app=a --min-available=50% -n x --dry-run=client -o json",
    "create poddisruptionbudget p '--selector=app in (a,b),z,!y,b=c' --max-unavailable=1 --dry-run=client -o json",
    "create pdb p --selector=app=a --min-available=01 --dry-run=client -o yaml",
    "create pdb p --selector=app=a --max-unavailable=1 --dry-run=client",
    "create pdb p --dry-run=client",
    "create pdb p --selector=app=a --dry-run=client",
    "create pdb p --selector=app=a --min-available=1 --max-unavailable=2 --dry-run=client",
    "create pdb p --selector=app=a --min-available=x --dry-run=client",
    "create pdb p --selector=app=a --max-unavailable=-1 --dry-run=client",
    "create pdb p --selector=app=a,tier!=b --min-available=50% --dry-run=client",
    "create pdb p --selector=app=a=b --max-unavailable=1 --dry-run=client",
    "create token",
    "create token a b",
    "create token a --duration=-1s",
    "create token a --duration=1.5s",
    "create token a --duration=abc",
    "create token a --audience=",
    "create token a --bound-object-name=x",
    "create token a --bound-object-uid=x",
    "create token a --bound-object-kind=Foo",
    "create token a --bound-object-kind=Pod",
    "create token a -o foo",
    "create token a --dry-run=client",
    "create role r --dry-run",
    "create role r --verb=get --resource=pods --dry-run",
    "create job j --image=x --dry-run -o name",
    "create service clusterip x --dry-run=bad",
    "create service clusterip x --tcp=80 -o bad",
]
CREATE_FILES = {"e.env": "A=1\n# c\n  B=two words\nC\n", "dir/a.txt": "hello\n", "dir/b": "x"}


def cases():
    """(name, args, files, stdin); `yaml-dumper` cases test the YAML printer, not a command."""
    out = []
    gen = [
        ("create-deployment-yaml", "create deployment nginx --image=nginx --dry-run=client -o yaml"),
        ("create-deployment-json", "create deployment nginx --image=nginx --dry-run=client -o json"),
        ("create-deployment-replicas-port-json", "create deployment nginx --image=nginx --replicas=3 --port=80 --dry-run=client -o json"),
        ("create-deployment-replicas-port-yaml", "create deployment nginx --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml"),
        ("create-deployment-command", "create deployment x --image=busybox --dry-run=client -o yaml -- sleep 3600"),
        ("create-deployment-two-images-ns", "create deployment x --image=busybox --image=nginx:1.2 -n foo --dry-run=client -o json"),
        ("create-deployment-image-name", "create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.39 --dry-run=client -o yaml"),
        ("create-deployment-dry-run", "create deployment nginx --image=nginx --dry-run=client"),
        ("create-deployment-name", "create deployment nginx --image=nginx --dry-run=client -o name"),
        ("create-deploy-alias", "create deploy nginx --image=nginx --dry-run=client -o yaml"),
        ("create-namespace-yaml", "create namespace foo --dry-run=client -o yaml"),
        ("create-namespace-json", "create namespace foo --dry-run=client -o json"),
        ("create-ns-dry-run", "create ns foo --dry-run=client"),
        ("create-namespace-no-name", "create namespace"),
        ("create-ns-alias-no-name", "create ns"),
        ("create-deploy-alias-bad-flag", "create deploy x --imag=nginx"),
        ("get-help", "get --help"),
        ("no-command", []),
        ("root-help", "--help"),
        ("get-help-short", "get -h"),
        ("create-deployment-help", "create deploy --help"),
        ("apply-help", "apply -h"),
        ("delete-help", "delete --help"),
        ("create-deployment-two-names", "create deployment a b --image=x"),
        ("create-deployment-no-image", "create deployment nginx"),
        ("create-deployment-bad-replicas", "create deployment nginx --image=nginx --replicas=abc"),
        ("create-deployment-bad-output", "create deployment nginx --image=nginx -o foo"),
        ("create-deployment-bad-dry-run", "create deployment x --image=a --dry-run=foo"),
        ("create-no-args", "create"),
        ("create-deployment-replicas-hex", "create deployment x --image=a --replicas=0x10 --dry-run=client -o yaml"),
        ("create-deployment-replicas-octal", "create deployment x --image=a --replicas=010 --dry-run=client -o yaml"),
        ("create-deployment-replicas-underscore", "create deployment x --image=a --replicas=1_0 --dry-run=client -o yaml"),
        ("create-deployment-replicas-overflow", "create deployment x --image=a --replicas=99999999999"),
        ("create-deployment-save-config-json", "create deployment x --image=a --save-config --dry-run=client -o json"),
        ("create-deployment-save-config-yaml", "create deployment x --image=a --save-config --dry-run=client -o yaml"),
        ("create-namespace-save-config", "create ns team --save-config --dry-run=client -o yaml"),
        ("create-deployment-dash-no-name", "create deployment --image=a -- sleep 1"),
        ("create-deployment-images-and-command", "create deployment x --image=a --image=b -- sleep 1"),
        ("create-deployment-dry-run-bare", "create deployment x --image=a --dry-run"),
        ("get-show-labels-yaml", "get pods -o yaml --show-labels"),
        ("delete-force-grace", "delete pod x --force --grace-period=5"),
        ("delete-now-grace", "delete pod x --now --grace-period=5"),
        ("delete-bad-output", "delete pod x -o yaml"),
        ("delete-all-selector", "delete pods --all -l a=b"),
        ("create-unexpected-args", "create foo"),
        ("get-unknown-flag", "get pods --foo"),
        ("get-unknown-shorthand", "get pods -x"),
        ("get-missing-namespace-value", "get pods -n"),
        ("get-no-type", "get"),
        ("unknown-command", "foo"),
        ("unknown-command-suggestions", "gett pods"),
        ("delete-no-args", "delete"),
        ("apply-no-file", "apply"),
        ("create-file-missing", "create -f nonexist.yaml"),
    ]
    gen += [(f"run-{i:02d}", shlex.split(line)) for i, line in enumerate(RUN_CASES)]
    gen += [(f"api-resources-{i:02d}", ["api-resources", "--cached"] + line.split()) for i, line in enumerate([
        "", "-o wide", "--namespaced=false", "--namespaced=true -o name", "--api-group=apps", "--api-group=",
        "--sort-by=kind", "--sort-by=name -o wide", "--categories=all", "--verbs=list,get --no-headers",
        "--verbs=create", "-o yaml", "--sort-by=age", "foo", "--api-group=metrics.k8s.io"])]
    out += [(name, args, {}, None) for name, args in gen]
    files = {"pod.yaml": POD, "deploy.yaml": DEPLOYMENT, "cm.yaml": CM}
    out += [(f"expose-{i:02d}", shlex.split(line), files, None) for i, line in enumerate(EXPOSE_CASES)]
    out += [(f"create-config-{i:02d}", shlex.split(line), CREATE_FILES, None) for i, line in enumerate(CREATE_CASES)]
    out += [(f"create-more-{i:03d}", shlex.split(line), {}, None) for i, line in enumerate(CREATE_MORE_CASES)]
    out += [(f"patch-{i:02d}", shlex.split(line), files, None) for i, line in enumerate(PATCH_CASES)]
    out += [(f"replace-{i:02d}", shlex.split(line), files, None) for i, line in enumerate(REPLACE_CASES)]
    out += [(f"wait-{i:02d}", shlex.split(line), files, None) for i, line in enumerate(WAIT_CASES)]
    out += [(f"diff-{i:02d}", shlex.split(line), files, None) for i, line in enumerate(DIFF_CASES)]
    for name, text in BAD_YAML.items():
        out.append((f"create-bad-{name}", f"create -f {name}.yaml --dry-run=client", {f"{name}.yaml": text}, None))
    for name, text in BAD_JSON.items():
        out.append((f"create-bad-json-{name}", "create -f bad.json --dry-run=client", {"bad.json": text}, None))
    out.append(("create-bad-alias-bomb", "create -f bomb.yaml --dry-run=client", {"bomb.yaml": bomb()}, None))
    out.append(("apply-bad-tab", "apply -f tab.yaml", {"tab.yaml": BAD_YAML["tab"]}, None))
    out.append(("create-bad-stdin", "create -f - --dry-run=client", {}, BAD_YAML["indent"]))
    out.append(("create-json-no-apiversion", "create -f cm.json", {"cm.json": '{"kind":"ConfigMap"}\n'}, None))
    out.append(("create-json-truncated", "create -f cm.json", {"cm.json": '{"kind":"ConfigMap", \n'}, None))
    out.append(("create-empty-dir", "create -f emptydir", {"emptydir/readme.txt": "not a manifest\n"}, None))
    literals = ["a=yes", "b=1", "c=true", "d=null", "e=", "f=0755", "g=l1\nl2", "i=on", "j=1.5", "k=1e3",
                "l=a: b", "m=- x", "n=~", "o=2024-01-01", "p= lead", "q=trail ", "r=#x", "s=a #b", "t=@x",
                "u=0x1F", "v=.inf", "w=y", "x=N", "y=a\tb", "z=*x", "ts=2025-01-01T00:00:00Z", "base60=1:20",
                "colon=a:b", "q1=it's", "q2=say \"hi\"", "uni=héllo", "brace={a}", "dash=-", "dashes=---",
                "long=" + "word " * 40, "longword=" + "x" * 100, "longsp=" + "ab " * 30 + "end",
                "nl2=l1\n\nl3\n", "tab2=a\tb c", "cr=a\rb", "lead=\nx", "empty2= ", "pct=%x", "amp=&x", "bang=!x"]
    args = ["create", "configmap", "x"] + [f"--from-literal={lit}" for lit in literals] + ["--dry-run=client"]
    out.append(("yaml-dumper-literals-json", args + ["-o", "json"], {}, None))
    out.append(("yaml-dumper-literals-yaml", args + ["-o", "yaml"], {}, None))
    files = {"h.txt": "l1\nl2\n", "i.txt": "l1\n  l2\n", "j.txt": "  l1\nl2\n", "k.txt": "l1 \nl2",
             "l.txt": "l1\n\n", "m.txt": "a: b\nc\n", "n.txt": "# comment\nkey: value\n\n\nlast\n",
             "o.txt": ("long line " * 12).strip() + "\nshort\n"}
    fargs = ["create", "configmap", "y"] + [f"--from-file={k[0]}={k}" for k in files] + ["--dry-run=client"]
    out.append(("yaml-dumper-files-json", fargs + ["-o", "json"], files, None))
    out.append(("yaml-dumper-files-yaml", fargs + ["-o", "yaml"], files, None))
    generators = {
        "cronjob": "create cronjob tick --image=busybox --schedule=*/1_*_*_*_* --dry-run=client -- sh -c date",
        "job": "create job once --image=perl:5.34 --dry-run=client -- perl -Mbignum=bpi -wle print(bpi(2000))",
        "secret": "create secret generic creds --from-literal=user=admin --from-literal=pass=s3cr3t! --dry-run=client",
        "service": "create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client",
        "ingress": "create ingress web --class=nginx --rule=foo.com/bar*=svc:8080,tls=my-cert "
                   "--annotation=nginx.ingress.kubernetes.io/rewrite-target=/ --dry-run=client",
        "quota": "create quota q --hard=cpu=1,memory=1G,pods=2 --dry-run=client",
    }
    for name, text in generators.items():
        args = [a.replace("_", " ") if a.startswith("--schedule") else a for a in text.split()]
        dash = args.index("--") if "--" in args else len(args)
        for fmt in ("json", "yaml"):
            out.append((f"yaml-dumper-{name}-{fmt}", args[:dash] + ["-o", fmt] + args[dash:], {}, None))
    return out


def case_modules():
    """More cases in scripts/golden_cases/<topic>.py: CASES [(name, args, files, stdin)] and HELP [command]."""
    import importlib.util
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_cases")
    for path in sorted(glob.glob(os.path.join(folder, "*.py"))):
        spec = importlib.util.spec_from_file_location(f"golden_cases.{os.path.basename(path)[:-3]}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


def run_real(args, files, stdin):
    workdir = tempfile.mkdtemp()
    try:
        for name, text in files.items():
            path = os.path.join(workdir, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        # discovery answered from a cache of the engine's registry: generators such as run work offline
        cache = write_cache(os.path.join(workdir, ".cache"))
        args = args.split() if isinstance(args, str) else list(args)
        dash = args.index("--") if "--" in args else len(args)  # (a flag before a plugin name is refused)
        argv = ["kubectl"] + args[:dash] + [f"--cache-dir={cache}"] + args[dash:]
        env = dict(os.environ, KUBECONFIG=os.path.join(workdir, "no-kubeconfig"))
        proc = subprocess.run(argv, cwd=workdir, input=stdin or "", capture_output=True, text=True, env=env)
        return proc.stdout, proc.stderr, proc.returncode
    finally:
        shutil.rmtree(workdir)


HELP = os.path.join(os.path.dirname(GOLDEN), "..", "engine", "kubectl", "help")
HELP_COMMANDS = ["config", "config view", "config get-contexts", "config current-context", "config use-context",
                 "config set-context", "config get-clusters", "config get-users", "config delete-context",
                 "config rename-context", "auth", "auth can-i", "auth whoami", "explain",
                 "create service", "create service clusterip", "create service nodeport",
                 "create service loadbalancer", "create service externalname", "create job", "create cronjob",
                 "create role", "create clusterrole", "create rolebinding", "create clusterrolebinding",
                 "create serviceaccount", "create ingress", "create quota", "create priorityclass",
                 "create poddisruptionbudget", "create token", "create configmap", "create secret", "create secret generic", "create secret tls",
                 "create secret docker-registry", "api-resources", "api-versions", "version", "cluster-info", "expose", "run", "logs", "exec", "describe", "get", "create", "create deployment", "create namespace", "apply", "delete", "scale", "label", "annotate",
                 "rollout", "rollout status", "rollout history", "rollout undo", "rollout pause", "rollout resume",
                 "rollout restart", "set", "set image", "set env", "set resources", "set selector", "set serviceaccount", "patch", "replace", "wait", "diff"]


def record_help(only=""):
    """`kubectl <cmd> --help` texts, which the simulated kubectl prints for --help/-h."""
    os.makedirs(HELP, exist_ok=True)
    for command in HELP_COMMANDS + [c for m in case_modules() for c in getattr(m, "HELP", [])]:
        if not command.replace(" ", "-").startswith(only):
            continue
        stdout, _, _ = run_real(command.split() + ["--help"], {}, None)
        with open(os.path.join(HELP, command.replace(" ", "-") + ".txt"), "w") as f:
            f.write(stdout)
    if not only:
        stdout, _, _ = run_real(["--help"], {}, None)
        with open(os.path.join(HELP, "kubectl.txt"), "w") as f:
            f.write(stdout)


def main():
    check = "--check" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    os.makedirs(GOLDEN, exist_ok=True)
    if not check:
        record_help(only)
    for name, args, files, stdin in cases() + [c for m in case_modules() for c in getattr(m, "CASES", [])]:
        if not name.startswith(only):
            continue
        stdout, stderr, code = run_real(args, files, stdin)
        if "localhost:8080" in stdout + stderr:
            print(f"skipped {name}: needs a server", file=sys.stderr)
            continue
        record = {"args": args, "files": files, "stdin": stdin, "stdout": stdout,
                  "stderr": KLOG.sub(r"\1MMDD HH:MM:SS.UUUUUU PID ", stderr), "exit_code": code}
        path = os.path.join(GOLDEN, name + ".json")
        if check:
            if not os.path.exists(path):
                print(f"new: {name}")
                continue
            with open(path) as f:
                if json.load(f) != record:
                    print(f"changed: {name}")
            continue
        with open(path, "w") as f:
            json.dump(record, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print(f"golden files in {GOLDEN}")


if __name__ == "__main__":
    main()
