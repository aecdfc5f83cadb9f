"""Letters for the people in the user's life: the commission, the sender's voice, drafting
with the model, the checker, revisions and versions. Chat calls ``commission_from_request``
and ``draft``; the CLI and the web app go through ``desk``."""

from os1.letters.commission import Commission, commission_from_request
from os1.letters.draft import Draft, draft

__all__ = ["Commission", "Draft", "commission_from_request", "draft"]
