"""ImageLocality: favour nodes that already have the pod's images, weighted by image size and by
how many nodes share them (so one node isn't crowded just for holding an image)."""
from ..cache import normalized_image
from ..framework import MAX_NODE_SCORE

NAME = "ImageLocality"
MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB


class ImageLocality:
    name = NAME
    events = {"NodeAdd", "UpdateNodeImages"}

    def __init__(self, handle):
        self.handle = handle

    def pre_score(self, state, facts, nodes):
        spec = facts.pod["spec"]
        containers = list(spec.get("initContainers") or []) + list(spec.get("containers") or [])
        state[NAME] = ([normalized_image(c.get("image", "")) for c in containers],
                       len(self.handle.cache.node_list()))
        return False

    def score(self, state, facts, node):
        images, total_nodes = state[NAME]
        if not node.images:
            return 0
        summed = 0
        for image in images:
            size = node.images.get(image)
            if size is not None:
                summed += int(size * (self.handle.cache.image_nodes.get(image, 0) / total_nodes))
        highest = MAX_CONTAINER_THRESHOLD * len(images)
        summed = min(max(summed, MIN_THRESHOLD), highest)
        return MAX_NODE_SCORE * (summed - MIN_THRESHOLD) // (highest - MIN_THRESHOLD)

    def score_all(self, state, facts, nodes):
        if not self.handle.cache.image_nodes:  # no node reports images: every score is 0
            return dict.fromkeys((node.name for node in nodes), 0)
        return {node.name: self.score(state, facts, node) for node in nodes}
