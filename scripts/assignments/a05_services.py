"""Assignment 05-services: ClusterIP, NodePort and headless Services, a selector that matches nothing, the
notes' NodePort example and a prediction of endpoints. Built into solutions/05-services/ by
scripts/build_assignments.py."""

NAME = "05-services"
TITLE = "Assignment 5: Services"

NOTES_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
    name: nginx
spec:
    type: NodePort
    selector:
    app: nginx
    ports:
    - port: 80
    targetPort: 80
    nodePort: 30080
"""


def _yaml(text):
    """A manifest shown inside an exercise text (indented like the text, which is dedented)."""
    return text.rstrip().replace("\n", "\n" + " " * 12)


NGINX_PAGE = "Welcome to nginx!"

EXERCISES = [
    dict(
        name="clusterip-web",
        title="a ClusterIP Service for a Deployment",
        points=4,
        text="""
            The cluster runs the Deployment `web` (2 nginx pods labelled `app=web`, serving on port 80) and a
            Pod `client`. Write a manifest for a Service `web` of type ClusterIP on port **80** that sends
            traffic to the Deployment's pods, so that `wget -qO- http://web` works from `client`.

            ```python
            from engine import Cluster
            from autograder.fixtures import WEB_DEPLOYMENT, CLIENT_POD
            web = Cluster(workers=1)
            web.apply(WEB_DEPLOYMENT); web.apply(CLIENT_POD); web.advance(30)
            ```

            Points: 1 for the Service's type and port, 2 for its endpoints, 1 for reaching nginx through it.
            """,
        solution="""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: web
              ports:
              - port: 80
                targetPort: 80
            """,
        setup="""
            from autograder.fixtures import WEB_DEPLOYMENT, CLIENT_POD
            FIXTURE = {"workers": 1, "manifests": [WEB_DEPLOYMENT, CLIENT_POD], "advance": 30}
            """,
        visible="""
            # visible check: the Service applies
            check(answer("clusterip-web"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden=f"""
            {{"kind": "manifest", "fixture": FIXTURE, "settle": 10, "checks": [
                {{"check": "service_type", "points": 1, "args": {{"name": "web", "type": "ClusterIP", "port": 80}}}},
                {{"check": "service_backends", "points": 2, "args": {{"name": "web", "selector": {{"app": "web"}}, "count": 2}}}},
                {{"check": "http_reachable", "points": 1, "args": {{"pod": "client", "url": "http://web",
                                                                  "contains": "{NGINX_PAGE}"}}}},
            ]}}
            """,
    ),
    dict(
        name="nodeport-web",
        title="a NodePort Service on port 30080",
        points=4,
        text="""
            On the same cluster (the Deployment `web` and the Pod `client`), write the kubectl commands that
            make the Deployment's pods reachable on **port 30080 of every node** through a NodePort Service
            named `web` (its cluster port 80). No manifest: use kubectl's own verbs.
            Points: 2 for the Service's type and node port, 2 for reaching nginx at every node's address.
            """,
        solution="""
            kubectl create service nodeport web --tcp=80:80 --node-port=30080
            """,
        setup="""
            from autograder.fixtures import WEB_DEPLOYMENT, CLIENT_POD
            FIXTURE = {"workers": 1, "manifests": [WEB_DEPLOYMENT, CLIENT_POD], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors
            check(answer("nodeport-web"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden=f"""
            {{"kind": "commands", "fixture": FIXTURE, "settle": 10, "checks": [
                {{"check": "service_type", "points": 2, "args": {{"name": "web", "type": "NodePort", "port": 80,
                                                               "node_port": 30080}}}},
                {{"check": "http_reachable", "points": 2, "args": {{"pod": "client", "url": "http://{{node}}:30080",
                                                                  "contains": "{NGINX_PAGE}"}}}},
            ]}}
            """,
    ),
    dict(
        name="selector-trouble",
        title="troubleshoot a Service that reaches nothing",
        points=4,
        text="""
            The Deployment `frontend` runs two nginx pods, but `wget http://web` from the Pod `client` gets
            nothing through the Service `web`. Find out why (`%kubectl get endpoints web`,
            `%kubectl describe service web`, `%kubectl get pods --show-labels`):

            ```python
            from engine import Cluster
            from autograder.fixtures import SELECTOR_TROUBLE, CLIENT_POD
            shop = Cluster(workers=1)
            shop.apply(SELECTOR_TROUBLE); shop.apply(CLIENT_POD); shop.advance(30)
            ```

            Write the kubectl commands that fix it **without changing the Deployment** (nor deleting the
            Service). Points: 3 for a Service whose endpoints are the Deployment's pods, 1 for reaching nginx.
            """,
        solution="""
            kubectl set selector service web app=nginx
            """,
        setup="""
            from autograder.fixtures import SELECTOR_TROUBLE, CLIENT_POD
            FIXTURE = {"workers": 1, "manifests": [SELECTOR_TROUBLE, CLIENT_POD], "advance": 30}
            """,
        visible="""
            # visible check: your commands run without errors against the broken cluster
            check(answer("selector-trouble"), {"kind": "commands", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden=f"""
            {{"kind": "commands", "fixture": FIXTURE, "settle": 10, "checks": [
                {{"check": "service_backends", "points": 3, "args": {{"name": "web", "selector": {{"app": "nginx"}},
                                                                   "count": 2}}}},
                {{"check": "http_reachable", "points": 1, "args": {{"pod": "client", "url": "http://web",
                                                                  "contains": "{NGINX_PAGE}"}}}},
            ]}}
            """,
    ),
    dict(
        name="headless-db",
        title="a headless Service for a StatefulSet",
        points=5,
        text="""
            The StatefulSet `db` (3 redis pods labelled `app=db`, port 6379) names `serviceName: db`, but
            that Service does not exist yet, so its pods have no DNS names of their own.

            ```python
            from engine import Cluster
            from autograder.fixtures import DB_STATEFULSET, CLIENT_POD
            db = Cluster(workers=1)
            db.apply(DB_STATEFULSET); db.apply(CLIENT_POD); db.advance(30)
            ```

            Write the manifest of the **headless** Service `db` (port 6379) so that from `client`,
            `nslookup db-0.db.default.svc.cluster.local` answers the IP of the pod `db-0`.
            Points: 2 for a headless Service, 1 for its endpoints, 2 for the pods' DNS names.
            """,
        solution="""
            apiVersion: v1
            kind: Service
            metadata:
              name: db
            spec:
              clusterIP: None
              selector:
                app: db
              ports:
              - port: 6379
            """,
        setup="""
            from autograder.fixtures import DB_STATEFULSET, CLIENT_POD
            FIXTURE = {"workers": 1, "manifests": [DB_STATEFULSET, CLIENT_POD], "advance": 30}
            """,
        visible="""
            # visible check: the Service applies
            check(answer("headless-db"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden="""
            {"kind": "manifest", "fixture": FIXTURE, "settle": 10, "checks": [
                {"check": "service_type", "points": 2, "args": {"name": "db", "headless": True, "port": 6379}},
                {"check": "service_backends", "points": 1, "args": {"name": "db", "selector": {"app": "db"}, "count": 3}},
                {"check": "dns_resolves", "points": 1, "args": {"pod": "client", "to_pod": "db-0",
                                                                "hostname": "db-0.db.default.svc.cluster.local"}},
                {"check": "dns_resolves", "points": 1, "args": {"pod": "client", "to_pod": "db-2",
                                                                "hostname": "db-2.db.default.svc.cluster.local"}},
            ]}
            """,
    ),
    dict(
        name="notes-nodeport",
        title="fix the NodePort Service of the notes",
        points=4,
        text=f"""
            The study notes give this NodePort Service for the Deployment `nginx` (3 pods labelled
            `app=nginx`, port 80). It does not work as written: `app` and `targetPort` / `nodePort` are not
            nested under `selector` and the port they belong to.

            ```yaml
            {_yaml(NOTES_SERVICE)}
            ```

            Fix it so that the Service `nginx` sends traffic to the Deployment's pods and is reachable on
            port 30080 of every node. Points: 1 for the type and node port, 2 for its endpoints, 1 for reaching nginx.

            ```python
            from engine import Cluster
            from autograder.fixtures import NGINX_DEPLOYMENT, CLIENT_POD
            notes = Cluster(workers=1)
            notes.apply(NGINX_DEPLOYMENT); notes.apply(CLIENT_POD); notes.advance(30)
            ```
            """,
        solution="""
            apiVersion: v1
            kind: Service
            metadata:
              name: nginx
            spec:
              type: NodePort
              selector:
                app: nginx
              ports:
              - port: 80
                targetPort: 80
                nodePort: 30080
            """,
        setup="""
            from autograder.fixtures import NGINX_DEPLOYMENT, CLIENT_POD
            FIXTURE = {"workers": 1, "manifests": [NGINX_DEPLOYMENT, CLIENT_POD], "advance": 30}
            """,
        visible="""
            # visible check: the fixed Service applies
            check(answer("notes-nodeport"), {"kind": "manifest", "fixture": FIXTURE, "settle": 0, "checks": []})
            """,
        hidden=f"""
            {{"kind": "manifest", "fixture": FIXTURE, "settle": 10, "checks": [
                {{"check": "service_type", "points": 1, "args": {{"name": "nginx", "type": "NodePort", "node_port": 30080}}}},
                {{"check": "service_backends", "points": 2, "args": {{"name": "nginx", "selector": {{"app": "nginx"}},
                                                                   "count": 3}}}},
                {{"check": "http_reachable", "points": 1, "args": {{"pod": "client", "url": "http://{{node}}:30080",
                                                                  "contains": "{NGINX_PAGE}"}}}},
            ]}}
            """,
    ),
    dict(
        name="predict-endpoints",
        title="predict a Service's endpoints",
        points=3,
        text="""
            Three pods `api-1`, `api-2` and `api-3` are labelled `app=api` and run nginx (port 80); the
            Service `api` selects `app=api`. Each pod has a readiness probe, but `api-2`'s asks port 8080,
            where nothing listens:

            ```python
            from autograder.fixtures import API_PODS
            print(API_PODS)
            ```

            A minute after they are created, which pods does the Service `api` send traffic to? Answer with
            their names, separated by blanks (think first, then check with `kubectl get endpoints api`
            and `kubectl get pods -o wide` on a cluster of your own).
            """,
        solution="""
            api-1 api-3
            """,
        setup="""
            from autograder.fixtures import API_PODS
            """,
        visible="""
            # visible check: the answer names pods of the api app
            from autograder import value
            assert all(name.startswith("api-") for name in value("predict-endpoints").replace(",", " ").split()), \\
                "answer with pod names such as api-1"
            """,
        hidden="""
            {"kind": "value", "fixture": {"workers": 1, "manifests": [API_PODS]}, "settle": 60, "checks": [
                {"check": "endpoints_predicted", "points": 3, "args": {"service": "api"}},
            ]}
            """,
    ),
]


WRONG = {  # answers that earn partial or no credit, and their points (tests/test_assignments.py grades them through nbgrader)
    "headless-db": ("apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  selector: {app: db}\n"
                    "  ports: [{port: 6379}]\n", 3),
    "predict-endpoints": ("api-1 api-2 api-3", 0),
}
