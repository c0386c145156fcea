"""The one exception every failed call raises: the gRPC status code and the server's message."""
import functools

import grpc


class LatentspaceError(Exception):
    """A call latentd refused or could not answer.

    code: the grpc.StatusCode (NOT_FOUND, INVALID_ARGUMENT, ...); message: the server's own words
    (which name the field, event or file at fault); method: the RPC, e.g.
    "ProximityService.QueryNearest".
    """

    def __init__(self, code, message, method):
        super().__init__(f"{method}: {code.name}: {message}")
        self.code = code
        self.message = message
        self.method = method


def raises_latentspace_error(method):
    """Decorates a function making one RPC so that grpc.RpcError becomes LatentspaceError."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except grpc.RpcError as error:
                raise LatentspaceError(error.code(), error.details(), method) from None

        return wrapper

    return decorate
