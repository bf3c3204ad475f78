"""`kubectl create service clusterip|nodeport|loadbalancer|externalname`: a Service with
`app: NAME` as label and selector and one TCP port per --tcp pair, with kubectl's port checks."""
import re

from ...api.validation.names import is_dns1123_subdomain, is_valid_port_name, is_valid_port_num
from ..errors import CmdError
from ..flags import Flag
from . import Command
from .create import common_flags, create_generated, exactly_one_name
from .create_common import complete, metadata, print_help, required_flags_error


def parse_port(text):
    """utilsnet.ParsePort(text, allowZero=true): strconv.ParseUint(text, 10, 16)."""
    if not re.fullmatch(r"[0-9]+", text):
        raise CmdError(f'strconv.ParseUint: parsing "{text}": invalid syntax')
    if int(text) > 65535:
        raise CmdError(f'strconv.ParseUint: parsing "{text}": value out of range')
    return int(text)


def parse_ports(pair):
    """parsePorts: `port[:targetPort]`, the target a port number or a port name."""
    parts = pair.split(":")
    port = parse_port(parts[0])
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if re.fullmatch(r"[+-]?[0-9]+", target) and -(1 << 63) <= int(target) < (1 << 63):  # strconv.Atoi
        errs = is_valid_port_num(int(target))
        target = int(target)
    else:
        errs = is_valid_port_name(target)
    if errs:
        raise CmdError(",".join(errs))
    return port, target


def service_generator(service_type):
    def run(ctx):
        opts = ctx.opts
        if service_type == "ExternalName" and not opts.changed("external-name"):
            return required_flags_error(ctx, ["external-name"])
        name = exactly_one_name(ctx)
        complete(ctx)
        cluster_ip = opts["clusterip"] if service_type == "ClusterIP" else ""
        external_name = opts["external-name"] if service_type == "ExternalName" else ""
        if cluster_ip == "None" and service_type != "ClusterIP":
            raise CmdError("ClusterIP=None can only be used with ClusterIP service type")
        if cluster_ip != "None" and not opts["tcp"] and service_type != "ExternalName":
            raise CmdError("at least one tcp port specifier must be provided")
        if service_type == "ExternalName" and is_dns1123_subdomain(external_name):
            raise CmdError(f"invalid service external name {external_name}")
        ports = []
        for pair in opts["tcp"]:
            port, target = parse_ports(pair)
            entry = {"name": pair.replace(":", "-"), "protocol": "TCP", "port": port, "targetPort": target}
            if service_type == "NodePort" and opts["node-port"]:
                entry["nodePort"] = opts["node-port"]
            if not entry["name"]:
                del entry["name"]
            ports.append(entry)
        meta = metadata(ctx, name, labels={"app": name})
        spec = {}
        if ports:
            spec["ports"] = ports
        spec["selector"] = {"app": name}
        if cluster_ip:
            spec["clusterIP"] = cluster_ip
        spec["type"] = service_type
        if external_name:
            spec["externalName"] = external_name
        opts["save-config"] = False  # the service generators never read --save-config
        obj = {"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}}
        return create_generated(ctx, "services", obj, failure=f"failed to create {service_type} service")
    return run


TCP = Flag("tcp", kind="slice")
CLUSTERIP = Command("clusterip", service_generator("ClusterIP"), common_flags() + [TCP, Flag("clusterip")])
NODEPORT = Command("nodeport", service_generator("NodePort"), common_flags() + [TCP, Flag("node-port", kind="int")])
LOADBALANCER = Command("loadbalancer", service_generator("LoadBalancer"), common_flags() + [TCP])
EXTERNALNAME = Command("externalname", service_generator("ExternalName"), common_flags() + [TCP, Flag("external-name")])


SERVICE = Command("service", print_help, [], subcommands={
    "clusterip": CLUSTERIP, "nodeport": NODEPORT, "loadbalancer": LOADBALANCER, "externalname": EXTERNALNAME})
