"""The TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job
(Complete or Failed) ttlSecondsAfterFinished after it finished, with Foreground propagation."""
from ..api.errors import ApiError
from .base import Controller, split_key
from .job import finished_condition


class TTLAfterFinishedController(Controller):
    name = "ttlafterfinished"

    def setup(self):
        self.watch("jobs", self._job_event)

    def _job_event(self, kind, job):
        if kind != "DELETED" and self._needs_cleanup(job):
            self.enqueue(f"{job['metadata']['namespace']}/{job['metadata']['name']}")

    @staticmethod
    def _needs_cleanup(job):
        return job["spec"].get("ttlSecondsAfterFinished") is not None and finished_condition(job) is not None \
            and not job["metadata"].get("deletionTimestamp")

    def sync(self, key):
        namespace, name = split_key(key)
        job = self.get("jobs", name, namespace)
        if job is None or not self._needs_cleanup(job):
            return None
        finished = self.clock.parse(finished_condition(job)["lastTransitionTime"])
        left = finished + job["spec"]["ttlSecondsAfterFinished"] - self.clock.now
        if left > 0:
            return left
        meta = job["metadata"]
        try:
            self.server.delete("jobs", name, namespace, propagation_policy="Foreground",
                               preconditions={"uid": meta["uid"], "resourceVersion": meta["resourceVersion"]})
        except ApiError as e:
            if e.code not in (404, 409):
                raise
        return None
