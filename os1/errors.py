"""Errors a user can hit: each carries one sentence saying what went wrong and what to do."""


class OS1Error(Exception):
    """A problem the user can fix; the CLI prints its message on one line, without a traceback."""


class ConfigError(OS1Error):
    """The config file or an environment variable holds something OS1 cannot use."""


class ModelError(OS1Error):
    """The model could not be loaded or stopped answering."""


class ModelUnavailable(ModelError):
    """The model is not installed or its server cannot be reached; nothing was generated."""
