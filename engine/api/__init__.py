"""kube-apiserver: resource registry, decoding, defaulting, admission, validation, storage and watch."""
from .errors import ApiError, FieldError
from .registry import Registry, Resource
from .server import APIServer

__all__ = ["APIServer", "ApiError", "FieldError", "Registry", "Resource"]
