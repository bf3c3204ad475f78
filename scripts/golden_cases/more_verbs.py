"""Golden cases for debug, attach, cp, certificate, cluster-info dump, completion, options, plugin, alpha
and the config verbs that edit a kubeconfig (client-side outputs and errors of the real kubectl v1.32).

`python scripts/golden_cases/more_verbs.py` also records the texts the simulated kubectl serves as data:
engine/kubectl/data/completion/<shell>.txt (`kubectl completion SHELL`) and data/options.txt."""
import os
import subprocess

CSR = "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: x\n"

CASES = [
    # debug: Validate's errors and messages come before any request
    ("more-verbs-debug-no-image", "debug web", {}, None),
    ("more-verbs-debug-no-name", "debug --image=busybox", {}, None),
    ("more-verbs-debug-replace", "debug web --image=busybox --replace", {}, None),
    ("more-verbs-debug-same-node", "debug web --image=busybox --same-node", {}, None),
    ("more-verbs-debug-set-image", "debug web --image=busybox --set-image=a=b", {}, None),
    ("more-verbs-debug-copy-nothing", "debug web --copy-to=x", {}, None),
    ("more-verbs-debug-copy-args", "debug web --copy-to=x -- sh", {}, None),
    ("more-verbs-debug-bad-image", "debug web --image=Bad:image", {}, None),
    ("more-verbs-debug-bad-set-image", "debug web --copy-to=x --set-image=a=Bad:image", {}, None),
    ("more-verbs-debug-pull-policy", "debug web --image=busybox --image-pull-policy=Sometimes", {}, None),
    ("more-verbs-debug-tty", "debug web --image=busybox -t", {}, None),
    ("more-verbs-debug-target-copy", "debug web --image=busybox --copy-to=x --target=web", {}, None),
    ("more-verbs-debug-attach", "debug web --attach", {}, None),
    ("more-verbs-debug-env", "debug web --image=busybox --env=X", {}, None),
    ("more-verbs-debug-profile", "debug web --image=busybox --profile=nope", {}, None),
    ("more-verbs-debug-flag", "debug web --image=busybox --nope", {}, None),
    ("more-verbs-debug-custom-missing", "debug web --image=busybox --custom=nope.json", {}, None),
    ("more-verbs-debug-custom-image", "debug web --image=busybox --custom=c.json", {"c.json": '{"image": "x"}'}, None),
    ("more-verbs-debug-custom-name", "debug web --image=busybox --custom=c.yaml", {"c.yaml": "name: x\n"}, None),
    ("more-verbs-debug-custom-array", "debug web --image=busybox --custom=c.json", {"c.json": "[1]"}, None),
    ("more-verbs-debug-custom-bad-profile", "debug web --image=busybox --profile=x --custom=nope.json", {}, None),
    # attach
    ("more-verbs-attach-no-args", "attach", {}, None),
    ("more-verbs-attach-too-many", "attach a b c", {}, None),
    ("more-verbs-attach-timeout", "attach web --pod-running-timeout=0", {}, None),
    # cp
    ("more-verbs-cp-one-arg", "cp a", {}, None),
    ("more-verbs-cp-three-args", "cp a b c", {}, None),
    ("more-verbs-cp-colon-first", "cp :a b", {}, None),
    ("more-verbs-cp-bad-spec", "cp a/b/c:x y", {}, None),
    ("more-verbs-cp-both-local", "cp a b", {}, None),
    ("more-verbs-cp-both-remote", "cp a:x b:y", {}, None),
    ("more-verbs-cp-empty-path", "cp web: x", {}, None),
    ("more-verbs-cp-missing-local", "cp nope web:/tmp", {}, None),
    # certificate
    ("more-verbs-certificate", "certificate", {}, None),
    ("more-verbs-certificate-approve-nothing", "certificate approve", {}, None),
    ("more-verbs-certificate-deny-nothing", "certificate deny", {}, None),
    # completion, options, plugin, alpha
    ("more-verbs-completion-bash", "completion bash", {}, None),
    ("more-verbs-completion-zsh", "completion zsh", {}, None),
    ("more-verbs-completion-fish", "completion fish", {}, None),
    ("more-verbs-completion-powershell", "completion powershell", {}, None),
    ("more-verbs-completion-none", "completion", {}, None),
    ("more-verbs-completion-unknown", "completion tcsh", {}, None),
    ("more-verbs-completion-two", "completion bash zsh", {}, None),
    ("more-verbs-options", "options", {}, None),
    ("more-verbs-plugin", "plugin", {}, None),
    ("more-verbs-plugin-unknown", "plugin foo", {}, None),
    ("more-verbs-plugin-list", "plugin list", {}, None),
    ("more-verbs-plugin-list-name-only", "plugin list --name-only", {}, None),
    ("more-verbs-alpha", "alpha", {}, None),
    ("more-verbs-alpha-args", "alpha foo", {}, None),
    ("more-verbs-options-help", "options --help", {}, None),
    # config setters: messages and errors that do not depend on what the kubeconfig holds
    ("more-verbs-config-set", "config set clusters.dev.server https://1.2.3.4", {}, None),
    ("more-verbs-config-set-bool", "config set clusters.dev.insecure-skip-tls-verify maybe", {}, None),
    ("more-verbs-config-set-base64", "config set clusters.dev.certificate-authority-data notbase64", {}, None),
    ("more-verbs-config-set-raw", "config set --set-raw-bytes clusters.dev.certificate-authority-data hello", {}, None),
    ("more-verbs-config-set-unknown", "config set bogus x", {}, None),
    ("more-verbs-config-set-slice", "config set users.bob.act-as-groups a", {}, None),
    ("more-verbs-config-set-empty-value", ["config", "set", "current-context", ""], {}, None),
    ("more-verbs-config-set-empty-name", ["config", "set", "", "x"], {}, None),
    ("more-verbs-config-set-one-arg", "config set a", {}, None),
    ("more-verbs-config-unset-two-args", "config unset a b", {}, None),
    ("more-verbs-config-unset-unknown", "config unset bogus", {}, None),
    ("more-verbs-config-set-cluster", "config set-cluster dev --server=https://5.6.7.8", {}, None),
    ("more-verbs-config-set-cluster-no-name", "config set-cluster", {}, None),
    ("more-verbs-config-set-cluster-embed", "config set-cluster dev --embed-certs", {}, None),
    ("more-verbs-config-set-cluster-insecure-ca",
     "config set-cluster dev --insecure-skip-tls-verify --certificate-authority=ca.crt", {"ca.crt": "CA\n"}, None),
    ("more-verbs-config-set-cluster-missing-ca",
     "config set-cluster dev --certificate-authority=nope.crt --embed-certs", {}, None),
    ("more-verbs-config-set-credentials", "config set-credentials bob --token=abc", {}, None),
    ("more-verbs-config-set-credentials-no-name", "config set-credentials", {}, None),
    ("more-verbs-config-set-credentials-two-methods", "config set-credentials bob --token=t --username=u", {}, None),
    ("more-verbs-config-set-credentials-embed", "config set-credentials bob --embed-certs", {}, None),
    ("more-verbs-config-set-credentials-missing-cert",
     "config set-credentials bob --client-certificate=nope.crt --embed-certs", {}, None),
    ("more-verbs-config-set-credentials-embedded",
     "config set-credentials bob --client-certificate=me.crt --client-key=me.key --embed-certs",
     {"me.crt": "CERT\n", "me.key": "KEY\n"}, None),
    ("more-verbs-config-delete-user-no-name", "config delete-user", {}, None),
    ("more-verbs-config-delete-cluster-no-name", "config delete-cluster", {}, None),
]

HELP = ["debug", "attach", "cp", "certificate", "certificate approve", "certificate deny", "cluster-info dump",
        "completion", "plugin", "plugin list", "config set", "config unset", "config set-cluster",
        "config set-credentials", "config delete-cluster", "config delete-user", "config rename-context"]

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "engine", "kubectl", "data")


def record_data():
    """The texts `kubectl completion SHELL` and `kubectl options` print, from the real kubectl."""
    os.makedirs(os.path.join(DATA, "completion"), exist_ok=True)
    for shell in ("bash", "zsh", "fish", "powershell"):
        text = subprocess.run(["kubectl", "completion", shell], capture_output=True, text=True, check=True).stdout
        with open(os.path.join(DATA, "completion", shell + ".txt"), "w") as f:
            f.write(text)
    text = subprocess.run(["kubectl", "options"], capture_output=True, text=True, check=True).stdout
    with open(os.path.join(DATA, "options.txt"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    record_data()
