"""CustomResourceDefinitions served as apiextensions-apiserver v1.32 serves them: the CRD's validation and
status, its resources in discovery, kubectl get/explain/api-resources, custom objects' schema validation,
pruning, defaulting, patches, status and scale subresources, printer columns, versions and deletion."""
import copy

import yaml

from engine import Cluster

# the docs' example (kubernetes.io, "Extend the Kubernetes API with CustomResourceDefinitions")
CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                image:
                  type: string
                replicas:
                  type: integer
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
"""
CRONTAB = """\
apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
"""


def _cluster(crd=CRD):
    c = Cluster(workers=0, wait=False)
    assert c.kubectl("apply -f -", stdin=crd).stdout == \
        "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n"
    return c


def _crd(**changes):
    doc = yaml.safe_load(CRD)
    for path, value in changes.items():
        target = doc
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is None:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return yaml.safe_dump(doc)


def test_a_crd_gets_its_defaults_names_accepted_and_established():
    c = _cluster()
    out = c.kubectl("get crd crontabs.stable.example.com -o yaml").stdout
    spec_and_status = out[out.index("spec:"):]
    assert spec_and_status == """\
spec:
  conversion:
    strategy: None
  group: stable.example.com
  names:
    kind: CronTab
    listKind: CronTabList
    plural: crontabs
    shortNames:
    - ct
    singular: crontab
  scope: Namespaced
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        properties:
          spec:
            properties:
              cronSpec:
                type: string
              image:
                type: string
              replicas:
                type: integer
            type: object
        type: object
    served: true
    storage: true
status:
  acceptedNames:
    kind: CronTab
    listKind: CronTabList
    plural: crontabs
    shortNames:
    - ct
    singular: crontab
  conditions:
  - lastTransitionTime: "2025-01-01T00:00:00Z"
    message: no conflicts found
    reason: NoConflicts
    status: "True"
    type: NamesAccepted
  - lastTransitionTime: "2025-01-01T00:00:00Z"
    message: the initial names have been accepted
    reason: InitialNamesAccepted
    status: "True"
    type: Established
  storedVersions:
  - v1
"""
    assert c.kubectl("get crd").stdout == (
        "NAME                          CREATED AT\n"
        "crontabs.stable.example.com   2025-01-01T00:00:00Z\n")


def test_custom_objects_are_served_under_every_name_of_the_resource():
    c = Cluster(workers=0, wait=False)
    assert c.kubectl("apply -f -", stdin=CRONTAB).stderr == (
        'error: resource mapping not found for name: "my-new-cron-object" namespace: "" from "STDIN": '
        'no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first\n')
    c.kubectl("apply -f -", stdin=CRD)
    assert c.kubectl("apply -f -", stdin=CRONTAB).stdout == "crontab.stable.example.com/my-new-cron-object created\n"
    c.advance(90)
    table = "NAME                 AGE\nmy-new-cron-object   90s\n"
    for name in ("crontabs", "crontab", "ct", "crontab.stable.example.com", "crontabs.v1.stable.example.com"):
        assert c.kubectl(f"get {name}").stdout == table
    assert c.kubectl("get ct/my-new-cron-object -o yaml").stdout.endswith("""\
  name: my-new-cron-object
  namespace: default
  resourceVersion: "%s"
  uid: %s
spec:
  cronSpec: '* * * * */5'
  image: my-awesome-cron-image
""" % tuple(c.kubectl("get ct my-new-cron-object -o jsonpath={.metadata.resourceVersion}/{.metadata.uid}").stdout.split("/")))
    key = "/registry/stable.example.com/crontabs/default/my-new-cron-object"
    assert c.api.store.get(key) is not None
    assert c.kubectl("get ct -A").stdout.startswith("NAMESPACE   NAME                 AGE\ndefault     my-new-cron-object")
    assert c.kubectl("delete ct my-new-cron-object").stdout == \
        'crontab.stable.example.com "my-new-cron-object" deleted\n'
    assert c.api.store.get(key) is None


def test_discovery_api_resources_and_explain():
    c = _cluster()
    assert c.kubectl("api-resources --api-group=stable.example.com -o wide").stdout == (
        "NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND      VERBS"
        "                                                        CATEGORIES\n"
        "crontabs   ct           stable.example.com/v1   true         CronTab   "
        "delete,deletecollection,get,list,patch,create,update,watch   \n")
    assert "stable.example.com/v1\nstorage.k8s.io/v1\n" in c.kubectl("api-versions").stdout
    listing = c.kubectl("get --raw /apis/stable.example.com/v1").stdout
    assert '"name":"crontabs","singularName":"crontab","namespaced":true,"kind":"CronTab"' in listing
    assert c.kubectl("explain crontab.spec").stdout == """\
GROUP:      stable.example.com
KIND:       CronTab
VERSION:    v1

FIELD: spec <Object>


DESCRIPTION:
    <empty>
FIELDS:
  cronSpec\t<string>
    <no description>

  image\t<string>
    <no description>

  replicas\t<integer>
    <no description>


"""


def test_crd_validation_errors_are_worded_as_apiextensions_words_them():
    c = Cluster(workers=0, wait=False)
    prefix = 'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: '
    cases = {
        _crd(metadata__name="crontab.stable.example.com"):
            'The CustomResourceDefinition "crontab.stable.example.com" is invalid: metadata.name: Invalid value: '
            '"crontab.stable.example.com": must be spec.names.plural+"."+spec.group\n',
        _crd(spec__versions__0__schema=None): prefix + "spec.versions[0].schema.openAPIV3Schema: Required value\n",
        _crd(spec__scope="Global"):
            prefix + 'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"\n',
        _crd(spec__scope=None): prefix + "spec.scope: Required value\n",
        _crd(spec__versions__0__schema__openAPIV3Schema__properties__spec__type=None):
            prefix + "spec.validation.openAPIV3Schema.properties[spec].type: Required value: "
                     "must not be empty for specified object fields\n",
        _crd(spec__versions__0__storage=False): prefix + (
            "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{"
            'apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:false, Deprecated:false, '
            "DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(0xc000a10000), "
            "Subresources:(*apiextensions.CustomResourceSubresources)(nil), "
            "AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), "
            "SelectableFields:[]apiextensions.SelectableField(nil)}}: "
            "must have exactly one version marked as storage version\n"),
        _crd(spec__preserveUnknownFields=True):
            prefix + "spec.preserveUnknownFields: Invalid value: true: cannot set to true, set "
                     "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead\n",
        _crd(spec__names__kind="Cron_Tab", spec__names__listKind="CronTabList"):
            prefix + 'spec.names.kind: Invalid value: "Cron_Tab": may have mixed case, but should otherwise match: '
                     "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                     "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                     "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n",
    }
    for manifest, error in cases.items():
        assert c.kubectl("apply -f -", stdin=manifest).stderr == error
    assert c.kubectl("get crd").stderr == "No resources found\n"  # (an empty Table of a cluster-scoped kind)


def test_a_second_storage_version_is_refused():
    doc = yaml.safe_load(CRD)
    doc["spec"]["versions"].append(dict(copy.deepcopy(doc["spec"]["versions"][0]), name="v2"))
    c = Cluster(workers=0, wait=False)
    err = c.kubectl("apply -f -", stdin=yaml.safe_dump(doc)).stderr
    assert err.startswith('The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.versions: '
                          "Invalid value: []apiextensions.CustomResourceDefinitionVersion{")
    assert err.endswith("}: must have exactly one version marked as storage version\n")


VALIDATED = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas,
              labelSelectorPath: .status.labelSelector}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [cronSpec]
            properties:
              cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
              image: {type: string, maxLength: 30}
              replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
              mode: {type: string, enum: [fast, slow]}
              port: {x-kubernetes-int-or-string: true}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
              tags: {type: array, items: {type: string}}
          status:
            type: object
            properties:
              replicas: {type: integer}
              labelSelector: {type: string}
    additionalPrinterColumns:
    - {name: Spec, type: string, description: The cron spec defining the interval a CronJob is run, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, description: The number of jobs launched by the CronJob, jsonPath: .spec.replicas}
    - {name: Image, type: string, priority: 1, jsonPath: .spec.image}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
"""


def test_custom_objects_are_validated_against_the_schema():
    c = _cluster(VALIDATED)
    c.kubectl("apply -f -", stdin=CRONTAB)
    patch = "patch ct my-new-cron-object --type merge -p "
    invalid = 'The CronTab "my-new-cron-object" is invalid: '
    assert c.kubectl(patch + """'{"spec":{"replicas":"string"}}'""").stderr == (
        invalid + 'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n')
    assert c.kubectl(patch + """'{"spec":{"replicas":30,"image":"%s","mode":"x","cronSpec":"bad"}}'""" % ("a" * 31)
                     ).stderr == invalid + (
        "\n* spec.cronSpec: Invalid value: \"bad\": spec.cronSpec in body should match "
        "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'\n"
        "* spec.image: Too long: may not be more than 30 bytes\n"
        '* spec.mode: Unsupported value: "x": supported values: "fast", "slow"\n'
        "* spec.replicas: Invalid value: 30: spec.replicas in body should be less than or equal to 10\n")
    assert c.kubectl(patch + """'{"spec":{"replicas":0,"tags":["a",1]}}'""").stderr == invalid + (
        "\n* spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1\n"
        '* spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"\n')
    assert c.kubectl("patch ct my-new-cron-object --type json -p "
                     """'[{"op":"remove","path":"/spec/cronSpec"}]'""").stderr == \
        invalid + "spec.cronSpec: Required value\n"
    assert c.kubectl(patch + """'{"spec":{"port":"http","extra":{"any":{"thing":1}}}}'""").stdout == \
        "crontab.stable.example.com/my-new-cron-object patched\n"
    assert c.kubectl(patch + """'{"spec":{"port":true}}'""").stderr == invalid + (
        'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"\n')


def test_unknown_fields_are_a_strict_decoding_error_and_defaults_are_filled_in():
    c = _cluster(VALIDATED)
    manifest = CRONTAB + "  foo: 1\nbar: 2\n"
    assert c.kubectl("apply -f -", stdin=manifest).stderr == (
        'Error from server (BadRequest): error when creating "STDIN": CronTab in version "v1" cannot be handled as '
        'a CronTab: strict decoding error: unknown field "bar", unknown field "spec.foo"\n')
    c.kubectl("apply -f -", stdin=CRONTAB)
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.spec}").stdout == \
        '{"cronSpec":"* * * * */5","image":"my-awesome-cron-image","replicas":1}'
    assert c.kubectl("patch ct my-new-cron-object --type merge -p '{\"spec\":{\"replicas\":null}}'").stdout == \
        "crontab.stable.example.com/my-new-cron-object patched (no change)\n"


def test_strategic_merge_patch_is_refused_and_merge_and_json_patches_work():
    c = _cluster()
    c.kubectl("apply -f -", stdin=CRONTAB)
    assert c.kubectl("patch ct my-new-cron-object -p '{\"spec\":{\"replicas\":3}}'").stderr == (
        "error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: "
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n")
    assert c.kubectl("patch ct my-new-cron-object --type merge -p '{\"spec\":{\"replicas\":3}}'").stdout == \
        "crontab.stable.example.com/my-new-cron-object patched\n"
    assert c.kubectl("patch ct my-new-cron-object --type json "
                     "-p '[{\"op\":\"replace\",\"path\":\"/spec/image\",\"value\":\"other\"}]'").stdout == \
        "crontab.stable.example.com/my-new-cron-object patched\n"
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.spec.replicas}/{.spec.image}/{.metadata.generation}"
                     ).stdout == "3/other/3"
    # kubectl apply of a changed manifest sends a JSON merge patch (no strategic merge for custom kinds)
    assert c.kubectl("apply -f -", stdin=CRONTAB.replace("my-awesome", "new")).stdout == \
        "crontab.stable.example.com/my-new-cron-object configured\n"
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.spec.image}").stdout == "new-cron-image"


def test_generation_without_a_status_subresource_counts_every_change():
    c = _cluster(_crd(spec__versions__0__schema__openAPIV3Schema__properties__status={
        "type": "object", "properties": {"state": {"type": "string"}}}))
    c.kubectl("apply -f -", stdin=CRONTAB)
    c.kubectl("patch ct my-new-cron-object --type merge -p '{\"status\":{\"state\":\"ok\"}}'")
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.status.state}/{.metadata.generation}").stdout == "ok/2"
    c.kubectl("label ct my-new-cron-object a=b")
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.metadata.generation}").stdout == "2"


def test_status_and_scale_subresources():
    c = _cluster(VALIDATED)
    c.kubectl("apply -f -", stdin=CRONTAB.replace("  cronSpec", "  replicas: 2\n  cronSpec") + "status:\n  replicas: 9\n")
    get = "get ct my-new-cron-object -o jsonpath={.spec.replicas}/{.status}/{.metadata.generation}"
    assert c.kubectl(get).stdout == "2//1"  # status is dropped on create
    assert c.kubectl("patch ct my-new-cron-object --type merge -p '{\"status\":{\"replicas\":4}}'").stdout == \
        "crontab.stable.example.com/my-new-cron-object patched (no change)\n"
    assert c.kubectl("patch ct my-new-cron-object --subresource status --type merge "
                     "-p '{\"status\":{\"replicas\":2,\"labelSelector\":\"app=cron\"}}'").stdout == \
        "crontab.stable.example.com/my-new-cron-object patched\n"
    assert c.kubectl(get).stdout == '2/{"labelSelector":"app=cron","replicas":2}/1'
    assert c.kubectl("scale ct my-new-cron-object --replicas=5").stdout == \
        "crontab.stable.example.com/my-new-cron-object scaled\n"
    assert c.kubectl(get).stdout == '5/{"labelSelector":"app=cron","replicas":2}/2'
    scale = c.api.get_scale("crontabs.stable.example.com", "my-new-cron-object", "default")
    assert (scale["spec"], scale["status"]) == ({"replicas": 5}, {"replicas": 2, "selector": "app=cron"})
    assert c.kubectl("scale ct my-new-cron-object --replicas=50").stderr == (
        'The CronTab "my-new-cron-object" is invalid: spec.replicas: Invalid value: 50: '
        "spec.replicas in body should be less than or equal to 10\n")


def test_printer_columns_priority_and_types():
    c = _cluster(VALIDATED)
    c.kubectl("apply -f -", stdin=CRONTAB)
    c.advance(60)
    assert c.kubectl("get ct").stdout == (
        "NAME                 SPEC          REPLICAS   AGE\n"
        "my-new-cron-object   * * * * */5   1          60s\n")
    assert c.kubectl("get ct -o wide").stdout == (
        "NAME                 SPEC          REPLICAS   IMAGE                   AGE\n"
        "my-new-cron-object   * * * * */5   1          my-awesome-cron-image   60s\n")
    table = c.api.table("crontabs.stable.example.com", namespace="default")
    assert [(d["name"], d["type"], d["priority"]) for d in table["columnDefinitions"]] == [
        ("Name", "string", 0), ("Spec", "string", 0), ("Replicas", "integer", 0), ("Image", "string", 1),
        ("Age", "date", 0)]
    assert table["columnDefinitions"][3]["description"] == \
        "Custom resource definition column (in JSONPath format): .spec.image"
    assert table["rows"][0]["cells"] == ["my-new-cron-object", "* * * * */5", 1, "my-awesome-cron-image", "60s"]


CLUSTER_SCOPED_TWO_VERSIONS = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Cluster
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, properties: {size: {type: integer}}}}
"""


def test_cluster_scope_and_versions_without_conversion():
    c = Cluster(workers=0, wait=False)
    assert c.kubectl("apply -f -", stdin=CLUSTER_SCOPED_TWO_VERSIONS).stdout == \
        "customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n"
    widget = "apiVersion: example.com/v1beta1\nkind: Widget\nmetadata:\n  name: w1\nsize: 3\n"
    assert c.kubectl("apply -f -", stdin=widget).stdout == "widget.example.com/w1 created\n"
    assert c.api.store.get("/registry/example.com/widgets/w1") is not None
    assert c.kubectl("get widgets -o jsonpath={.items[0].apiVersion}").stdout == "example.com/v1"
    assert c.kubectl("get widgets.v1beta1.example.com w1 -o jsonpath={.apiVersion}/{.size}").stdout == \
        "example.com/v1beta1/3"
    assert c.kubectl("api-resources --api-group=example.com").stdout == (
        "NAME      SHORTNAMES   APIVERSION       NAMESPACED   KIND\n"
        "widgets                example.com/v1   false        Widget\n")
    assert "example.com/v1\nexample.com/v1beta1\n" in c.kubectl("api-versions").stdout


def test_watching_custom_objects():
    c = _cluster()
    seen = []
    c.api.watch("crontabs.stable.example.com", lambda kind, obj: seen.append((kind, obj["spec"].get("image"))))
    c.kubectl("apply -f -", stdin=CRONTAB)
    c.kubectl("patch ct my-new-cron-object --type merge -p '{\"spec\":{\"image\":\"x\"}}'")
    c.kubectl("delete ct my-new-cron-object")
    assert seen == [("ADDED", "my-awesome-cron-image"), ("MODIFIED", "x"), ("DELETED", "x")]


def test_deleting_the_crd_deletes_its_objects_and_stops_serving():
    c = _cluster()
    c.kubectl("apply -f -", stdin=CRONTAB)
    c.kubectl("create ns other")
    c.kubectl("apply -n other -f -", stdin=CRONTAB)
    assert c.kubectl("delete crd crontabs.stable.example.com").stdout == \
        'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n'
    assert c.kubectl("get crd").stderr == "No resources found\n"  # (an empty Table of a cluster-scoped kind)
    assert c.api.store.range("/registry/stable.example.com/", prefix=True) == []
    assert c.kubectl("get ct").stderr == 'error: the server doesn\'t have a resource type "ct"\n'
    assert "stable.example.com" not in c.kubectl("api-versions").stdout
    # served again once re-created, empty
    c.kubectl("apply -f -", stdin=CRD)
    assert c.kubectl("get ct -A").stderr == "No resources found\n"


def test_get_watch_prints_the_printer_columns():
    c = _cluster(VALIDATED)
    c.kubectl("apply -f -", stdin=CRONTAB)
    c.clock.call_later(5, lambda: c.api.patch("crontabs.stable.example.com", "my-new-cron-object",
                                              {"spec": {"replicas": 3}}, "application/merge-patch+json",
                                              namespace="default"))
    assert c.kubectl("get ct -w --request-timeout=10s").stdout == (
        "NAME                 SPEC          REPLICAS   AGE\n"
        "my-new-cron-object   * * * * */5   1          0s\n"
        "my-new-cron-object   * * * * */5   3          5s\n")
    assert c.kubectl("get ct -w -o wide --output-watch-events --request-timeout=1s").stdout == (
        "EVENT      NAME                 SPEC          REPLICAS   IMAGE                   AGE\n"
        "ADDED      my-new-cron-object   * * * * */5   3          my-awesome-cron-image   10s\n")


def test_the_hpa_scales_a_custom_object_through_its_scale_subresource():
    c = _cluster(VALIDATED)
    c.kubectl("apply -f -", stdin=CRONTAB)
    assert c.kubectl("autoscale ct my-new-cron-object --min=3 --max=5 --cpu-percent=50").stdout == \
        "horizontalpodautoscaler.autoscaling/my-new-cron-object autoscaled\n"
    c.advance(20)
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.spec.replicas}").stdout == "3"
    assert "horizontal-pod-autoscaler  New size: 3; reason: Current number of replicas below Spec.MinReplicas\n" in \
        c.kubectl("describe hpa my-new-cron-object").stdout
    assert c.kubectl("get hpa").stdout.startswith(
        "NAME                 REFERENCE                    TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n"
        "my-new-cron-object   CronTab/my-new-cron-object")


def test_deleting_a_namespace_deletes_its_custom_objects():
    c = _cluster()
    c.kubectl("create ns tmp")
    c.kubectl("apply -n tmp -f -", stdin=CRONTAB)
    c.kubectl("delete ns tmp")
    c.advance(10)
    assert c.api.store.range("/registry/stable.example.com/", prefix=True) == []


def test_server_side_apply_tracks_custom_objects_fields():
    c = _cluster()
    assert c.kubectl("apply --server-side -f -", stdin=CRONTAB).stdout == \
        "crontab.stable.example.com/my-new-cron-object serverside-applied\n"
    out = c.kubectl("get ct my-new-cron-object -o yaml --show-managed-fields").stdout
    assert out[out.index("  managedFields:"):out.index("  name:")] == """\
  managedFields:
  - apiVersion: stable.example.com/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:cronSpec: {}
        f:image: {}
    manager: kubectl
    operation: Apply
    time: "2025-01-01T00:00:00Z"
"""
    c.kubectl("patch ct my-new-cron-object --type merge -p '{\"spec\":{\"image\":\"mine\"}}' --field-manager=other")
    assert c.kubectl("apply --server-side -f -", stdin=CRONTAB.replace("my-awesome", "new")).stderr == (
        "error: Apply failed with 1 conflict: conflict with \"other\" using stable.example.com/v1: .spec.image\n"
        "Please review the fields above--they currently have other managers. Here\n"
        "are the ways you can resolve this warning:\n"
        "* If you intend to manage all of these fields, please re-run the apply\n"
        "  command with the `--force-conflicts` flag.\n"
        "* If you do not intend to manage all of the fields, please edit your\n"
        "  manifest to remove references to the fields that should keep their\n"
        "  current managers.\n"
        "* You may co-own fields by updating your manifest to match the existing\n"
        "  value; in this case, you'll become the manager if the other manager(s)\n"
        "  stop managing the field (remove it from their configuration).\n"
        "See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts\n")


def test_unknown_metadata_fields_and_immutable_crd_fields():
    c = _cluster()
    assert c.kubectl("apply -f -", stdin=CRONTAB.replace("  name:", "  nmae: x\n  name:")).stderr == (
        'Error from server (BadRequest): error when creating "STDIN": CronTab in version "v1" cannot be handled as '
        'a CronTab: strict decoding error: unknown field "metadata.nmae"\n')
    assert c.kubectl("apply -f -", stdin=_crd(spec__scope="Cluster")).stderr == (
        'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: spec.scope: Invalid value: '
        '"Cluster": field is immutable\n')


def test_the_garbage_collector_knows_custom_kinds_as_owners():
    c = _cluster()
    c.kubectl("apply -f -", stdin=CRONTAB)
    uid = c.api.get("crontabs.stable.example.com", "my-new-cron-object", "default")["metadata"]["uid"]
    owner = {"apiVersion": "stable.example.com/v1", "kind": "CronTab", "name": "my-new-cron-object", "uid": uid}
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                "metadata": {"name": "owned", "ownerReferences": [owner]}}, "default")
    c.advance(30)  # the collector's discovery sync (every 30 s) has found the new kind
    assert c.kubectl("delete ct my-new-cron-object --cascade=foreground").stdout == \
        'crontab.stable.example.com "my-new-cron-object" deleted\n'
    assert c.kubectl("get cm owned").stderr == 'Error from server (NotFound): configmaps "owned" not found\n'


def test_validate_warn_and_ignore_drop_unknown_fields():
    c = _cluster()
    result = c.kubectl("apply --validate=warn -f -", stdin=CRONTAB + "  foo: 1\n")
    assert (result.stdout, result.stderr) == ("crontab.stable.example.com/my-new-cron-object created\n",
                                              'Warning: unknown field "spec.foo"\n')
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.spec}").stdout == \
        '{"cronSpec":"* * * * */5","image":"my-awesome-cron-image"}'


def test_errors_in_identical_per_version_fields_point_at_the_top_level_field():
    c = Cluster(workers=0, wait=False)
    prefix = 'The CustomResourceDefinition "crontabs.stable.example.com" is invalid: '
    scale = {"scale": {"specReplicasPath": "spec.replicas", "statusReplicasPath": ".spec.replicas"}}
    assert c.kubectl("apply -f -", stdin=_crd(spec__versions__0__subresources=scale)).stderr == prefix + (
        '\n* spec.subresources.scale.specReplicasPath: Invalid value: "spec.replicas": '
        "must be a simple json path starting with .\n"
        '* spec.subresources.scale.statusReplicasPath: Invalid value: ".spec.replicas": '
        "should be a json path under .status\n")
    columns = [{"name": "Spec", "type": "text", "jsonPath": ".spec.cronSpec"}]
    assert c.kubectl("apply -f -", stdin=_crd(spec__versions__0__additionalPrinterColumns=columns)).stderr == prefix + (
        'spec.additionalPrinterColumns[0].type: Invalid value: "text": must be one of boolean,date,integer,number,'
        "string\n")


def test_a_default_added_later_shows_up_when_objects_are_read():
    c = _cluster()
    c.kubectl("apply -f -", stdin=CRONTAB)
    doc = yaml.safe_load(CRD)
    doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["replicas"]["default"] = 2
    assert c.kubectl("apply -f -", stdin=yaml.safe_dump(doc)).stdout == \
        "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com configured\n"
    assert c.kubectl("get ct my-new-cron-object -o jsonpath={.spec.replicas}").stdout == "2"
    assert '"replicas"' not in c.api.store.get("/registry/stable.example.com/crontabs/default/my-new-cron-object").value


def test_names_changed_later_are_accepted_and_conflicts_are_reported():
    c = _cluster()
    c.kubectl("apply -f -", stdin=_crd(spec__names__shortNames=["ct", "cron"]))
    c.kubectl("apply -f -", stdin=CRONTAB)
    assert c.kubectl("get cron -o name").stdout == "crontab.stable.example.com/my-new-cron-object\n"
    other = CRD.replace("crontabs.stable", "crontasks.stable").replace("plural: crontabs", "plural: crontasks") \
        .replace("singular: crontab", "singular: crontask").replace("kind: CronTab", "kind: CronTask")
    c.kubectl("apply -f -", stdin=other)
    conditions = c.api.get("customresourcedefinitions", "crontasks.stable.example.com")["status"]["conditions"]
    assert [(x["type"], x["status"], x["reason"], x["message"]) for x in conditions] == [
        ("NamesAccepted", "False", "ShortNamesConflict", '"ct" is already in use'),
        ("Established", "False", "NotAccepted", "not all names are accepted")]
    assert c.kubectl("get crontasks").stderr == 'error: the server doesn\'t have a resource type "crontasks"\n'


def test_a_crd_and_its_object_in_one_file_need_a_second_apply():
    c = Cluster(workers=0, wait=False)
    first = c.kubectl("apply -f -", stdin=CRD + "---\n" + CRONTAB)
    assert (first.stdout, first.stderr) == (
        "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n",
        'error: resource mapping not found for name: "my-new-cron-object" namespace: "" from "STDIN": '
        'no matches for kind "CronTab" in version "stable.example.com/v1"\nensure CRDs are installed first\n')
    assert c.kubectl("apply -f -", stdin=CRD + "---\n" + CRONTAB).stdout == (
        "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com unchanged\n"
        "crontab.stable.example.com/my-new-cron-object created\n")


def test_a_terminating_crd_refuses_new_objects_and_waits_for_its_objects_finalizers():
    c = _cluster()
    c.kubectl("apply -f -", stdin=CRONTAB.replace("metadata:\n", "metadata:\n  finalizers: [example.com/hold]\n"))
    assert c.kubectl("delete crd crontabs.stable.example.com --wait=false").stdout == \
        'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n'
    crd = c.api.get("customresourcedefinitions", "crontabs.stable.example.com")
    assert crd["metadata"]["finalizers"] == ["customresourcecleanup.apiextensions.k8s.io"]
    assert [(x["type"], x["status"], x["reason"], x["message"]) for x in crd["status"]["conditions"]][2] == \
        ("Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress")
    assert c.kubectl("apply -f -", stdin=CRONTAB.replace("my-new", "other")).stderr == (
        'Error from server (MethodNotAllowed): error when creating "STDIN": '
        "create not allowed while custom resource definition is terminating\n")
    c.kubectl("patch ct my-new-cron-object --type json -p '[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]'")
    c.advance(5)
    assert c.kubectl("get crd").stderr == "No resources found\n"


def test_an_enum_of_numbers_lists_them_quoted():
    c = _cluster(_crd(spec__versions__0__schema__openAPIV3Schema__properties__spec__properties__replicas={
        "type": "integer", "enum": [1, 3]}))
    assert c.kubectl("apply -f -", stdin=CRONTAB.replace("  image:", "  replicas: 2\n  image:")).stderr == (
        'The CronTab "my-new-cron-object" is invalid: spec.replicas: Unsupported value: 2: supported values: "1", "3"\n')
