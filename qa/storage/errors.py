"""What can go wrong with the database itself: never the input's fault, so a run stops."""


class StorageError(Exception):
    """The database cannot be used; the message names the file and the reason."""


class DatabaseBusy(StorageError):
    """Another process is writing this database; the message names it."""


class RubricConflict(StorageError):
    """The same rubric name@version with other content: the edit must bump the version."""
