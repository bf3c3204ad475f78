"""The base-OS images that just run their command: busybox, alpine, ubuntu, debian, registry.k8s.io/busybox
and curlimages/curl (CMD sh / bash; with empty stdin the shell exits at once, as in a real pod)."""
from .base import BUILD_TIME, Image

BUSYBOX_PATH = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
BUSYBOX_TAGS = {"latest": "1.37.0", "1.37": "1.37.0", "1.37.0": "1.37.0", "1.36": "1.36.1", "1.36.1": "1.36.1",
                "1.35": "1.35.0", "1.35.0": "1.35.0", "1.34": "1.34.1", "1.34.1": "1.34.1", "1.33": "1.33.1",
                "1.32": "1.32.1", "1.31": "1.31.1", "1.30": "1.30.1", "1.29": "1.29.3", "1.28": "1.28.4",
                "1.28.4": "1.28.4", "1.27": "1.27.2", "1.27.2": "1.27.2", "stable": "1.36.1", "musl": "1.37.0",
                "glibc": "1.37.0", "uclibc": "1.37.0", "1.36-musl": "1.36.1", "1.36-glibc": "1.36.1"}
ALPINE_TAGS = {"latest": "3.21.0", "3": "3.21.0", "3.21": "3.21.0", "3.21.0": "3.21.0", "3.20": "3.20.3",
               "3.19": "3.19.4", "3.18": "3.18.9", "3.17": "3.17.10", "3.16": "3.16.9", "3.15": "3.15.11",
               "edge": "20241122"}
UBUNTU_TAGS = {"latest": "24.04", "24.04": "24.04", "noble": "24.04", "22.04": "22.04", "jammy": "22.04",
               "20.04": "20.04", "focal": "20.04", "18.04": "18.04", "bionic": "18.04", "rolling": "24.10",
               "24.10": "24.10", "oracular": "24.10"}
DEBIAN_TAGS = {"latest": "12.8", "12": "12.8", "12.8": "12.8", "bookworm": "12.8", "bookworm-slim": "12.8",
               "stable": "12.8", "stable-slim": "12.8", "11": "11.11", "bullseye": "11.11", "bullseye-slim": "11.11"}


def alpine_layer(tree, version, tag):
    tree.add("/etc/alpine-release", version + "\n", mtime=BUILD_TIME)


def ubuntu_layer(tree, version, tag):
    names = {"24.04": "noble", "22.04": "jammy", "20.04": "focal", "18.04": "bionic", "24.10": "oracular"}
    tree.add("/etc/os-release", f'PRETTY_NAME="Ubuntu {version} LTS"\nNAME="Ubuntu"\nVERSION_ID="{version}"\n'
             f'VERSION_CODENAME={names.get(version, "noble")}\nID=ubuntu\nID_LIKE=debian\n', mtime=BUILD_TIME)
    tree.add("/etc/lsb-release", f"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE={version}\n", mtime=BUILD_TIME)


def curl_layer(tree, version, tag):
    tree.add("/usr/bin/curl", "", 0o755, BUILD_TIME, program="curl")
    tree.add("/entrypoint.sh", "#!/bin/sh\n", 0o755, BUILD_TIME, program="curl-entrypoint")


def images():
    return [
        Image("docker.io/library/busybox", BUSYBOX_TAGS, "busybox", cmd=["sh"], env=BUSYBOX_PATH, size=2_150_000,
              extra=lambda version: {"busybox": version}),
        Image("registry.k8s.io/busybox", {"latest": "1.24.0", "1.24": "1.24.0", "1.27.2": "1.27.2"}, "busybox",
              cmd=["sh"], env=BUSYBOX_PATH, size=1_140_000, extra=lambda version: {"busybox": version}),
        Image("docker.io/library/alpine", ALPINE_TAGS, "alpine", cmd=["/bin/sh"], env=BUSYBOX_PATH,
              layer=alpine_layer, size=3_600_000, extra={"busybox": "1.37.0"}),
        Image("docker.io/library/ubuntu", UBUNTU_TAGS, "debian", cmd=["/bin/bash"], env=BUSYBOX_PATH,
              layer=ubuntu_layer, size=29_700_000),
        Image("docker.io/library/debian", DEBIAN_TAGS, "debian", cmd=["bash"], env=BUSYBOX_PATH, size=48_500_000),
        Image("docker.io/curlimages/curl", {"latest": "8.11.0", "8.11.0": "8.11.0", "8.10.1": "8.10.1",
                                            "8.5.0": "8.5.0", "7.85.0": "7.85.0"}, "alpine",
              entrypoint=["/entrypoint.sh"], cmd=["curl"], env=BUSYBOX_PATH, layer=curl_layer, size=11_400_000),
    ]
