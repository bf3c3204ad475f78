"""Which Ingresses an ingress-nginx controller takes (store.GetIngressClass): spec.ingressClassName naming an
IngressClass of its controller, else the deprecated kubernetes.io/ingress.class annotation equal to its
--ingress-class; Ingresses with neither are ignored (--watch-ingress-without-class is false). The apiserver's
DefaultIngressClass admission fills ingressClassName when a class is annotated as the default."""

CONTROLLER = "k8s.io/ingress-nginx"
ANNOTATION = "kubernetes.io/ingress.class"


def takes(ingress, classes, annotation_value="nginx"):
    """True when the controller serves `ingress`; `classes` are the names of IngressClasses whose
    spec.controller is the controller's --controller-class."""
    name = ingress["spec"].get("ingressClassName")
    if name is not None:
        return name in classes
    annotation = (ingress["metadata"].get("annotations") or {}).get(ANNOTATION)
    return annotation is not None and annotation == annotation_value
