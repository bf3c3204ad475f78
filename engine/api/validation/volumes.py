"""Pod volumes and volume mounts (ValidateVolumes, validateVolumeSource, ValidateVolumeMounts).

Fields that defaulting fills (defaultMode, hostPath type) are taken as defaulted when absent."""
from ..errors import FieldError
from . import names

# The Go struct order of VolumeSource, with the path segment each "more than 1 volume type" error uses
# (including the upstream spellings "downwarAPI" and "cephFS").
SOURCES = [("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"),
           ("gcePersistentDisk", "gcePersistentDisk"), ("awsElasticBlockStore", "awsElasticBlockStore"),
           ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"), ("glusterfs", "glusterfs"),
           ("flocker", "flocker"), ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"),
           ("cinder", "cinder"), ("cephfs", "cephFS"), ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"),
           ("fc", "fc"), ("flexVolume", "flexVolume"), ("configMap", "configMap"), ("azureFile", "azureFile"),
           ("vsphereVolume", "vsphereVolume"), ("photonPersistentDisk", "photonPersistentDisk"),
           ("portworxVolume", "portworxVolume"), ("azureDisk", "azureDisk"), ("storageos", "storageos"),
           ("projected", "projected"), ("scaleIO", "scaleIO"), ("csi", "csi"), ("ephemeral", "ephemeral"),
           ("image", "image")]
HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]
FILE_MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive"


def _file_mode(mode, path):
    if mode is not None and not 0 <= mode <= 0o777:
        return [FieldError.invalid(path, mode, FILE_MODE_MSG)]
    return []


def _items(items, path):
    errs = []
    for i, item in enumerate(items or []):
        p = f"{path}[{i}]"
        if not item.get("key"):
            errs.append(FieldError.required(f"{p}.key"))
        errs += _local_path(item.get("path", ""), f"{p}.path")
        errs += _file_mode(item.get("mode"), f"{p}.mode")
    return errs


def _local_path(value, path):
    if not value:
        return [FieldError.required(path)]
    errs = []
    if value.startswith("/"):
        errs.append(FieldError.invalid(path, value, "must be a relative path"))
    if ".." in value.split("/"):
        errs.append(FieldError.invalid(path, value, "must not contain '..'"))
    elif value.startswith(".."):
        errs.append(FieldError.invalid(path, value, "must not start with '..'"))
    return errs


def _source(kind, src, path):
    src = src if isinstance(src, dict) else {}
    errs = []
    if kind == "hostPath":
        if not src.get("path"):
            return [FieldError.required(f"{path}.path")]
        if ".." in src["path"].split("/"):
            errs.append(FieldError.invalid(f"{path}.path", src["path"], "must not contain '..'"))
        if src.get("type", "") not in HOST_PATH_TYPES:
            errs.append(FieldError.not_supported(f"{path}.type", src["type"], HOST_PATH_TYPES))
    elif kind == "secret":
        if not src.get("secretName"):
            errs.append(FieldError.required(f"{path}.secretName"))
        errs += _file_mode(src.get("defaultMode"), f"{path}.defaultMode") + _items(src.get("items"), f"{path}.items")
    elif kind == "configMap":
        if not src.get("name"):
            errs.append(FieldError.required(f"{path}.name"))
        errs += _file_mode(src.get("defaultMode"), f"{path}.defaultMode") + _items(src.get("items"), f"{path}.items")
    elif kind == "persistentVolumeClaim":
        if not src.get("claimName"):
            errs.append(FieldError.required(f"{path}.claimName"))
    elif kind == "nfs":
        if not src.get("server"):
            errs.append(FieldError.required(f"{path}.server"))
        if not src.get("path"):
            errs.append(FieldError.required(f"{path}.path"))
        elif not src["path"].startswith("/"):
            errs.append(FieldError.invalid(f"{path}.path", src["path"], "must be an absolute path"))
    elif kind == "csi":
        if not src.get("driver"):
            errs.append(FieldError.required(f"{path}.driver"))
    elif kind == "emptyDir":
        size = src.get("sizeLimit")
        if isinstance(size, str) and size.startswith("-"):
            errs.append(FieldError.forbidden(f"{path}.sizeLimit", "SizeLimit field must be a valid resource quantity"))
    return errs


def validate_volume_source(volume, path):
    errs, count = [], 0
    for key, segment in SOURCES:
        if volume.get(key) is None:
            continue
        if count:
            errs.append(FieldError.forbidden(f"{path}.{segment}", "may not specify more than 1 volume type"))
            continue
        count += 1
        errs += _source(key, volume[key], f"{path}.{key}")
    if not count:
        errs.append(FieldError.required(path, "must specify a volume type"))
    return errs


def validate_volumes(volumes, path):
    """Returns ({name: volume}, errors) — only volumes without errors are usable by mounts."""
    errs, usable = [], {}
    for i, vol in enumerate(volumes or []):
        p = f"{path}[{i}]"
        own = validate_volume_source(vol, p)
        name = vol.get("name") or ""
        if not name:
            own.append(FieldError.required(f"{p}.name"))
        else:
            own += [FieldError.invalid(f"{p}.name", name, m) for m in names.is_dns1123_label(name)]
        if name in usable:
            own.append(FieldError.duplicate(f"{p}.name", name))
        if own:
            errs += own
        else:
            usable[name] = vol
    return usable, errs


def validate_mounts(mounts, volumes, devices, path):
    errs, seen = [], set()
    device_paths = {d.get("devicePath") for d in devices or []}
    device_names = {d.get("name") for d in devices or []}
    for i, mnt in enumerate(mounts or []):
        p = f"{path}[{i}]"
        name, mount_path = mnt.get("name") or "", mnt.get("mountPath") or ""
        if not name:
            errs.append(FieldError.required(f"{p}.name"))
        if name not in volumes:
            errs.append(FieldError.not_found(f"{p}.name", name))
        if not mount_path:
            errs.append(FieldError.required(f"{p}.mountPath"))
        if mount_path in seen:
            errs.append(FieldError.invalid(f"{p}.mountPath", mount_path, "must be unique"))
        seen.add(mount_path)
        if name in device_names:
            errs.append(FieldError.invalid(f"{p}.name", name, "must not already exist in volumeDevices"))
        if mount_path in device_paths:
            errs.append(FieldError.invalid(f"{p}.mountPath", mount_path,
                                           "must not already exist as a path in volumeDevices"))
        if mnt.get("subPath"):
            errs += _local_path(mnt["subPath"], f"{path}.subPath")
        if mnt.get("subPathExpr"):
            if mnt.get("subPath"):
                errs.append(FieldError.invalid(f"{p}.subPathExpr", mnt["subPathExpr"],
                                               "subPathExpr and subPath are mutually exclusive"))
            errs += _local_path(mnt["subPathExpr"], f"{path}.subPathExpr")
    return errs

