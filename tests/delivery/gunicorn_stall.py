"""gunicorn configuration of the fault test: the first publish any worker
makes stalls, so the test can SIGKILL the very worker handling it.

GOVCLUSTER_STALL_AT says where: "transaction" (inside the publish transaction,
after the render requests are written) or "commit" (after the transaction
commits and the render task is queued, before the response is sent). The
stalling worker writes its pid to GOVCLUSTER_STALL_FILE; once that file exists
no publish stalls again, so the editor's retry goes through."""

import os
import time

STALL_AT = os.environ["GOVCLUSTER_STALL_AT"]
STALL_FILE = os.environ["GOVCLUSTER_STALL_FILE"]


def stall():
    try:
        descriptor = os.open(STALL_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return
    os.write(descriptor, str(os.getpid()).encode())
    os.close(descriptor)
    time.sleep(120)


def post_worker_init(worker):
    from django.db import transaction
    from wagtail.signals import page_published

    def on_published(**kwargs):
        # Connected after the delivery app's receiver, so the render requests
        # are already written and its after-commit queueing registered first.
        if STALL_AT == "commit":
            transaction.on_commit(stall)
        else:
            stall()

    page_published.connect(on_published, weak=False, dispatch_uid="fault_stall")
